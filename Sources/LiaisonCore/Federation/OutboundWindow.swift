import DequeModule

/// The flow control of one Exchange stream to a peer: which queued items were sent and not yet
/// acknowledged, how many more may be sent, and where the next read of the queue starts. A value
/// type with no I/O; a new stream starts with a new window, from the oldest unacknowledged item.
public struct OutboundWindow: Sendable {
  /// Most items unacknowledged at once.
  public let limit: Int
  /// Most items in one batch.
  public let batchSize: Int
  private var sent: Deque<Int64> = []
  /// The last item id sent: the next read of the queue starts after it.
  public private(set) var lastSent: Int64 = 0
  /// True once the peer acknowledged anything on this stream.
  public private(set) var acknowledgedOnce = false

  public init(limit: Int, batchSize: Int) {
    self.limit = max(limit, 1)
    self.batchSize = max(batchSize, 1)
  }

  /// Items sent and not acknowledged.
  public var inFlight: Int { sent.count }

  /// How many items the next batch may hold (0: wait for acknowledgements).
  public var room: Int { max(0, min(batchSize, limit - sent.count)) }

  /// Records a batch as sent, in queue order.
  public mutating func sent(_ ids: [Int64]) {
    sent.append(contentsOf: ids)
    if let last = ids.last { lastSent = max(lastSent, last) }
  }

  /// Records an acknowledgement of every item up to `id`; returns how many items it released.
  public mutating func acknowledge(upTo id: Int64) -> Int {
    var released = 0
    while let first = sent.first, first <= id {
      sent.removeFirst()
      released += 1
    }
    acknowledgedOnce = true
    return released
  }
}
