import LiaisonCore
import LiaisonWire
import ServiceLifecycle
import SwiftProtobuf
import Synchronization

/// Routes committed deliveries to subscriber connections: one ``DeliveryTracker`` per agency decides
/// what goes where; the hub performs it (pushes batches to connection streams, hands
/// acknowledgements to the store as commands, records redeliveries). Thread-safe; all state is
/// behind one mutex, and no I/O happens while it is held except non-blocking stream yields.
///
/// Deliveries come in only from the store's commit feed (``publish(_:)``) and, at start, from the
/// store's pending deliveries (``restore(_:)``). As a `Service`, it runs the redelivery timer on the
/// broker's clock until shutdown, then ends every subscriber stream.
public final class DeliveryHub: Service, Sendable {
  /// What a tracker carries for each delivery: the event as a ready-made wire field (shared by
  /// every delivery of the event), the receiver's role and the event's action.
  struct Payload: Sendable {
    var event: WireEvent
    var role: PartyRole
  }

  typealias Tracker = DeliveryTracker<Payload>

  private struct Connection {
    var agency: AgencyID
    var output: AsyncStream<Liaison_V1_DeliveryBatch>.Continuation
  }

  /// Acknowledgements handed to the store, to be confirmed to their connection once committed.
  struct PendingAcknowledgements: Sendable {
    var connection: Tracker.ConnectionID
    var ids: [UInt64]
    var ticket: CommitTicket<Result<[CommandResult], LiaisonError>>
  }

  private struct State {
    var trackers: [AgencyID: Tracker] = [:]
    var connections: [Tracker.ConnectionID: Connection] = [:]
    var nextConnection = 1
    /// The time the timer sleeps until (`nil`: until woken).
    var timerAt: Int64?
    /// Set once the hub stops: new connections end at once.
    var closed = false
  }

  private let state = Mutex(State())
  private let store: any CaseStore
  private let rules: RuleBook
  private let clock: any WallClock
  private let configuration: BrokerConfiguration.Delivery
  private let metrics: BrokerMetrics?
  private let timer = Doorbell()

  init(
    store: any CaseStore, rules: RuleBook, clock: any WallClock, configuration: BrokerConfiguration.Delivery,
    metrics: BrokerMetrics? = nil
  ) {
    self.metrics = metrics
    self.store = store
    self.rules = rules
    self.clock = clock
    self.configuration = configuration
  }

  /// Hands the deliveries of a commit to their agencies and pushes what subscribers can take.
  func publish(_ record: CommitRecord) {
    var deliveries: [(DeliveryRecord, WireEvent)] = []
    for committed in record.events where !committed.deliveries.isEmpty {
      let event = WireEvent(committed.event, of: committed.caseRecord)
      var redacted: WireEvent?
      for delivery in committed.deliveries {
        if committed.caseRecord.confidentiality != CaseRecord.workSecret
          || committed.caseRecord.showsContent(to: delivery.agency)
        {
          deliveries.append((delivery, event))
        } else {
          redacted = redacted ?? WireEvent(committed.event, of: committed.caseRecord, redacted: true)
          deliveries.append((delivery, redacted!))
        }
      }
    }
    enqueue(deliveries)
  }

  /// Hands the deliveries still pending in the store to their agencies (at start).
  func restore(_ pending: [(DeliveryRecord, WireEvent)]) {
    enqueue(pending)
  }

  private func enqueue(_ deliveries: [(DeliveryRecord, WireEvent)]) {
    guard !deliveries.isEmpty else { return }
    let now = clock.nowMillis()
    let wake = state.withLock { state in
      var touched: Set<AgencyID> = []
      for (record, event) in deliveries {
        let item = Tracker.Item(
          id: record.id, caseID: record.caseID, payload: Payload(event: event, role: record.role),
          attempts: record.attempts)
        state.trackers[record.agency, default: newTracker()].enqueue(CollectionOfOne(item))
        touched.insert(record.agency)
      }
      var earliest: Int64?
      for agency in touched {
        earliest = Self.earlier(earliest, Self.dispatch(&state, agency: agency, now: now, metrics: metrics))
      }
      return Self.setTimer(&state, for: earliest)
    }
    if wake { timer.ring() }
  }

