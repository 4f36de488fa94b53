/// What the engine needs loaded to decide a command (``CaseEngine/facts(for:)``): the store reads
/// exactly this, inside the transaction that will apply the decision.
public struct FactRequest: Hashable, Sendable {
  /// The case to load with its deadlines, if any.
  public var caseID: String?
  /// The idempotency key whose earlier result to load, if any.
  public var key: IdempotencyKey?
  /// Attachments whose presence to check.
  public var attachments: [String]
  /// For a replicated event: the place in the case's order whose stored event to load.
  public var sequence: Int64?
  /// True for a submission: the store tells the id the case gets if the decision opens it.
  public var opensCase: Bool
  /// A delivery whose state to load (acknowledged or still pending).
  public var delivery: Int64?

  public init(
    caseID: String? = nil, key: IdempotencyKey? = nil, attachments: [String] = [], sequence: Int64? = nil,
    opensCase: Bool = false, delivery: Int64? = nil
  ) {
    self.delivery = delivery
    self.caseID = caseID
    self.key = key
    self.attachments = attachments
    self.sequence = sequence
    self.opensCase = opensCase
  }

  /// True when nothing is to be loaded.
  public var isEmpty: Bool {
    caseID == nil && key == nil && attachments.isEmpty && sequence == nil && !opensCase && delivery == nil
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
