/// What applying a peer's batch did.
public struct InboundResult: Sendable {
  /// Events committed here that have deliveries to this region's agencies.
  public var committed: [CommittedEvent] = []
  /// Items refused, with the reason (reported back to the peer, never retried).
  public var refused: [(id: Int64, error: LiaisonError)] = []
  /// Outcomes of actions this broker forwarded: the sequenced event or the home's refusal, by
  /// actor and idempotency key.
  public var verdicts: [ForwardVerdict] = []
  /// Set when nothing was applied (the store could not commit): the peer sends the batch again.
  public var failure: LiaisonError?

  public init() {}
}
