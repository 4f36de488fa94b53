/// A subscriber's acknowledgement of one delivery, with what the delivery was (the engine decides
/// from it whether it counts as the case's delivery to a receiver, ``CaseEngine/countsAsDelivery(_:)``).
public struct Acknowledgement: Hashable, Sendable {
  /// The delivery.
  public var id: Int64
  /// How many times it was sent.
  public var attempts: Int
  /// When it was acknowledged (ms since the epoch).
  public var at: Int64
  /// The acknowledging agency (recorded in the audit chain).
  public var agency: AgencyID
  /// The case of the delivered event.
  public var caseID: String
  /// Why the agency received it.
  public var role: PartyRole
  /// The delivered event's action.
  public var action: CaseAction

  public init(
    id: Int64, attempts: Int, at: Int64, agency: AgencyID, caseID: String, role: PartyRole, action: CaseAction
  ) {
    self.id = id
    self.attempts = attempts
    self.at = at
    self.agency = agency
    self.caseID = caseID
    self.role = role
    self.action = action
  }
}
