/// What the store returns for a committed (or replayed) request: the event, the case after it,
/// and the deliveries it created (empty for a replay).
public struct CommittedEvent: Sendable {
  /// The event.
  public var event: EventRecord
  /// The case after the event.
  public var caseRecord: CaseRecord
  /// Deliveries created by this event, one per receiving agency.
  public var deliveries: [DeliveryRecord]
  /// True when this answers a retry with an idempotency key already used with the same request.
  public var duplicate: Bool

  public init(event: EventRecord, caseRecord: CaseRecord, deliveries: [DeliveryRecord], duplicate: Bool) {
    self.event = event
    self.caseRecord = caseRecord
    self.deliveries = deliveries
    self.duplicate = duplicate
  }

  /// Whether it counts in the broker's statistics (metrics of submissions, actions, alerts): a new
  /// event of a real case; retries and drills (演练) do not.
  public var countsInStatistics: Bool { !duplicate && !caseRecord.drill }
}
