import GRDB
import LiaisonCore

extension SQLiteStore {
  /// Fills the store with `count` open criminal-transfer cases, each with a running
  /// `crim.filing_decision` clock whose alarm is due at `firstDue + index × spacing` (benchmarks of
  /// the deadline scheduler). One transaction per 100,000 cases.
  public func insertSyntheticDeadlines(
    count: Int, firstDue: Int64, spacing: Int64, sender: AgencyID, receiver: AgencyID
  )
    throws
  {
    var next = try pool.read { db in try Int64.fetchOne(db, sql: "SELECT max(number) FROM cases") ?? 0 } + 1
    var remaining = count
    var index: Int64 = 0
    while remaining > 0 {
      let chunk = min(remaining, 100_000)
      try pool.write { db in
        let cases = try PreparedStatement(
          db,
          """
          INSERT INTO cases(number, id, channel, state, sender, operator, addressees, copies, title, drill,
            confidentiality, opened_at, updated_at, last_sequence, workflow, supervisors)
          VALUES (?, ?, 'criminal_transfer', 'receipted', ?, NULL, ?, '', 'synthetic', 0, 2, ?, ?, 2,
            'criminal_transfer', '')
          """)
        let clocks = try PreparedStatement(
          db,
          """
          INSERT INTO clocks(case_number, position, \(Self.clockColumns))
          VALUES (?, 0, 'crim.filing_decision', ?, ?, 0, 'running', 0, NULL, 'escalation', 0, 0, ?, '', 'ND', ?, 3)
          """)
        var audit = try AuditAppender(db)
        for _ in 0..<chunk {
          let due = firstDue + index * spacing
          try cases.execute(
            .int(next), .text("\(configuration.region).c\(next)"), .text(sender.rawValue), .text(receiver.rawValue),
            .int(due - 86_400_000), .int(due - 86_400_000))
          try clocks.execute(.int(next), .int(due - 86_400_000), .int(due), .int(due), .int(due - 86_400_000))
          // Behind no event, but in the audit chain like every case.
          if let snapshot = try CaseSnapshot.load(db, number: next) {
            try audit.append(AuditLink.entry(for: snapshot, at: due - 86_400_000))
          }
          next += 1
          index += 1
        }
      }
      // Written outside the writer thread: synced here, before anything reads it.
      try walSync.syncNow()
      remaining -= chunk
    }
  }

  /// The commit times of the `escalate` events of `crim.filing_decision`, with their clocks' due times.
  public func escalationTimes() async throws -> [(due: Int64, raised: Int64)] {
    try await read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT k.due_at, e.time FROM events e JOIN clocks k ON k.case_number = e.case_number
          WHERE e.action = 'escalate' AND k.policy_id = 'crim.filing_decision' ORDER BY e.seq
          """
      ).map { (due: $0[0], raised: $0[1]) }
    }
  }
}
