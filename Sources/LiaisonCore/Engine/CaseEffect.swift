/// One change a decision makes, for the store to apply in order, in the transaction of the command.
/// Every effect concerns the command's case; `deliver`, `queueEvent` (without `seq`) and
/// `rememberKey` refer to the event appended last.
public enum CaseEffect: Hashable, Sendable {
  /// Opens the case: a case homed here (`home == nil`; its id is empty in the decision, and the
  /// store gives it the next `<region>.c<number>`, for this effect and the events that follow) or
  /// the first replica of a case homed at the peer `home`.
  case openCase(CaseRecord, home: String?)
  /// The case's projection after the decision (state, parties, supervisors, times, last sequence).
  case updateCase(CaseRecord)
  /// Agencies joining the case, or taking a new role in it (the parties' table).
  case addParties([Party])
  /// Appends an event; the store assigns its global order (and its id, unless the draft has one).
  case appendEvent(EventDraft)
  /// Deliveries of the last event to these agencies of this region, in this order.
  case deliver([Party])
  /// Queues an event for a peer region, naming that region's recipients: the last event appended,
  /// or the stored event `seq`.
  case queueEvent(peer: String, recipients: [Party], deadlineStart: Int64?, attachments: [String], seq: Int64? = nil)
  /// Queues every event of the case so far for a peer region that joins it (no recipients: its
  /// parties receive events from their joining on), the first listing every attachment of the case.
  case queueHistory(peer: String)
  /// Queues a message for a peer region: a forwarded action, a refusal, a delivery notice.
  case queue(peer: String, OutboundMessage)
  /// Remembers the idempotency key (with the request's hash) for the last event appended.
  case rememberKey(IdempotencyKey, requestHash: [UInt8])
  /// The case references these attachments.
  case linkAttachments([String])
  /// The case's deadlines after the decision (replacing the stored ones).
  case setDeadlines([CaseDeadline])
  /// Marks a delivery acknowledged (linked in the audit chain with the other acknowledgements of the
  /// same subscriber message).
  case markAcknowledged(Acknowledgement)
}

/// A message for a peer broker other than an event.
public enum OutboundMessage: Hashable, Sendable {
  /// An action of this region's agency on a case homed at the peer: the wire encoding of the
  /// forwarded request (``ActCommand/forwardedPayload``).
  case action([UInt8])
  /// A refusal of an action the peer forwarded.
  case refusal(ForwardedRefusal)
  /// A delivery, acknowledged here, of a case homed at the peer.
  case delivered(DeliveryNotice)
}

/// An event before the store gives it its place in the log.
public struct EventDraft: Hashable, Sendable {
  /// Where the event stands in its case's order.
  public enum Place: Hashable, Sendable {
    /// At this sequence (from 1).
    case sequence(Int64)
    /// Outside the case's order: a notice a broker raises on a replica (sequence 0 on the wire).
    case outsideOrder
  }

  /// The event's id when it has one already (a replicated event keeps its home's); `nil`: the store
  /// assigns `<region>.e<seq>`.
  public var id: String?
  /// The case.
  public var caseID: String
  /// Its place in the case.
  public var place: Place
  /// What happened.
  public var action: CaseAction
  /// Who did it.
  public var actor: AgencyID
  /// The acting operator, if any.
  public var operatorName: String?
  /// When (ms since the epoch).
  public var time: Int64
  /// The case's state after it.
  public var state: String
  /// The request's idempotency key, empty when none.
  public var idempotencyKey: String
  /// Encoded typed content (the wire layer's encoding).
  public var content: [UInt8]
  /// SHA-256 of `content` when the caller computed it; the store computes it otherwise.
  public var contentDigest: [UInt8]?
  /// Detached signature, empty when none.
  public var signature: [UInt8]

  public init(
    id: String? = nil, caseID: String, place: Place, action: CaseAction, actor: AgencyID, operatorName: String?,
    time: Int64, state: String, idempotencyKey: String = "", content: [UInt8] = [], contentDigest: [UInt8]? = nil,
    signature: [UInt8] = []
  ) {
    self.id = id
    self.caseID = caseID
    self.place = place
    self.action = action
    self.actor = actor
    self.operatorName = operatorName
    self.time = time
    self.state = state
    self.idempotencyKey = idempotencyKey
    self.content = content
    self.contentDigest = contentDigest
    self.signature = signature
  }
}
