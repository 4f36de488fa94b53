import GRDB
import GRDBSQLite
import LiaisonCore

extension BatchWriter {
  /// Runs the case's clocks through `event` (which left the case in `state`) and stores them.
  mutating func advanceClocks(_ record: CaseRecord, caseNumber: Int64, event: String) throws {
    guard let rules else { return }
    var clocks = try loadClocks(caseNumber)
    let before = clocks
    rules.planner(for: record.workflow, drill: record.drill).apply(
      event: event, state: record.state, at: now, to: &clocks)
    guard clocks != before else { return }
    try db.cachedStatement(sql: "DELETE FROM clocks WHERE case_number = ?").execute(arguments: [caseNumber])
    for (order, clock) in clocks.enumerated() { try saveClock(clock, caseNumber: caseNumber, order: order) }
    clocksChanged = true
  }

  func loadClocks(_ caseNumber: Int64) throws -> [CaseClock] {
    try Row.fetchAll(
      db.cachedStatement(sql: "SELECT \(SQLiteStore.clockColumns) FROM clocks WHERE case_number = ? ORDER BY position"),
      arguments: [caseNumber]
    ).map(SQLiteStore.caseClock)
  }

  private func saveClock(_ clock: CaseClock, caseNumber: Int64, order: Int) throws {
    let (stage, level, count) = SQLiteStore.encode(clock.alarm.stage)
    try db.cachedStatement(
      sql: """
        INSERT INTO clocks(case_number, position, policy_id, started_at, due_at, provisional, status, remaining,
          met_at, stage, level, repeat_count, next_at)
        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
        """
    ).execute(arguments: [
      caseNumber, order, clock.policyID, clock.startedAt, clock.dueAt, clock.provisional, clock.status.rawValue,
      clock.remaining, clock.metAt, stage, level, count, clock.alarm.nextAt,
    ])
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
