import LiaisonCore
import LiaisonWire
import SwiftProtobuf
import Synchronization

/// Routes committed deliveries to subscriber connections: one ``DeliveryTracker`` per agency decides
/// what goes where; the hub performs it (pushes batches to connection streams, records
/// acknowledgements and redeliveries in the store). Thread-safe; all state is behind one mutex, and
/// no I/O happens while it is held except non-blocking stream yields.
public final class DeliveryHub: Sendable {
  /// What a tracker carries for each delivery.
  struct Payload: Sendable {
    var event: Liaison_V1_Event
    var role: PartyRole
  }

  typealias Tracker = DeliveryTracker<Payload>

  private struct Connection {
    var agency: AgencyID
    var output: AsyncStream<[Liaison_V1_Delivery]>.Continuation
  }

  private struct State {
    var trackers: [AgencyID: Tracker] = [:]
    var connections: [Tracker.ConnectionID: Connection] = [:]
    var nextConnection = 1
  }

  private let state = Mutex(State())
  private let store: any CaseStore
  private let clock: any WallClock
  private let configuration: BrokerConfiguration.Delivery
  private let metrics: BrokerMetrics?

  init(
    store: any CaseStore, clock: any WallClock, configuration: BrokerConfiguration.Delivery,
    metrics: BrokerMetrics? = nil
  ) {
    self.metrics = metrics
    self.store = store
    self.clock = clock
    self.configuration = configuration
  }

  /// Adds deliveries of committed events (in commit order) and pushes what subscribers can take.
  /// Hands the deliveries of committed events to their agencies; returns every event's wire form,
  /// in order.
  @discardableResult
  func enqueue(committed: [CommittedEvent]) -> [Liaison_V1_Event] {
    var deliveries: [(DeliveryRecord, Liaison_V1_Event)] = []
    let events = committed.map { committed in
      let event = EventAssembler.event(committed.event, of: committed.caseRecord)
      deliveries += committed.deliveries.map { ($0, event) }
      return event
    }
    enqueue(deliveries)
    return events
  }

  func enqueue(_ deliveries: [(DeliveryRecord, Liaison_V1_Event)]) {
    guard !deliveries.isEmpty else { return }
    let now = clock.nowMillis()
    state.withLock { state in
      var touched: Set<AgencyID> = []
      for (record, event) in deliveries {
        let item = Tracker.Item(
          id: record.id, caseID: record.caseID, payload: Payload(event: event, role: record.role),
          attempts: record.attempts)
        state.trackers[record.agency, default: newTracker()].enqueue(CollectionOfOne(item))
        touched.insert(record.agency)
      }
      for agency in touched { Self.dispatch(&state, agency: agency, now: now, metrics: metrics) }
    }
  }

  /// Opens a subscriber connection for an agency.
  func open(agency: AgencyID, ackWait: Int64) -> (Tracker.ConnectionID, AsyncStream<[Liaison_V1_Delivery]>) {
    let (stream, continuation) = AsyncStream<[Liaison_V1_Delivery]>.makeStream()
    let id = state.withLock { state in
      let id = state.nextConnection
      state.nextConnection += 1
      state.connections[id] = Connection(agency: agency, output: continuation)
      state.trackers[agency, default: newTracker()].connect(id, ackWait: ackWait)
      return id
    }
    return (id, stream)
  }

  /// Changes a connection's ack wait (from the subscription's options).
  func setAckWait(_ connection: Tracker.ConnectionID, ackWait: Int64) {
    state.withLock { state in
      guard let agency = state.connections[connection]?.agency else { return }
      state.trackers[agency]!.setAckWait(connection, ackWait: ackWait)
    }
  }

  /// Applies what a subscriber sent: acknowledgements, extensions, then credit.
  func receive(_ connection: Tracker.ConnectionID, credit: Int, acks: [Int64], extend: [Int64], extendBy: Int64) {
    let now = clock.nowMillis()
    let (agency, acknowledged): (AgencyID?, [Tracker.Item]) = state.withLock { state in
      guard let agency = state.connections[connection]?.agency else { return (nil, []) }
      var done: [Tracker.Item] = []
      if !acks.isEmpty { done = state.trackers[agency]!.acknowledge(acks) }
      if !extend.isEmpty { state.trackers[agency]!.extend(extend, now: now, by: extendBy) }
      if credit > 0 { state.trackers[agency]!.grant(connection, credit: credit) }
      Self.dispatch(&state, agency: agency, now: now, metrics: metrics)
      return (agency, done)
    }
    metrics?.countAcknowledgements(acknowledged.count)
    store.recordAcknowledgements(
      acknowledged.map { item in
        let action = item.payload.event.action
        let delivered = item.payload.role == .addressee && (action == "submit" || action == "forward")
        return Acknowledgement(
          id: item.id, attempts: item.attempts, at: now, deliveredCase: delivered ? item.caseID : nil, agency: agency)
      })
  }

  /// Closes a connection; its unacknowledged deliveries go to the agency's other connections or wait.
  func close(_ connection: Tracker.ConnectionID) {
    let now = clock.nowMillis()
    state.withLock { state in
      guard let closed = state.connections.removeValue(forKey: connection) else { return }
      closed.output.finish()
      state.trackers[closed.agency]?.disconnect(connection)
      Self.dispatch(&state, agency: closed.agency, now: now, metrics: metrics)
    }
  }

  /// Expires ack waits, promotes delayed redeliveries and pushes what became ready.
  func tick() {
    let now = clock.nowMillis()
    let expired: [DeliveryTracker<Payload>.Expiry] = state.withLock { state in
      var expired: [DeliveryTracker<Payload>.Expiry] = []
      for agency in Array(state.trackers.keys) {
        guard let wakeup = state.trackers[agency]!.nextWakeup, wakeup <= now else { continue }
        expired += state.trackers[agency]!.expire(now: now)
        Self.dispatch(&state, agency: agency, now: now, metrics: metrics)
      }
      return expired
    }
    store.recordRedeliveries(expired.map { (id: $0.id, attempts: $0.attempts, error: $0.reason) })
  }

  /// Number of unacknowledged deliveries and of connections, per agency (for stats and tests).
  func snapshot() -> [AgencyID: (unacknowledged: Int, connections: Int)] {
    state.withLock { state in
      state.trackers.mapValues { (unacknowledged: $0.unacknowledgedCount, connections: $0.connectionCount) }
    }
  }

  /// Runs the redelivery timer until cancelled.
  func run() async {
    while !Task.isCancelled {
      try? await Task.sleep(for: .milliseconds(configuration.tick))
      tick()
    }
  }

  private func newTracker() -> Tracker {
    Tracker(configuration: .init(backoffBase: configuration.backoffBase, backoffMax: configuration.backoffMax))
  }

  private static func dispatch(_ state: inout State, agency: AgencyID, now: Int64, metrics: BrokerMetrics?) {
    guard let assignments = state.trackers[agency]?.assign(now: now) else { return }
    for (connection, items) in assignments {
      if let metrics {
        let again = items.count { $0.attempts > 1 }
        metrics.countDeliveries(first: items.count - again, again: again)
      }
      let batch = items.map { item in
        Liaison_V1_Delivery.with {
          $0.deliveryID = UInt64(item.id)
          $0.attempt = UInt32(item.attempts)
          $0.event = item.payload.event
          $0.role = item.payload.role.rawValue
        }
      }
      state.connections[connection]?.output.yield(batch)
    }
  }
}
