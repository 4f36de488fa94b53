import DequeModule
import HeapModule

/// The delivery state machine of one agency: which deliveries wait, which are in flight on which
/// subscriber connection, when they are due again, and who has credit.
///
/// Guarantees, for the agency it tracks:
/// - **Order per case.** At most one delivery of a case is in flight (or waiting for its redelivery
///   delay) at a time; later events of the case wait behind it, so they arrive in sequence order even
///   when an earlier one is redelivered.
/// - **At least once.** A delivery leaves the tracker only when acknowledged. An unacknowledged one is
///   sent again after its ack wait, with a growing delay, or at once to another connection when its
///   connection closes.
/// - **Credit.** A connection never receives more deliveries than the credit it granted.
///
/// A value type with no I/O: every method takes the current time and returns what the caller must do.
public struct DeliveryTracker<Payload: Sendable>: Sendable {
  /// Identifies one subscriber connection (one Subscribe stream).
  public typealias ConnectionID = Int

  /// One delivery.
  public struct Item: Sendable {
    /// The delivery id.
    public var id: Int64
    /// The case, for ordering.
    public var caseID: String
    /// What is delivered.
    public var payload: Payload
    /// Times sent so far.
    public var attempts: Int

    public init(id: Int64, caseID: String, payload: Payload, attempts: Int = 0) {
      self.id = id
      self.caseID = caseID
      self.payload = payload
      self.attempts = attempts
    }
  }

  /// Redelivery timing.
  public struct Configuration: Sendable {
    /// Delay before the first redelivery after an ack wait expires, in ms. Default 1000.
    public var backoffBase: Int64 = 1000
    /// Longest delay between redeliveries, in ms. Default 60000.
    public var backoffMax: Int64 = 60000

    public init(backoffBase: Int64 = 1000, backoffMax: Int64 = 60000) {
      self.backoffBase = backoffBase
      self.backoffMax = backoffMax
    }

    /// The delay before the next attempt after `attempts` sends: base × 2^(attempts−1), capped.
    public func backoff(afterAttempts attempts: Int) -> Int64 {
      let shift = min(max(attempts - 1, 0), 20)
      return min(backoffBase << Int64(shift), backoffMax)
    }
  }

  /// An expired delivery, reported so the caller can record the attempt and the error.
  public struct Expiry: Sendable {
    /// The delivery id.
    public var id: Int64
    /// Times sent so far.
    public var attempts: Int
    /// Why it will be sent again.
    public var reason: String
  }

  private struct Ready: Comparable {
    var item: Item
    static func < (lhs: Self, rhs: Self) -> Bool { lhs.item.id < rhs.item.id }
    static func == (lhs: Self, rhs: Self) -> Bool { lhs.item.id == rhs.item.id }
  }

  private struct Delayed: Comparable {
    var notBefore: Int64
    var item: Item
    static func < (lhs: Self, rhs: Self) -> Bool { (lhs.notBefore, lhs.item.id) < (rhs.notBefore, rhs.item.id) }
    static func == (lhs: Self, rhs: Self) -> Bool { lhs.item.id == rhs.item.id }
  }

  private struct InFlight {
    var item: Item
    var connection: ConnectionID
    var deadline: Int64
  }

  private struct Connection {
    var credit: Int
    var ackWait: Int64
  }

  /// The redelivery timing.
  public var configuration: Configuration
  private var ready = Heap<Ready>()
  private var delayed = Heap<Delayed>()
  private var waiting: [String: Deque<Item>] = [:]
  private var busyCases: Set<String> = []
  private var inFlight: [Int64: InFlight] = [:]
  private var connections: [ConnectionID: Connection] = [:]
  private var rotation: [ConnectionID] = []
  private var nextTurn = 0

  public init(configuration: Configuration = .init()) {
    self.configuration = configuration
  }

  /// Deliveries not yet acknowledged (ready, in flight, delayed or waiting behind their case).
  public var unacknowledgedCount: Int {
    ready.count + delayed.count + inFlight.count + waiting.values.reduce(0) { $0 + $1.count }
  }

  /// Deliveries currently in flight.
  public var inFlightCount: Int { inFlight.count }

  /// Connected subscribers.
  public var connectionCount: Int { connections.count }

  /// Adds committed deliveries, in commit order.
  public mutating func enqueue(_ items: some Sequence<Item>) {
    for item in items {
      if busyCases.contains(item.caseID) {
        waiting[item.caseID, default: []].append(item)
      } else {
        busyCases.insert(item.caseID)
        ready.insert(Ready(item: item))
      }
    }
  }

  /// Registers a subscriber connection with no credit yet.
  public mutating func connect(_ connection: ConnectionID, ackWait: Int64) {
    connections[connection] = Connection(credit: 0, ackWait: ackWait)
    rotation.append(connection)
  }

