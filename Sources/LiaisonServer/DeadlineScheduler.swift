import LiaisonCore
import LiaisonStore
import LiaisonWire
import Logging
import SwiftProtobuf

/// Fires statutory alarms on time. It keeps one wake-up: the earliest `next_at` of the clocks table
/// (read through its partial index), checked again at least every 50 ms so that a clock started
/// meanwhile with an earlier alarm is not missed. At each wake-up the store turns every due alarm
/// into `warn`/`escalate` events in one transaction, and the hub delivers them. After a restart the
/// first wake-up is immediate, so alarms missed while down fire then, once.
final class DeadlineScheduler: Sendable {
  private let store: SQLiteStore
  private let hub: DeliveryHub
  private let clock: any WallClock
  private let context: @Sendable () -> AlarmContext
  private let logger: Logger
  private let metrics: BrokerMetrics?

  init(
    store: SQLiteStore, hub: DeliveryHub, clock: any WallClock, logger: Logger, metrics: BrokerMetrics? = nil,
    context: @escaping @Sendable () -> AlarmContext
  ) {
    self.metrics = metrics
    self.store = store
    self.hub = hub
    self.clock = clock
    self.context = context
    self.logger = logger
  }

  /// Fires what is due now; returns the number of events raised.
  @discardableResult
  func fireDue() async -> Int {
    let events = await store.fireAlarms(context())
    for event in hub.enqueue(committed: events) {
      metrics?.recordEscalation(kind: event.action, level: Int(event.actionBody.escalation.level))
    }
    if !events.isEmpty { logger.info("deadline alerts raised", metadata: ["events": "\(events.count)"]) }
    return events.count
  }

  /// Runs until cancelled.
  func run() async {
    while !Task.isCancelled {
      let next = (try? await store.nextAlarm()) ?? nil
      let now = clock.nowMillis()
      if let next, next <= now {
        await fireDue()
        continue
      }
      let wait = min(next.map { $0 - now } ?? 50, 50)
      try? await Task.sleep(for: .milliseconds(wait))
    }
  }
}