  /// Opens a subscriber connection for an agency (its stream ends at once when the hub has stopped).
  func open(agency: AgencyID, ackWait: Int64) -> (Tracker.ConnectionID, AsyncStream<Liaison_V1_DeliveryBatch>) {
    let (stream, continuation) = AsyncStream<Liaison_V1_DeliveryBatch>.makeStream()
    let id = state.withLock { state -> Tracker.ConnectionID in
      let id = state.nextConnection
      state.nextConnection += 1
      guard !state.closed else { return id }
      state.connections[id] = Connection(agency: agency, output: continuation)
      state.trackers[agency, default: newTracker()].connect(id, ackWait: ackWait)
      return id
    }
    if state.withLock({ $0.closed }) { continuation.finish() }
    return (id, stream)
  }

  /// Changes a connection's ack wait (from the subscription's options).
  func setAckWait(_ connection: Tracker.ConnectionID, ackWait: Int64) {
    state.withLock { state in
      guard let agency = state.connections[connection]?.agency else { return }
      state.trackers[agency]!.setAckWait(connection, ackWait: ackWait)
    }
  }

  /// Applies what a subscriber sent: acknowledgements, extensions, then credit. Acknowledgements go
  /// to the store as commands (committed with other work; the engine decides which start deadlines);
  /// what is returned confirms them to the connection once committed (``confirm(_:)``).
  @discardableResult
  func receive(_ connection: Tracker.ConnectionID, credit: Int, acks: [Int64], extend: [Int64], extendBy: Int64)
    -> PendingAcknowledgements?
  {
    let now = clock.nowMillis()
    let (agency, acknowledged, wake): (AgencyID?, [Tracker.Item], Bool) = state.withLock { state in
      guard let agency = state.connections[connection]?.agency else { return (nil, [], false) }
      var done: [Tracker.Item] = []
      if !acks.isEmpty { done = state.trackers[agency]!.acknowledge(acks) }
      if !extend.isEmpty { state.trackers[agency]!.extend(extend, now: now, by: extendBy) }
      if credit > 0 { state.trackers[agency]!.grant(connection, credit: credit) }
      let earliest = Self.dispatch(&state, agency: agency, now: now, metrics: metrics)
      return (agency, done, Self.setTimer(&state, for: earliest))
    }
    if wake { timer.ring() }
    guard let agency, !acknowledged.isEmpty else { return nil }
    metrics?.countAcknowledgements(acknowledged.count)
    let commands = acknowledged.map { item in
      CaseCommand.acknowledged(
        Acknowledgement(
          id: item.id, attempts: item.attempts, at: now, agency: agency, caseID: item.caseID, role: item.payload.role,
          action: item.payload.event.action))
    }
    // The subscriber does not wait for the commit (a crash before it only brings the delivery
    // again); it is told when it is done.
    return PendingAcknowledgements(
      connection: connection, ids: acknowledged.map { UInt64($0.id) },
      ticket: store.commit(commands, engine: rules.engine))
  }

  /// Tells the connection that its acknowledgements are committed (when they are; a failed commit
  /// confirms nothing, and the deliveries come again after a restart).
  func confirm(_ pending: PendingAcknowledgements) async {
    guard case .success = await pending.ticket.value else { return }
    let output = state.withLock { $0.connections[pending.connection]?.output }
    output?.yield(.with { $0.committedAcks = pending.ids })
  }

  /// Closes a connection; its unacknowledged deliveries go to the agency's other connections or wait.
  func close(_ connection: Tracker.ConnectionID) {
    let now = clock.nowMillis()
    let wake = state.withLock { state -> Bool in
      guard let closed = state.connections.removeValue(forKey: connection) else { return false }
      closed.output.finish()
      state.trackers[closed.agency]?.disconnect(connection)
      return Self.setTimer(&state, for: Self.dispatch(&state, agency: closed.agency, now: now, metrics: metrics))
    }
    if wake { timer.ring() }
  }

