import Crypto
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
    let engine = try Fixtures.engine()
    let submitted = try await store.commit(
      (1...3).map { Commands.referral(key: "k\($0)", hash: [UInt8($0)]) }, engine: engine
    ).value.get()
    let first = try submitted[0].answer.get()
    _ = try await store.commit(.act(Commands.act(first.event.caseID, by: "tj.hp.scjg", .receipt)), engine: engine)
      .get().answer.get()
    _ = store.commit(
      submitted.compactMap { $0.committed.first?.deliveries.first }.map {
        .acknowledged(
          Acknowledgement(
            id: $0.id, attempts: 1, at: 1_000, agency: $0.agency, caseID: $0.caseID, role: $0.role, action: .submit))
      }, engine: engine)
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
    #expect(report.byKind[.acknowledgement] == 1, "one link for the acknowledgements of one message")
    #expect(report.byKind[.read] == 1)
    #expect(report.links == 6)
    #expect(report.head?.seq == 6)
  }

  @Test(
    "edited, deleted and reordered rows are caught, naming the first broken link",
    arguments: [
      ("UPDATE events SET content = x'00' WHERE id = 'tj.e2'", "event tj.e2 of case tj.c2 was altered"),
      ("UPDATE events SET state = 'closed' WHERE id = 'tj.e4'", "event tj.e4 of case tj.c1 was altered"),
      ("UPDATE events SET time = time + 1 WHERE id = 'tj.e1'", "event tj.e1 of case tj.c1 was altered"),
      (
        "UPDATE deliveries SET acked_at = 5 WHERE acked_at IS NOT NULL AND id = (SELECT min(id) FROM deliveries WHERE acked_at IS NOT NULL)",
        "link 5: the acknowledgements of deliveries"
      ),
      ("UPDATE audit SET actor = 'tj.gaj' WHERE seq = 6", "link 6 (read tj.c1) was altered"),
      ("UPDATE audit SET digest = x'00', hash = x'00' WHERE seq = 3", "link 3"),
      ("DELETE FROM audit WHERE seq = 6", ""),
      ("DELETE FROM audit WHERE seq = 5", "link 5 is missing"),
      ("DELETE FROM events WHERE id = 'tj.e3'", "event tj.e3 (link 3) was deleted"),
      (
        "UPDATE audit SET seq = -seq WHERE seq IN (2, 3); UPDATE audit SET seq = CASE seq WHEN -2 THEN 3 ELSE 2 END WHERE seq IN (-2, -3)",
        "link 2 does not follow"
      ),
      (
        "INSERT INTO audit SELECT 7, kind, ref, actor, at, digest, previous, hash FROM audit WHERE seq = 6",
        "link 7 does not follow"
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
      #expect(try head.check(database: copy) == "the anchored head (link 6) is no longer in the chain")
      #expect(try head.check(database: path) == nil)
    } else {
      #expect(!problems.isEmpty, "tampering with `\(sql)` went unnoticed")
      #expect(problems.first?.contains(expected) == true, "\(problems)")
    }
  }
}

@Suite("Canonical hashing")
struct CanonicalHashingTests {
  @Test("hashing fields as they come equals hashing their canonical encoding")
  func sameDigest() {
    let event = EventRecord(
      seq: 7, id: "tj.e7", caseID: "tj.c3", sequence: 2, action: "receipt", actor: Fixtures.agency("tj.hp.scjg"),
      operatorName: "王伟", time: 1_764_460_800_000, state: "receipted", idempotencyKey: "k-7",
      content: Array("签收".utf8) + [0, 255, 7], signature: [1, 2, 3])
    var encoder = CanonicalEncoder()
    encoder.append("event")
    for field in [event.id, event.caseID] { encoder.append(field) }
    encoder.append(event.sequence)
    for field in [event.action.rawValue, event.actor.rawValue, event.operatorName ?? ""] { encoder.append(field) }
    encoder.append(event.time)
    for field in [event.state, event.idempotencyKey] { encoder.append(field) }
    encoder.append(Array(SHA256.hash(data: event.content)))
    encoder.append(event.signature)
    #expect(AuditLink.digest(of: event) == Array(SHA256.hash(data: encoder.bytes)))
  }
}
