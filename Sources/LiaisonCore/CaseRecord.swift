/// The current projection of a case: its parties, state and bookkeeping.
public struct CaseRecord: Hashable, Sendable {
  /// The case id, e.g. `tj.c42`.
  public var id: String
  /// The channel.
  public var channel: Channel
  /// The current state name.
  public var state: String
  /// The agency that opened the case.
  public var sender: AgencyID
  /// The operator of the sender who opened it, if known.
  public var operatorName: String?
  /// Addressed agencies, in request order.
  public var addressees: [AgencyID]
  /// Copied agencies, in request order.
  public var copies: [AgencyID]
  /// Case name from the body; empty for sealed bodies.
  public var title: String
  /// True for drills.
  public var drill: Bool
  /// Confidentiality label as its wire number.
  public var confidentiality: Int
  /// When the case was opened (ms since the epoch).
  public var openedAt: Int64
  /// When the last event was committed (ms since the epoch).
  public var updatedAt: Int64
  /// Number of events.
  public var lastSequence: Int64
  /// The workflow the case follows (a ``WorkflowTable`` name, e.g. `referral.assistance`).
  public var workflow: String
  /// Supervisors alerted by escalations, in the order they were first alerted.
  public var supervisors: [AgencyID] = []
  /// The rule of the channel policy the case was opened under (empty for cases recorded before
  /// rules were recorded, and on replicas).
  public var rule: String = ""
  /// The copies the channel policy added (e.g. the procuratorate of a criminal transfer), which hold
  /// the powers the action rules give them.
  public var autoCopies: [AgencyID] = []
  /// The addressees that signed their receipt, in order.
  public var receipted: [AgencyID] = []

  public init(
    id: String, channel: Channel, state: String, sender: AgencyID, operatorName: String?,
    addressees: [AgencyID], copies: [AgencyID], title: String, drill: Bool, confidentiality: Int,
    openedAt: Int64, updatedAt: Int64, lastSequence: Int64, workflow: String
  ) {
    self.id = id
    self.channel = channel
    self.state = state
    self.sender = sender
    self.operatorName = operatorName
    self.addressees = addressees
    self.copies = copies
    self.title = title
    self.drill = drill
    self.confidentiality = confidentiality
    self.openedAt = openedAt
    self.updatedAt = updatedAt
    self.lastSequence = lastSequence
    self.workflow = workflow
  }

  /// The role of an agency in this case, the strongest first (sender, then addressee, then copy).
  public func role(of agency: AgencyID) -> PartyRole? {
    if agency == sender { return .sender }
    if addressees.contains(agency) { return .addressee }
    if copies.contains(agency) { return .copy }
    if supervisors.contains(agency) { return .supervisor }
    return nil
  }

  /// The `confidentiality` of a work secret (工作秘密, `CONFIDENTIALITY_WORK_SECRET`).
  public static let workSecret = 3

  /// True for cases whose every read is an audit link: discipline clues and work secrets.
  public var isRestricted: Bool { channel == .disciplineClue || confidentiality == Self.workSecret }

  /// Whether `agency` may see the content of the case's events (bodies, action bodies, attachments,
  /// title): any party; of a work secret only its handlers, the sender, addressees and copies. A
  /// supervisor an escalation added sees ids, times, states and deadlines.
  public func showsContent(to agency: AgencyID) -> Bool {
    guard let role = role(of: agency) else { return false }
    return confidentiality != Self.workSecret || role != .supervisor
  }

  /// Every party with its role, each agency once, sender first.
  public var parties: [(AgencyID, PartyRole)] {
    var seen: Set<AgencyID> = [sender]
    var result: [(AgencyID, PartyRole)] = [(sender, .sender)]
    for agency in addressees where seen.insert(agency).inserted { result.append((agency, .addressee)) }
    for agency in copies where seen.insert(agency).inserted { result.append((agency, .copy)) }
    for agency in supervisors where seen.insert(agency).inserted { result.append((agency, .supervisor)) }
    return result
  }
}