  /// Ends every subscriber stream (the broker is stopping); later connections end at once.
  func closeAll() {
    let outputs = state.withLock { state in
      state.closed = true
      return state.connections.values.map(\.output)
    }
    for output in outputs { output.finish() }
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

  /// The delivery state of each agency the hub has seen.
  func snapshot() -> [AgencyID: AgencyDeliveryStats] {
    state.withLock { state in
      state.trackers.mapValues {
        AgencyDeliveryStats(
          unacknowledged: $0.unacknowledgedCount, inFlight: $0.inFlightCount, connections: $0.connectionCount,
          nextDue: $0.nextWakeup)
      }
    }
  }

  /// Runs the redelivery timer on the broker's clock until shutdown, then ends every subscriber
  /// stream.
  public func run() async throws {
    await withGracefulShutdownHandler {
      while !Task.isCancelled {
        let next = state.withLock { state in
          state.timerAt = state.trackers.values.compactMap(\.nextWakeup).min()
          return state.timerAt
        }
        await timer.wait(until: next, clock: clock)
        if Task.isCancelled || state.withLock({ $0.closed }) { break }
        tick()
      }
    } onGracefulShutdown: {
      self.closeAll()
      self.timer.ring()
    }
    closeAll()
  }

  private func newTracker() -> Tracker {
    Tracker(configuration: .init(backoffBase: configuration.backoffBase, backoffMax: configuration.backoffMax))
  }

  /// Whether deliveries just sent, whose ack waits end at `deadline`, need the timer earlier than
  /// it is set (it is then woken, to sleep again until the new time). Deadlines of later sends are
  /// rarely earlier, so this is one comparison per dispatch.
  private static func setTimer(_ state: inout State, for deadline: Int64?) -> Bool {
    guard let deadline else { return false }
    if let set = state.timerAt, set <= deadline { return false }
    state.timerAt = deadline
    return true
  }

  private static func earlier(_ a: Int64?, _ b: Int64?) -> Int64? {
    switch (a, b) {
    case let (a?, b?): min(a, b)
    case let (a?, nil): a
    case let (nil, b): b
    }
  }

  /// Sends what the agency's tracker assigns; returns the earliest ack deadline of what was sent.
  @discardableResult
  private static func dispatch(_ state: inout State, agency: AgencyID, now: Int64, metrics: BrokerMetrics?) -> Int64? {
    guard let assignments = state.trackers[agency]?.assign(now: now) else { return nil }
    var earliest: Int64?
    for (connection, items) in assignments {
      if let wait = state.trackers[agency]?.ackWait(of: connection) { earliest = earlier(earliest, now + wait) }
      if let metrics {
        let again = items.count { $0.attempts > 1 }
        metrics.countDeliveries(first: items.count - again, again: again)
      }
      // The batch is written as bytes: each delivery's id, attempt and role around the event's
      // pre-encoded field (the same `Delivery` messages a client decodes).
      var bytes: [UInt8] = []
      bytes.reserveCapacity(items.reduce(0) { $0 + $1.payload.event.field.count + 32 })
      for item in items {
        let role = Array(item.payload.role.rawValue.utf8)
        var delivery: [UInt8] = []
        ProtobufBytes.appendVarintField(1, UInt64(item.id), to: &delivery)
        ProtobufBytes.appendVarintField(2, UInt64(item.attempts), to: &delivery)
        ProtobufBytes.appendField(4, length: role.count, to: &delivery)
        delivery += role
        ProtobufBytes.appendField(1, length: delivery.count + item.payload.event.field.count, to: &bytes)
        bytes += delivery
        bytes += item.payload.event.field
      }
      state.connections[connection]?.output.yield(ProtobufBytes.batch(bytes))
    }
    return earliest
  }
}
