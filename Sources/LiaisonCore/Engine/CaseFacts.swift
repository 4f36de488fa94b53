/// What the store loaded for the engine, as a ``FactRequest`` asked.
public struct CaseFacts: Hashable, Sendable {
  /// The case with its deadlines, when it exists here.
  public var loaded: LoadedCase?
  /// The earlier request under the same idempotency key, if there was one.
  public var prior: PriorRequest?
  /// Attachments asked about that have not been uploaded.
  public var missingAttachments: Set<String>
  /// The event stored at the asked place of the case's order, if any.
  public var eventAtSequence: EventRecord?
  /// True when the asked delivery exists and is not acknowledged yet.
  public var deliveryPending: Bool

  public init(
    loaded: LoadedCase? = nil, prior: PriorRequest? = nil, missingAttachments: Set<String> = [],
    eventAtSequence: EventRecord? = nil, deliveryPending: Bool = false
  ) {
    self.deliveryPending = deliveryPending
    self.loaded = loaded
    self.prior = prior
    self.missingAttachments = missingAttachments
    self.eventAtSequence = eventAtSequence
  }
}

/// A case as stored: its projection and its deadlines.
public struct LoadedCase: Hashable, Sendable {
  /// The case.
  public var record: CaseRecord
  /// Its deadlines, in the order they started.
  public var deadlines: [CaseDeadline]

  public init(record: CaseRecord, deadlines: [CaseDeadline]) {
    self.record = record
    self.deadlines = deadlines
  }
}

/// The earlier result of an idempotency key: the request's hash and the event it committed, with
/// its case as it is now.
public struct PriorRequest: Hashable, Sendable {
  /// SHA-256 of the request's identity (``SubmitCommand/requestHash``).
  public var requestHash: [UInt8]
  /// The event the request committed.
  public var event: EventRecord
  /// The case as it is now.
  public var caseRecord: CaseRecord

  public init(requestHash: [UInt8], event: EventRecord, caseRecord: CaseRecord) {
    self.requestHash = requestHash
    self.event = event
    self.caseRecord = caseRecord
  }

  /// The answer to a retry: the original event, marked duplicate.
  public var replay: CommittedEvent {
    CommittedEvent(event: event, caseRecord: caseRecord, deliveries: [], duplicate: true)
  }
}
