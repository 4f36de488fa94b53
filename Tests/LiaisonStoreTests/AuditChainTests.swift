import Crypto
import Foundation
import GRDB
import LiaisonCore
import LiaisonStore
import LiaisonTesting
import Testing

@Suite("Audit hash chain")
struct AuditChainTests {
  /// A database with three cases, actions, acknowledgements, a restricted read and an uploaded
  /// attachment; returns its path. Its links: events tj.e1–e3 (1–3), cases tj.c1–c3 (4–6), tj.e4
  /// (7), tj.c1 again (8), the acknowledgements (9), the read (10), the upload (11).
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
    let photo = Array("现场照片".utf8)
    try await store.putAttachment(
      AttachmentRecord(
        sha256: Hex.encode(Array(SHA256.hash(data: photo))), size: Int64(photo.count), mediaType: "image/jpeg",
        title: "现场照片", uploadedBy: Fixtures.agency("tj.scjg"), uploadedAt: 2_000),
      data: photo)
    store.close()
    return path
  }

  /// Copies the database, changes the copy with `sql` and returns the verifier's problems and
  /// the error opening the store on it gives (nil if it opens).
  static func tampered(_ path: String, _ folder: TemporaryDirectory, _ sql: String) throws -> (
    problems: [String], refusal: String?
  ) {
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
    let problems = try AuditVerifier.verify(path: copy).problems
    do {
      try SQLiteStore(.init(path: copy), clock: ManualClock()).close()
      return (problems, nil)
    } catch {
      return (problems, "\(error)")
    }
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
    #expect(report.byKind[.caseState] == 4, "one link per case per transaction that changed it")
    #expect(report.byKind[.upload] == 1)
    #expect(report.links == 11)
    #expect(report.head?.seq == 11)
  }

  @Test(
    "edited, deleted and reordered rows are caught, naming the first broken link",
    arguments: [
      ("UPDATE events SET content = x'00' WHERE id = 'tj.e2'", "event tj.e2 of case tj.c2 was altered"),
      ("UPDATE events SET state = 'closed' WHERE id = 'tj.e4'", "event tj.e4 of case tj.c1 was altered"),
      ("UPDATE events SET time = time + 1 WHERE id = 'tj.e1'", "event tj.e1 of case tj.c1 was altered"),
      (
        "UPDATE deliveries SET acked_at = 5 WHERE acked_at IS NOT NULL AND id = (SELECT min(id) FROM deliveries WHERE acked_at IS NOT NULL)",
        "link 9: the acknowledgements of deliveries"
      ),
      ("UPDATE audit SET actor = 'tj.gaj' WHERE seq = 10", "link 10 (read tj.c1) was altered"),
      ("UPDATE audit SET digest = x'00', hash = x'00' WHERE seq = 3", "link 3"),
      ("DELETE FROM audit WHERE seq = 11", ""),
      ("DELETE FROM audit WHERE seq = 5", "link 5 is missing"),
      ("DELETE FROM events WHERE id = 'tj.e3'", "event tj.e3 (link 3) was deleted"),
      (
        "UPDATE audit SET seq = -seq WHERE seq IN (2, 3); UPDATE audit SET seq = CASE seq WHEN -2 THEN 3 ELSE 2 END WHERE seq IN (-2, -3)",
        "link 2 does not follow"
      ),
      (
        "INSERT INTO audit SELECT 12, kind, ref, actor, at, digest, previous, hash FROM audit WHERE seq = 11",
        "link 12 does not follow"
      ),
      // The tables the broker reads beside the events (issue: the record outside the chain).
      (
        "UPDATE events SET seq = -seq WHERE seq IN (2, 3); UPDATE events SET seq = CASE seq WHEN -2 THEN 3 ELSE 2 END WHERE seq < 0",
        "event tj.e2 of case tj.c2 was altered after it was recorded (link 2): a field, its place in the global order"
      ),
      ("UPDATE events SET case_number = 2 WHERE id = 'tj.e4'", "event tj.e4 of case tj.c1 was altered"),
      (
        "INSERT INTO case_parties(agency, case_number, role) VALUES ('tj.gaj', 1, 'copy')",
        "case tj.c1 was changed after link 8 recorded it"
      ),
      ("UPDATE cases SET state = 'closed' WHERE number = 2", "case tj.c2 was changed after link 5 recorded it"),
      ("UPDATE cases SET addressees = 'tj.gaj' WHERE number = 3", "case tj.c3 was changed after link 6 recorded it"),
      ("UPDATE attachments SET data = x'00'", "(link 11): its stored bytes no longer match their SHA-256"),
      ("UPDATE attachments SET uploaded_by = 'tj.gaj'", "was changed after link 11 recorded its upload"),
      (
        "UPDATE deliveries SET agency = 'tj.gaj' WHERE id = (SELECT max(id) FROM deliveries)",
        "goes to tj.gaj, who is not a party to case"
      ),
    ])
  func tampering(sql: String, expected: String) async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = try await Self.populated(folder)
    let (problems, refusal) = try Self.tampered(path, folder, sql)
    if expected.isEmpty {
      // Truncating the end of the chain leaves a consistent chain: only the anchored head shows it.
      #expect(problems.isEmpty || problems.allSatisfy { $0.contains("attachment") })
      let last = try AuditVerifier.head(path: path)
      let head = AuditHead(try #require(last))
      let copy = folder.file("cut.sqlite")
      var patient = Configuration()
      patient.busyMode = .timeout(10)
      let queue = try DatabaseQueue(path: copy, configuration: patient)
      try DatabaseQueue(path: path, configuration: patient).backup(to: queue)
      try await queue.write { db in try db.execute(sql: sql) }
      try queue.close()
      #expect(try head.check(database: copy) == "the anchored head (link 11) is no longer in the chain")
      #expect(try head.check(database: path) == nil)
    } else {
      #expect(!problems.isEmpty, "tampering with `\(sql)` went unnoticed")
      #expect(problems.first?.contains(expected) == true, "\(problems)")
      // The broker does not open it: its quick check at start names the same first problem.
      #expect(refusal?.contains("does not match its audit chain") == true, "\(refusal ?? "opened")")
      #expect(refusal?.contains(expected) == true, "\(refusal ?? "opened")")
    }
  }
}