  /// Changes the ack wait of a connection's future deliveries.
  public mutating func setAckWait(_ connection: ConnectionID, ackWait: Int64) {
    connections[connection]?.ackWait = ackWait
  }

  /// The ack wait of a connection's deliveries, in ms (`nil` for an unknown connection).
  public func ackWait(of connection: ConnectionID) -> Int64? {
    connections[connection]?.ackWait
  }

  /// Adds credit to a connection.
  public mutating func grant(_ connection: ConnectionID, credit: Int) {
    connections[connection]?.credit += credit
  }

  /// Removes a connection; whatever it had in flight is ready to be sent again at once.
  public mutating func disconnect(_ connection: ConnectionID) {
    connections[connection] = nil
    rotation.removeAll { $0 == connection }
    for (id, flight) in inFlight where flight.connection == connection {
      inFlight[id] = nil
      ready.insert(Ready(item: flight.item))
    }
  }

  /// Acknowledges deliveries; unknown or already acknowledged ids are ignored.
  /// - Returns: the acknowledged items, with the number of times each was sent.
  public mutating func acknowledge(_ ids: some Sequence<Int64>) -> [Item] {
    var done: [Item] = []
    for id in ids {
      guard let flight = inFlight.removeValue(forKey: id) else { continue }
      done.append(flight.item)
      release(flight.item.caseID)
    }
    return done
  }

  /// Restarts the ack deadline of in-flight deliveries at `now + extension`.
  public mutating func extend(_ ids: some Sequence<Int64>, now: Int64, by duration: Int64) {
    for id in ids where inFlight[id] != nil {
      inFlight[id]!.deadline = now + duration
    }
  }

  /// Moves in-flight deliveries whose ack wait has passed to the redelivery queue, and delayed
  /// deliveries whose delay has passed back to ready.
  /// - Returns: the deliveries that expired now.
  public mutating func expire(now: Int64) -> [Expiry] {
    var expired: [Expiry] = []
    for (id, flight) in inFlight where flight.deadline <= now {
      inFlight[id] = nil
      let waited = connections[flight.connection]?.ackWait ?? 0
      let delay = configuration.backoff(afterAttempts: flight.item.attempts)
      delayed.insert(Delayed(notBefore: now + delay, item: flight.item))
      expired.append(
        Expiry(
          id: id, attempts: flight.item.attempts,
          reason:
            "not acknowledged within the ack wait of \(waited) ms (attempt \(flight.item.attempts)); next attempt in \(delay) ms"
        ))
    }
    while let first = delayed.min, first.notBefore <= now {
      ready.insert(Ready(item: delayed.removeMin().item))
    }
    return expired.sorted { $0.id < $1.id }
  }

  /// The earliest time at which ``expire(now:)`` has work, if any.
  public var nextWakeup: Int64? {
    let flight = inFlight.values.lazy.map(\.deadline).min()
    let delay = delayed.min?.notBefore
    switch (flight, delay) {
    case let (a?, b?): return min(a, b)
    case let (a?, nil): return a
    case let (nil, b?): return b
    default: return nil
    }
  }

  /// Hands ready deliveries to connections with credit, in delivery order, turn by turn.
  /// - Returns: for each connection that got something, the deliveries to send, in order.
  public mutating func assign(now: Int64) -> [(ConnectionID, [Item])] {
    guard !ready.isEmpty, !rotation.isEmpty else { return [] }
    var batches: [ConnectionID: [Item]] = [:]
    var order: [ConnectionID] = []
    var idle = 0
    while !ready.isEmpty, idle < rotation.count {
      let connection = rotation[nextTurn % rotation.count]
      nextTurn = (nextTurn + 1) % rotation.count
      guard let state = connections[connection], state.credit > 0 else {
        idle += 1
        continue
      }
      idle = 0
      // Give this connection a run of up to its credit, so batches stay large.
      let take = min(state.credit, ready.count)
      var batch = batches[connection] ?? []
      if batch.isEmpty { order.append(connection) }
      for _ in 0..<take {
        var item = ready.removeMin().item
        item.attempts += 1
        inFlight[item.id] = InFlight(item: item, connection: connection, deadline: now + state.ackWait)
        batch.append(item)
      }
      connections[connection]!.credit -= take
      batches[connection] = batch
    }
    return order.map { ($0, batches[$0]!) }
  }

  private mutating func release(_ caseID: String) {
    if var queue = waiting[caseID], let next = queue.popFirst() {
      waiting[caseID] = queue.isEmpty ? nil : queue
      ready.insert(Ready(item: next))
    } else {
      busyCases.remove(caseID)
    }
  }
}
