import GRDB
import LiaisonCore
import LiaisonTesting
import Testing

@testable import LiaisonStore

@Suite("Store migrations")
struct MigrationTests {
  @Test("v3 gives cases opened under the generic lifecycle their channel's workflow and first state")
  func workflowMigration() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("old.sqlite")
    do {
      let queue = try DatabaseQueue(path: path)
      try SQLiteStore.migrator.migrate(queue, upTo: "v2-attachments")
      try await queue.write { db in
        for (number, channel) in [(1, "referral"), (2, "criminal_transfer"), (3, "dispute")] {
          try db.execute(
            sql: """
              INSERT INTO cases(number, id, channel, state, sender, operator, addressees, copies, title, drill,
                confidentiality, opened_at, updated_at, last_sequence)
              VALUES (?, ?, ?, 'submitted', 'tj.scjg', NULL, 'tj.hp.scjg', '', 't', 0, 2, 0, 0, 1)
              """, arguments: [number, "tj.c\(number)", channel])
        }
      }
    }
    let store = try SQLiteStore(.init(path: path), clock: ManualClock())
    defer { store.close() }
    let states = try await ["tj.c1", "tj.c2", "tj.c3"].asyncMap { try await store.caseRecord($0) }
    #expect(states.map { $0?.state } == ["sent", "transferred", "applied"])
    #expect(states.map { $0?.workflow } == ["referral", "criminal_transfer", "dispute"])
  }

  @Test("v8 records who already signed their receipts, from the events, so nobody signs twice")
  func receiptsMigration() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("old.sqlite")
    do {
      let queue = try DatabaseQueue(path: path)
      try SQLiteStore.migrator.migrate(queue, upTo: "v7-federation")
      try await queue.write { db in
        try db.execute(
          sql: """
            INSERT INTO cases(number, id, channel, state, sender, operator, addressees, copies, title, drill,
              confidentiality, opened_at, updated_at, last_sequence, workflow)
            VALUES (1, 'tj.c1', 'referral', 'receipted', 'tj.scjg', NULL, 'tj.hp.scjg,tj.hx.scjg', '', 't', 0, 2, 0, 0, 3,
              'referral')
            """)
        for (seq, action, actor) in [
          (1, "submit", "tj.scjg"), (2, "receipt", "tj.hx.scjg"), (3, "comment", "tj.hp.scjg"),
        ] {
          try db.execute(
            sql: """
              INSERT INTO events(seq, id, case_id, case_number, sequence, action, actor, operator, time, state,
                idempotency_key, content, signature)
              VALUES (?, ?, 'tj.c1', 1, ?, ?, ?, NULL, 0, 'receipted', '', x'', x'')
              """, arguments: [seq, "e\(seq)", seq, action, actor])
        }
      }
    }
    let store = try SQLiteStore(.init(path: path), clock: ManualClock())
    defer { store.close() }
    let record = try #require(try await store.caseRecord("tj.c1"))
    #expect(record.receipted == [Fixtures.agency("tj.hx.scjg")])
    var machine = try CaseStateMachine(record)
    #expect(throws: LiaisonError.self) {
      try machine.apply("receipt", by: Fixtures.agency("tj.hx.scjg"), body: .receipt)
    }
    #expect(try machine.apply("receipt", by: Fixtures.agency("tj.hp.scjg"), body: .receipt).to == "receipted")
  }
}

extension Array {
  fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
    var result: [T] = []
    for element in self { result.append(try await transform(element)) }
    return result
  }
}