extension AuditChainTests {
  @Test("bytes that no longer match their SHA-256 are never served, even when the start check is off")
  func replacedAttachment() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = try await Self.populated(folder)
    let database = try DatabaseQueue(path: path)
    try await database.write { db in try db.execute(sql: "UPDATE attachments SET data = x'00'") }
    try database.close()
    let store = try SQLiteStore(.init(path: path, checkLinks: 0), clock: ManualClock())
    defer { store.close() }
    let photo = Hex.encode(Array(SHA256.hash(data: Array("现场照片".utf8))))
    await #expect(throws: LiaisonError.self) { _ = try await store.attachment(photo) }
  }
}

@Suite("Canonical hashing")
struct CanonicalHashingTests {
  @Test(
    "hashing fields as they come equals hashing their canonical encoding, with short and long fields",
    arguments: [3, 1_000, 5_000])
  func sameDigest(signatureSize: Int) {
    let event = EventRecord(
      seq: 7, id: "tj.e7", caseID: "tj.c3", sequence: 2, action: "receipt", actor: Fixtures.agency("tj.hp.scjg"),
      operatorName: "王伟", time: 1_764_460_800_000, state: "receipted", idempotencyKey: "k-7",
      content: Array("签收".utf8) + [0, 255, 7], signature: (0..<signatureSize).map { UInt8($0 % 251) })
    var encoder = CanonicalEncoder()
    encoder.append("event-v2")
    encoder.append(event.seq)
    encoder.append(Int64(3))
    for field in [event.id, event.caseID] { encoder.append(field) }
    encoder.append(event.sequence)
    for field in [event.action.rawValue, event.actor.rawValue, event.operatorName ?? ""] { encoder.append(field) }
    encoder.append(event.time)
    for field in [event.state, event.idempotencyKey] { encoder.append(field) }
    encoder.append(Array(SHA256.hash(data: event.content)))
    encoder.append(event.signature)
    #expect(AuditLink.digest(of: event, caseNumber: 3) == Array(SHA256.hash(data: encoder.bytes)))
  }
}
