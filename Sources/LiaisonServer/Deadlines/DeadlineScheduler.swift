import LiaisonCore
import LiaisonStore
import LiaisonWire
import Logging
import ServiceLifecycle
import SwiftProtobuf
import Synchronization

/// Fires deadline alarms on time, on the broker's clock. It keeps one wake-up: the earliest alarm of
/// the store (read through its index), moved earlier when a commit sets an earlier one (the commit
/// feed tells it). At each wake-up the cases with due alarms are committed as `alarm` commands: the
/// engine turns each due alarm into `warn`/`escalate` events, and the commit feed delivers them. Two
/// schedulers (or a test and the scheduler) firing the same alarm cannot double it: the engine sees
/// the alarm already advanced. After a restart the first wake-up is immediate, so alarms missed
/// while down fire then, once.
final class DeadlineScheduler: Service, Sendable {
  private let store: any CaseStore
  private let rules: RuleBook
  private let clock: any WallClock
  private let logger: Logger
  private let metrics: BrokerMetrics?
  private let doorbell = Doorbell()
  /// The alarm the scheduler sleeps until (`nil`: none known, it sleeps until woken).
  private let waitingFor = Mutex<Int64?>(nil)
  /// Most cases fired in one commit.
  private let batch = 1000

  init(store: any CaseStore, rules: RuleBook, clock: any WallClock, logger: Logger, metrics: BrokerMetrics? = nil) {
    self.metrics = metrics
    self.store = store
    self.rules = rules
    self.clock = clock
    self.logger = logger
  }

  /// A commit set an alarm at `time`: wake up if it is earlier than the one waited for.
  func alarmSet(at time: Int64) {
    let earlier = waitingFor.withLock { waiting in
      guard waiting.map({ time < $0 }) ?? true else { return false }
      waiting = time
      return true
    }
    if earlier { doorbell.ring() }
  }

  /// Fires what is due now; returns the number of events raised.
  @discardableResult
  func fireDue() async -> Int {
    var raised = 0
    while true {
      let now = clock.nowMillis()
      guard let due = try? await store.dueAlarms(at: now, limit: batch), !due.isEmpty else { break }
      guard case .success(let results) = await store.commit(due.map { .alarm(caseID: $0) }, engine: rules.engine).value
      else { break }
      for event in results.flatMap(\.committed) {
        raised += 1
        guard event.countsInStatistics else { continue }
        let level = event.event.action == .escalate ? Self.level(of: event.event) : 0
        metrics?.recordEscalation(kind: event.event.action.rawValue, level: level)
      }
      if due.count < batch { break }
    }
    if raised > 0 { logger.info("deadline alerts raised", metadata: ["events": "\(raised)"]) }
    return raised
  }

  private static func level(of event: EventRecord) -> Int {
    Int((try? Liaison_V1_Event(serializedBytes: event.content))?.actionBody.escalation.level ?? 0)
  }

  /// Counts every running provisional deadline again on the calendar in force, in pages of cases
  /// (after a schedule was added; at start, in case one was added while the broker was down).
  /// Returns how many cases had some.
  @discardableResult
  func recountProvisional() async -> Int {
    var cursor: Int64 = 0
    var cases = 0
    while true {
      guard let page = try? await store.casesWithProvisionalDeadlines(after: cursor, limit: batch), !page.isEmpty
      else { break }
      cursor = page.last!.cursor
      let commands = page.map { CaseCommand.recountDeadlines(caseID: $0.caseID) }
      guard case .success = await store.commit(commands, engine: rules.engine).value else { break }
      cases += page.count
      if page.count < batch { break }
    }
    if cases > 0 {
      logger.info("provisional deadlines counted again on the calendar", metadata: ["cases": "\(cases)"])
    }
    return cases
  }

  /// Runs until shutdown.
  func run() async throws {
    if let warning = rules.deadlines?.calendarWarning(at: clock.nowMillis()) { logger.warning("\(warning)") }
    await recountProvisional()
    await cancelWhenGracefulShutdown {
      while !Task.isCancelled {
        let next = (try? await self.store.nextAlarm()) ?? nil
        if let next, next <= self.clock.nowMillis() {
          await self.fireDue()
          continue
        }
        self.waitingFor.withLock { $0 = next }
        await self.doorbell.wait(until: next, clock: self.clock)
      }
    }
  }
}
