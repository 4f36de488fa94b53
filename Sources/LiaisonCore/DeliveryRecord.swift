/// One event addressed to one agency, as the store keeps it.
public struct DeliveryRecord: Hashable, Sendable {
  /// The delivery id the agency acknowledges.
  public var id: Int64
  /// The event's global commit order.
  public var eventSeq: Int64
  /// The event id.
  public var eventID: String
  /// The event's sequence in its case.
  public var sequence: Int64
  /// The case.
  public var caseID: String
  /// The receiving agency.
  public var agency: AgencyID
  /// Why the agency receives it.
  public var role: PartyRole
  /// When it was acknowledged (ms since the epoch), `nil` while pending.
  public var acknowledgedAt: Int64?
  /// Times sent, as last recorded (at redelivery and acknowledgement).
  public var attempts: Int
  /// The last delivery problem, empty when none.
  public var lastError: String

  public init(
    id: Int64, eventSeq: Int64, eventID: String, sequence: Int64, caseID: String, agency: AgencyID,
    role: PartyRole, acknowledgedAt: Int64?, attempts: Int, lastError: String
  ) {
    self.id = id
    self.eventSeq = eventSeq
    self.eventID = eventID
    self.sequence = sequence
    self.caseID = caseID
    self.agency = agency
    self.role = role
    self.acknowledgedAt = acknowledgedAt
    self.attempts = attempts
    self.lastError = lastError
  }
}
