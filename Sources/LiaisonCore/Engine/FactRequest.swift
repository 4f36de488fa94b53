/// What the engine needs loaded to decide a command (``CaseEngine/facts(for:)``): the store reads
/// exactly this, inside the transaction that will apply the decision.
public struct FactRequest: Hashable, Sendable {
  /// The case to load with its deadlines, if any.
  public var caseID: String?
  /// The idempotency key whose earlier result to load, if any.
  public var key: IdempotencyKey?
  /// The hash of the request the key is used for (a store may claim the key for it while loading).
  public var requestHash: [UInt8]
  /// Attachments whose presence to check.
  public var attachments: [String]
  /// For a replicated event: the place in the case's order whose stored event to load.
  public var sequence: Int64?
  /// A delivery whose state to load (acknowledged or still pending).
  public var delivery: Int64?
  /// For an acknowledgement: when it was made and how many times the delivery was sent (a store may
  /// record it while loading).
  public var acknowledgedAt: Int64?
  public var attempts: Int = 0

  public init(
    caseID: String? = nil, key: IdempotencyKey? = nil, requestHash: [UInt8] = [], attachments: [String] = [],
    sequence: Int64? = nil, delivery: Int64? = nil
  ) {
    self.delivery = delivery
    self.caseID = caseID
    self.key = key
    self.requestHash = requestHash
    self.attachments = attachments
    self.sequence = sequence
  }

  /// True when nothing is to be loaded.
  public var isEmpty: Bool {
    caseID == nil && key == nil && attachments.isEmpty && sequence == nil && delivery == nil
  }
}

/// An idempotency key as it is scoped: per agency.
public struct IdempotencyKey: Hashable, Sendable {
  /// The agency that used the key.
  public var agency: AgencyID
  /// The key (at most 128 bytes; never empty here).
  public var key: String

  public init(agency: AgencyID, key: String) {
    self.agency = agency
    self.key = key
  }
}
