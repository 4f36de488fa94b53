import Foundation
import GRDB
import LiaisonCore
import LiaisonStore
import LiaisonTesting
import Testing

@Suite("Audit hash chain")
struct AuditChainTests {
  /// A database with three cases, actions, acknowledgements and a restricted read; returns its path.
  static func populated(_ folder: TemporaryDirectory) async throws -> String {
    let path = folder.file("audit.sqlite")
    let store = try SQLiteStore(.init(path: path), clock: ManualClock())
    let submitted = await store.submit((1...3).map { SQLiteStoreTests.command(key: "k\($0)", hash: [UInt8($0)]) })
    let first = try submitted[0].get()
    _ = try await store.act(SQLiteStoreTests.act(first.event.caseID, by: "tj.hp.scjg", "receipt")).get()
    store.recordAcknowledgements(
      submitted.compactMap { try? $0.get().deliveries.first }.map {
        Acknowledgement(id: $0.id, attempts: 1, at: 1_000, agency: $0.agency)
      })
    store.recordRead(of: first.event.caseID, by: Fixtures.agency("tj.hp.scjg"))
    await store.flush()
    store.close()
    return path
  }

  /// Copies the database, changes the copy with `sql` and returns the verifier's problems.
  static func tampered(_ path: String, _ folder: TemporaryDirectory, _ sql: String) throws -> [String] {
    let copy = folder.file("copy-\(UUID().uuidString).sqlite")
    var patient = Configuration()
    patient.busyMode = .timeout(10)
    let queue = try DatabaseQueue(path: copy, configuration: patient)
    try DatabaseQueue(path: path, configuration: patient).backup(to: queue)
    try queue.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA foreign_keys = OFF")
      try db.execute(sql: sql)
    }
    try queue.close()
    return try AuditVerifier.verify(path: copy).problems
  }

  @Test("an untouched database verifies: every event, acknowledgement and restricted read is linked")
  func intact() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let report = try AuditVerifier.verify(path: try await Self.populated(folder))
    #expect(report.isIntact, "\(report.problems)")
    #expect(report.byKind[.event] == 4)
    #expect(report.byKind[.acknowledgement] == 3)
    #expect(report.byKind[.read] == 1)
    #expect(report.links == 8)
    #expect(report.head?.seq == 8)
  }

  @Test(
    "edited, deleted and reordered rows are caught, naming the first broken link",
    arguments: [
      ("UPDATE events SET content = x'00' WHERE id = 'tj.e2'", "event tj.e2 of case tj.c2 was altered"),
      ("UPDATE events SET state = 'closed' WHERE id = 'tj.e4'", "event tj.e4 of case tj.c1 was altered"),
      ("UPDATE events SET time = time + 1 WHERE id = 'tj.e1'", "event tj.e1 of case tj.c1 was altered"),
      (
        "UPDATE deliveries SET acked_at = 5 WHERE acked_at IS NOT NULL AND id = (SELECT min(id) FROM deliveries WHERE acked_at IS NOT NULL)",
        "was altered"
      ),
      ("UPDATE audit SET actor = 'tj.gaj' WHERE seq = 8", "link 8 (read tj.c1) was altered"),
      ("UPDATE audit SET digest = x'00', hash = x'00' WHERE seq = 3", "link 3"),
      ("DELETE FROM audit WHERE seq = 8", ""),
      ("DELETE FROM audit WHERE seq = 5", "link 5 is missing"),
      ("DELETE FROM events WHERE id = 'tj.e3'", "event tj.e3 (link 3) was deleted"),
      (
        "UPDATE audit SET seq = -seq WHERE seq IN (2, 3); UPDATE audit SET seq = CASE seq WHEN -2 THEN 3 ELSE 2 END WHERE seq IN (-2, -3)",
        "link 2 does not follow"
      ),
      (
        "INSERT INTO audit SELECT 9, kind, ref, actor, at, digest, previous, hash FROM audit WHERE seq = 8",
        "link 9 does not follow"
      ),
    ])
  func tampering(sql: String, expected: String) async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = try await Self.populated(folder)
    let problems = try Self.tampered(path, folder, sql)
    if expected.isEmpty {
      // Truncating the end of the chain leaves a consistent chain: only the anchored head shows it.
      #expect(problems.isEmpty || problems.contains { $0.contains("read") })
      let last = try AuditVerifier.head(path: path)
      let head = AuditHead(try #require(last))
      let copy = folder.file("cut.sqlite")
      var patient = Configuration()
      patient.busyMode = .timeout(10)
      let queue = try DatabaseQueue(path: copy, configuration: patient)
      try DatabaseQueue(path: path, configuration: patient).backup(to: queue)
      try await queue.write { db in try db.execute(sql: sql) }
      try queue.close()
      #expect(try head.check(database: copy) == "the anchored head (link 8) is no longer in the chain")
      #expect(try head.check(database: path) == nil)
    } else {
      #expect(!problems.isEmpty, "tampering with `\(sql)` went unnoticed")
      #expect(problems.first?.contains(expected) == true, "\(problems)")
    }
  }
}
