/// The outbound queue towards one peer region.
public struct PeerQueueStats: Hashable, Sendable {
  /// The peer's region.
  public var peer: String
  /// Items waiting for the peer's acknowledgement.
  public var depth: Int
  /// When the oldest waiting item was queued (ms since the epoch), `nil` when none waits.
  public var oldestQueuedAt: Int64?

  public init(peer: String, depth: Int, oldestQueuedAt: Int64?) {
    self.peer = peer
    self.depth = depth
    self.oldestQueuedAt = oldestQueuedAt
  }

  /// Age of the oldest item at `now`, in ms (0 when the queue is empty).
  public func age(now: Int64) -> Int64 {
    oldestQueuedAt.map { max(0, now - $0) } ?? 0
  }
}
