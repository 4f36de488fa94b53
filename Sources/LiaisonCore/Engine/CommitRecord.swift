/// What one commit of a store did, published in commit order (``CaseStore/commits()``): the
/// broker's one path from a committed decision to the subscribers, the peer links and the
/// deadline scheduler.
public struct CommitRecord: Sendable {
  /// The events appended, with the case after and their deliveries, in commit order.
  public var events: [CommittedEvent]
  /// Peer regions for which items were queued.
  public var queuedPeers: Set<String>
  /// The earliest alarm the commit set, if any (the scheduler wakes for it).
  public var earliestAlarm: Int64?
  /// Requests in the commit (submissions, actions, acknowledgements …).
  public var requests: Int
  /// How long the transaction took, in seconds.
  public var seconds: Double

  public init(
    events: [CommittedEvent], queuedPeers: Set<String>, earliestAlarm: Int64?, requests: Int, seconds: Double
  ) {
    self.events = events
    self.queuedPeers = queuedPeers
    self.earliestAlarm = earliestAlarm
    self.requests = requests
    self.seconds = seconds
  }
}
