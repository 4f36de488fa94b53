import GRDB
import GRDBSQLite
import LiaisonCore

extension BatchWriter {
  /// Runs the case's clocks through `event` (which left the case in `state`) and stores them.
  /// - Parameter known: the case's clocks when the caller knows them (a new case has none).
  mutating func advanceClocks(
    workflow: String, drill: Bool, state: String, caseNumber: Int64, event: String, at time: Int64? = nil,
    known: [CaseClock]? = nil, startingAt: Int64? = nil
  ) throws {
    guard let rules else { return }
    let before = try known ?? loadClocks(caseNumber)
    if before.isEmpty, !rules.starts(event, in: workflow) { return }
    var clocks = before
    // A stated start is never earlier than the clocks already running (the receipt).
    let earliest = before.map(\.startedAt).max()
    let start = startingAt.map { max($0, earliest ?? $0) }
    rules.planner(for: workflow, drill: drill).apply(
      event: event, state: state, at: time ?? now, startingAt: start, to: &clocks)
    guard clocks != before else { return }
    if !before.isEmpty { try deleteClocks.execute(.int(caseNumber)) }
    try insertClocks(clocks, caseNumber: caseNumber)
  }

  /// Replaces the stored clocks of a case.
  mutating func replaceClocks(_ clocks: [CaseClock], caseNumber: Int64) throws {
    try deleteClocks.execute(.int(caseNumber))
    try insertClocks(clocks, caseNumber: caseNumber)
  }

  private mutating func insertClocks(_ clocks: [CaseClock], caseNumber: Int64) throws {
    for (position, clock) in clocks.enumerated() {
      let (stage, level, count) = SQLiteStore.encode(clock.alarm.stage)
      try insertClock.execute(
        .int(caseNumber), .int(Int64(position)), .text(clock.policyID), .int(clock.startedAt), .int(clock.dueAt),
        .int(clock.provisional ? 1 : 0), .text(clock.status.rawValue), .int(clock.remaining),
        clock.metAt.map { .int($0) } ?? .null, .text(stage), .int(Int64(level)), .int(Int64(count)),
        clock.alarm.nextAt.map { .int($0) } ?? .null)
    }
  }

  /// The clocks of a case, in the order they started.
  func loadClocks(_ caseNumber: Int64) throws -> [CaseClock] {
    try selectClocks.all(.int(caseNumber)) { row in
      CaseClock(
        policyID: PreparedStatement.text(row, 0), startedAt: PreparedStatement.int64(row, 1),
        dueAt: PreparedStatement.int64(row, 2), provisional: PreparedStatement.int64(row, 3) != 0,
        status: CaseClock.Status(rawValue: PreparedStatement.text(row, 4)) ?? .running,
        remaining: PreparedStatement.int64(row, 5), metAt: PreparedStatement.optionalInt64(row, 6),
        alarm: ClockAlarm(
          stage: SQLiteStore.decode(
            PreparedStatement.text(row, 7), level: Int(PreparedStatement.int64(row, 8)),
            repeat: Int(PreparedStatement.int64(row, 9))),
          nextAt: PreparedStatement.optionalInt64(row, 10)))
    }
  }

  /// The workflow, drill flag and state of a case, read on the acknowledgement path.
  func caseClockContext(_ caseNumber: Int64) throws -> (workflow: String, drill: Bool, state: String)? {
    try selectCaseContext.first(.int(caseNumber)) { row in
      (PreparedStatement.text(row, 0), PreparedStatement.int64(row, 1) != 0, PreparedStatement.text(row, 2))
    }
  }
}

extension SQLiteStore {
  static let clockColumns =
    "policy_id, started_at, due_at, provisional, status, remaining, met_at, stage, level, repeat_count, next_at"

  static func caseClock(_ row: Row) -> CaseClock {
    CaseClock(
      policyID: row[0], startedAt: row[1], dueAt: row[2], provisional: row[3],
      status: CaseClock.Status(rawValue: row[4]) ?? .running, remaining: row[5], metAt: row[6],
      alarm: ClockAlarm(stage: decode(row[7], level: row[8], repeat: row[9]), nextAt: row[10]))
  }

  static func encode(_ stage: ClockAlarm.Stage) -> (String, Int, Int) {
    switch stage {
    case .warning: ("warning", 0, 0)
    case .escalation(let level, let count): ("escalation", level, count)
    case .done: ("done", 0, 0)
    }
  }

  static func decode(_ stage: String, level: Int, repeat count: Int) -> ClockAlarm.Stage {
    switch stage {
    case "warning": .warning
    case "escalation": .escalation(level: level, repeat: count)
    default: .done
    }
  }
}
