/// The outcome of an action forwarded to a case's home broker, once it is known here.
public struct ForwardVerdict: Sendable {
  /// The acting agency.
  public var actor: AgencyID
  /// The request's idempotency key.
  public var idempotencyKey: String
  /// The event the home broker sequenced, or its refusal.
  public var result: Result<CommittedEvent, LiaisonError>

  public init(actor: AgencyID, idempotencyKey: String, result: Result<CommittedEvent, LiaisonError>) {
    self.actor = actor
    self.idempotencyKey = idempotencyKey
    self.result = result
  }
}
