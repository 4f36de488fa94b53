/// The home broker's refusal of an action another region's broker forwarded to it; travels back to
/// the actor's broker, which delivers it to the actor as a notice.
public struct ForwardedRefusal: Codable, Hashable, Sendable {
  /// The case acted on.
  public var caseID: String
  /// The acting agency.
  public var actor: AgencyID
  /// The action's name.
  public var action: CaseAction
  /// The request's idempotency key.
  public var idempotencyKey: String
  /// When the agency took the action (ms since the epoch).
  public var takenAt: Int64
  /// The error code (`LIAISON_…`).
  public var code: String
  /// What was wrong.
  public var message: String

  public init(
    caseID: String, actor: AgencyID, action: CaseAction, idempotencyKey: String, takenAt: Int64, code: String,
    message: String
  ) {
    self.caseID = caseID
    self.actor = actor
    self.action = action
    self.idempotencyKey = idempotencyKey
    self.takenAt = takenAt
    self.code = code
    self.message = message
  }
}
