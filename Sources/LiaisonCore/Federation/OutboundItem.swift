/// One item of this broker's durable outbound queue for a peer region.
public struct OutboundItem: Sendable {
  /// What the item carries.
  public enum Kind: Sendable {
    /// An event of a case homed here, with the case as it is now, the peer region's recipients and
    /// the digests of the attachments it references.
    case event(EventRecord, CaseRecord, recipients: [Party], deadlineStart: Int64?, attachments: [String])
    /// An action of this region's agency on a case homed at the peer (the wire encoding of the
    /// forwarded request, made by the server).
    case action([UInt8])
    /// A refusal of an action the peer forwarded.
    case refusal(ForwardedRefusal)
    /// A delivery acknowledged here of a case homed at the peer.
    case delivered(DeliveryNotice)
  }

  /// Queue position (increasing).
  public var id: Int64
  /// When it was queued (ms since the epoch).
  public var queuedAt: Int64
  /// What it carries.
  public var kind: Kind

  public init(id: Int64, queuedAt: Int64, kind: Kind) {
    self.id = id
    self.queuedAt = queuedAt
    self.kind = kind
  }
}
