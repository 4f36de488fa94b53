/// One committed, immutable event of a case as the store keeps it. The typed content (channel or
/// action body and attachments) is an opaque encoding owned by the wire layer.
public struct EventRecord: Hashable, Sendable {
  /// Global commit order of the event in this broker (1, 2, 3 …).
  public var seq: Int64
  /// The stable event id, e.g. `tj.e1007`.
  public var id: String
  /// The case.
  public var caseID: String
  /// Position in the case, from 1.
  public var sequence: Int64
  /// `submit` or the action name.
  public var action: CaseAction
  /// The acting agency.
  public var actor: AgencyID
  /// The acting operator, if the certificate named one.
  public var operatorName: String?
  /// Commit time (ms since the epoch).
  public var time: Int64
  /// The case's state after this event.
  public var state: String
  /// The idempotency key of the request, empty when none.
  public var idempotencyKey: String
  /// Encoded typed content (the wire layer's encoding).
  public var content: [UInt8]
  /// Detached signature, empty when none.
  public var signature: [UInt8]

  public init(
    seq: Int64, id: String, caseID: String, sequence: Int64, action: CaseAction, actor: AgencyID,
    operatorName: String?, time: Int64, state: String, idempotencyKey: String, content: [UInt8],
    signature: [UInt8]
  ) {
    self.seq = seq
    self.id = id
    self.caseID = caseID
    self.sequence = sequence
    self.action = action
    self.actor = actor
    self.operatorName = operatorName
    self.time = time
    self.state = state
    self.idempotencyKey = idempotencyKey
    self.content = content
    self.signature = signature
  }
}
