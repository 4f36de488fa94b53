/// One rule of the channel policy (Deploy/authorization/channels.yaml): which kinds of agency may open
/// a case on a channel, towards which kinds, with which copies, and which agencies the broker copies
/// automatically. A submission is allowed when one rule of its channel (and direction) allows it.
public struct ChannelRule: Hashable, Sendable {
  /// Which way a criminal transfer goes; `nil` in a rule matches both.
  public enum Direction: String, Hashable, Sendable, CaseIterable {
    /// Administrative enforcement to the police (行刑衔接).
    case forward
    /// Police, procuratorate or court back to administrative enforcement (反向衔接).
    case reverse
  }

  /// Where the addressees must sit relative to the parties.
  public enum Placement: String, Hashable, Sendable, CaseIterable {
    /// Anywhere.
    case any
    /// At the level common to the sender and every copied party (the coordinator of the right
    /// level): the same-level agency of the district when all parties are in one district, of the
    /// region when they are in one region, any region's when they are in several.
    case coordinatorOfParties = "coordinator_of_parties"
    /// At the sender's own level (a district agency's transfer goes to the district police).
    case senderLevel = "sender_level"
  }

  /// The rule's name, quoted in every refusal it causes, e.g. `criminal_transfer.forward`.
  public var id: String
  /// The channel it governs.
  public var channel: Channel
  /// The criminal-transfer direction it governs; `nil` for any.
  public var direction: Direction?
  /// Kinds that may send; the sender needs one of them.
  public var senders: Set<AgencyKind>
  /// Kinds that may be addressed; every addressee needs one of them.
  public var addressees: Set<AgencyKind>
  /// A role every addressee must hold (e.g. `dispute_coordinator`), if any.
  public var addresseeRole: String?
  /// Where the addressees must sit.
  public var placement: Placement
  /// Kinds that may be copied; `nil` allows any agency of the directory.
  public var copies: Set<AgencyKind>?
  /// Agencies the broker adds as copies, e.g. `receiver.procuratorate` (also when the case is
  /// forwarded: relative to the new receiver).
  public var autoCopy: [EscalationTarget]
  /// Kinds a case opened under this rule may be forwarded to; `nil` allows the addressee kinds.
  public var forwardTo: Set<AgencyKind>?
  /// True when addressees, copies and forward destinations must be of the sender's region.
  public var sameRegion: Bool

  /// The kinds a forward may go to.
  public var forwardKinds: Set<AgencyKind> { forwardTo ?? addressees }

  public init(
    id: String, channel: Channel, direction: Direction? = nil, senders: Set<AgencyKind>, addressees: Set<AgencyKind>,
    addresseeRole: String? = nil, placement: Placement = .any, copies: Set<AgencyKind>? = nil,
    autoCopy: [EscalationTarget] = [], forwardTo: Set<AgencyKind>? = nil, sameRegion: Bool = false
  ) {
    self.forwardTo = forwardTo
    self.sameRegion = sameRegion
    self.id = id
    self.channel = channel
    self.direction = direction
    self.senders = senders
    self.addressees = addressees
    self.addresseeRole = addresseeRole
    self.placement = placement
    self.copies = copies
    self.autoCopy = autoCopy
  }
}
