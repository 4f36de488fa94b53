/// A validated request to take an action on a case. Whether the action is allowed is the engine's
/// decision (``CaseEngine``), against the case as the store holds it when the action is committed.
public struct ActCommand: Sendable {
  /// The case acted on.
  public var caseID: String
  /// The acting agency (from the certificate).
  public var actor: AgencyID
  /// The acting operator, if any.
  public var operatorName: String?
  /// The action.
  public var action: CaseAction
  /// Which typed body the request carries, if any.
  public var body: WorkflowBody?
  /// The registration time a registration states (ms since the epoch), if any: deadlines that run from
  /// the registration start then rather than when it was recorded (never before the case's receipt
  /// deadlines, never in the future).
  public var registeredAt: Int64?
  /// For `forward`: the agency the case is forwarded to (already checked against the directory).
  public var forwardTo: AgencyID?
  /// Idempotency key; empty for none.
  public var idempotencyKey: String
  /// SHA-256 of the canonical request.
  public var requestHash: [UInt8]
  /// SHA-256 digests (hex) of the attachments referenced.
  public var attachments: [String]
  /// Encoded typed content.
  public var content: [UInt8]
  /// SHA-256 of `content`, when the caller computed it (off the store's writer); the store computes
  /// it otherwise.
  public var contentDigest: [UInt8]?
  /// Detached signature, empty when none.
  public var signature: [UInt8]
  /// When the agency took the action at its own broker, for an action forwarded from another
  /// region (ms since the epoch): the event keeps this time. `nil` for the commit time.
  public var takenAt: Int64?
  /// For an action on a case homed at a peer broker: the wire encoding of the forwarded request,
  /// which travels to the home (made by the server, which knows the wire).
  public var forwardedPayload: [UInt8]?

  public init(
    caseID: String, actor: AgencyID, operatorName: String?, action: CaseAction, body: WorkflowBody?,
    forwardTo: AgencyID?,
    idempotencyKey: String, requestHash: [UInt8], attachments: [String], content: [UInt8], signature: [UInt8],
    registeredAt: Int64? = nil
  ) {
    self.caseID = caseID
    self.actor = actor
    self.operatorName = operatorName
    self.action = action
    self.body = body
    self.forwardTo = forwardTo
    self.idempotencyKey = idempotencyKey
    self.requestHash = requestHash
    self.attachments = attachments
    self.content = content
    self.signature = signature
    self.registeredAt = registeredAt
  }
}
