import Foundation
import LiaisonCore
import LiaisonStore
import LiaisonTesting
import Synchronization
import Testing

@Suite("SQLite store")
struct SQLiteStoreTests {
  static func command(
    from sender: String = "tj.scjg", to: [String] = ["tj.hp.scjg"], copies: [String] = [], key: String = "",
    hash: [UInt8] = [1], attachments: [String] = []
  ) -> SubmitCommand {
    SubmitCommand(
      sender: Fixtures.agency(sender), operatorName: nil, channel: .referral, workflow: .referral,
      addressees: to.map(Fixtures.agency),
      copies: copies.map(Fixtures.agency), title: "无照经营", drill: false, confidentiality: 2, idempotencyKey: key,
      requestHash: hash, attachments: attachments, content: [1, 2, 3])
  }

  static func act(_ caseID: String, by actor: String, _ action: String, forwardTo: String? = nil, key: String = "")
    -> ActCommand
  {
    ActCommand(
      caseID: caseID, actor: Fixtures.agency(actor), operatorName: nil, action: action,
      body: WorkflowTable.referral.body(of: action), forwardTo: forwardTo.map(Fixtures.agency), idempotencyKey: key,
      requestHash: [9], attachments: [],
      content: [], signature: [])
  }

  /// Opens a store (of Tianjin, with peer brokers for `peers`) on a fresh file, runs `body`, closes
  /// and removes it.
  static func withStore<R>(
    peers: Set<String> = [], _ body: (SQLiteStore, TemporaryDirectory) async throws -> R
  ) async throws -> R {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let store = try SQLiteStore(.init(path: folder.file("l.sqlite"), peers: peers), clock: ManualClock())
    defer { store.close() }
    return try await body(store, folder)
  }

  @Test("the database is in WAL mode with synchronous=FULL on the writer, and migrations are named")
  func durabilitySettings() async throws {
    try await Self.withStore { store, _ in
      let (journal, synchronous, migrations) = try (
        store.journalMode(), store.writerSynchronousMode(), store.appliedMigrations()
      )
      #expect(journal == "wal")
      #expect(synchronous == 2)
      #expect(
        migrations == [
          "v1-cases-events-deliveries", "v2-attachments", "v3-case-workflow", "v4-clocks", "v5-supervisors",
          "v6-audit", "v7-federation",
        ])
    }
  }

  @Test("a submitted case, its event and its deliveries survive closing and reopening the file")
  func submitAndReopen() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    do {
      let store = try SQLiteStore(.init(path: folder.file("l.sqlite")), clock: ManualClock())
      let results = await store.submit([Self.command(copies: ["tj.hp.sfj"])])
      let committed = try results[0].get()
      #expect(committed.event.id == "tj.e1")
      #expect(committed.caseRecord.id == "tj.c1")
      #expect(committed.deliveries.map(\.agency.rawValue) == ["tj.hp.scjg", "tj.hp.sfj"])
      #expect(committed.deliveries.map(\.role) == [.addressee, .copy])
      store.close()
    }
    let reopened = try SQLiteStore(.init(path: folder.file("l.sqlite")), clock: ManualClock())
    defer { reopened.close() }
    let record = try #require(try await reopened.caseRecord("tj.c1"))
    #expect(record.state == "sent")
    #expect(record.workflow == "referral")
    #expect(try await reopened.events(ofCase: "tj.c1").map(\.content) == [[1, 2, 3]])
    #expect(try await reopened.pendingDeliveries().count == 2)
    let next = try await reopened.submit([Self.command()])[0].get()
    #expect(next.caseRecord.id == "tj.c2", "numbering continues after a restart")
  }

  @Test("the same key with the same request returns the original; with another request it is refused")
  func idempotency() async throws {
    try await Self.withStore { store, _ in
      let first = try await store.submit([Self.command(key: "k1", hash: [1])])[0].get()
      let retry = try await store.submit([Self.command(key: "k1", hash: [1])])[0].get()
      #expect(retry.duplicate)
      #expect(retry.event.id == first.event.id)
      #expect(retry.deliveries.isEmpty)
      let conflict = await store.submit([Self.command(key: "k1", hash: [2])])[0]
      #expect(throws: LiaisonError.self) { try conflict.get() }
      if case .failure(let error) = conflict { #expect(error.code == .idempotencyConflict) }
      let other = try await store.submit([Self.command(from: "tj.sthj", key: "k1", hash: [2])])[0].get()
      #expect(!other.duplicate, "keys are per sender")
      #expect(try await store.listCases(for: Fixtures.agency("tj.hp.scjg"), .init()).0.count == 2)
    }
  }

  @Test("a replay inside one batch is answered from the same batch")
  func replayInBatch() async throws {
    try await Self.withStore { store, _ in
      let results = await store.submit([
        Self.command(key: "k"), Self.command(key: "k"), Self.command(key: "k", hash: [7]),
      ])
      let (first, second) = try (results[0].get(), results[1].get())
      #expect(second.duplicate)
      #expect(second.event.id == first.event.id)
      #expect(throws: LiaisonError.self) { try results[2].get() }
    }
  }

  @Test("concurrent requests are committed together in one transaction")
  func groupCommit() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let batches = Mutex<[Int]>([])
    let store = try SQLiteStore(
      .init(path: folder.file("l.sqlite")), clock: ManualClock(),
      batchObserver: { count, _ in batches.withLock { $0.append(count) } })
    defer { store.close() }
    await withTaskGroup(of: Void.self) { group in
      for index in 0..<200 {
        group.addTask { _ = await store.submit([Self.command(key: "k\(index)")]) }
      }
    }
    let seen = batches.withLock { $0 }
    #expect(seen.reduce(0, +) == 200)
    #expect(seen.count < 200, "some requests shared a commit: \(seen)")
  }

  @Test("actions follow the workflow, forward adds an addressee, and refusals write nothing")
  func actions() async throws {
    try await Self.withStore { store, _ in
      _ = try await store.submit([Self.command()])[0].get()
      let receipt = try await store.act(Self.act("tj.c1", by: "tj.hp.scjg", "receipt")).get()
      #expect(receipt.event.sequence == 2)
      #expect(receipt.caseRecord.state == "receipted")
      #expect(receipt.deliveries.map(\.agency.rawValue) == ["tj.scjg"])
      let forward = try await store.act(Self.act("tj.c1", by: "tj.hp.scjg", "forward", forwardTo: "tj.hx.scjg")).get()
      #expect(forward.caseRecord.addressees.map(\.rawValue) == ["tj.hx.scjg"])
      #expect(forward.caseRecord.copies.map(\.rawValue) == ["tj.hp.scjg"])
      #expect(Set(forward.deliveries.map(\.agency.rawValue)) == ["tj.scjg", "tj.hx.scjg"])
      let stranger = await store.act(Self.act("tj.c1", by: "tj.gaj", "comment"))
      #expect(throws: LiaisonError.self) { try stranger.get() }
      let missing = await store.act(Self.act("tj.c99", by: "tj.scjg", "comment"))
      if case .failure(let error) = missing {
        #expect(error.code == .caseNotFound)
      } else {
        Issue.record("expected failure")
      }
      #expect(try await store.events(ofCase: "tj.c1").count == 3)
      #expect(
        try await store.listCases(for: Fixtures.agency("tj.hx.scjg"), .init(role: .addressee)).0.map(\.id) == ["tj.c1"])
    }
  }

  @Test("acknowledgements and redelivery errors are recorded and leave the pending set")
  func acknowledgements() async throws {
    try await Self.withStore { store, _ in
      let committed = try await store.submit([Self.command(copies: ["tj.hp.sfj"])])[0].get()
      let (first, second) = (committed.deliveries[0].id, committed.deliveries[1].id)
      store.recordRedeliveries([(id: first, attempts: 1, error: "not acknowledged within 30000 ms")])
      store.recordAcknowledgements([Acknowledgement(id: second, attempts: 2, at: 42)])
      await store.flush()
      let deliveries = try await store.deliveries(ofCase: "tj.c1")
      #expect(deliveries[0].lastError.contains("30000"))
      #expect(deliveries[0].acknowledgedAt == nil)
      #expect(deliveries[1].acknowledgedAt == 42)
      #expect(deliveries[1].attempts == 2)
      #expect(try await store.pendingDeliveries().map(\.0.id) == [first])
    }
  }

  @Test("cases list newest first, by role, page by page")
  func listing() async throws {
    try await Self.withStore { store, _ in
      for _ in 0..<5 { _ = try await store.submit([Self.command()])[0].get() }
      _ = try await store.submit([Self.command(from: "tj.hp.scjg", to: ["tj.scjg"])])[0].get()
      let scjg = Fixtures.agency("tj.scjg")
      let (page1, token) = try await store.listCases(for: scjg, .init(limit: 4))
      #expect(page1.map(\.id) == ["tj.c6", "tj.c5", "tj.c4", "tj.c3"])
      let (page2, end) = try await store.listCases(for: scjg, .init(limit: 4, before: token))
      #expect(page2.map(\.id) == ["tj.c2", "tj.c1"])
      #expect(end == nil)
      #expect(try await store.listCases(for: scjg, .init(role: .addressee)).0.map(\.id) == ["tj.c6"])
      #expect(try await store.listCases(for: Fixtures.agency("tj.gaj"), .init()).0.isEmpty)
    }
  }

  @Test("attachments are stored by digest and readable by uploader and case parties only")
  func attachments() async throws {
    try await Self.withStore { store, _ in
      let digest = String(repeating: "a", count: 64)
      let missing = await store.submit([Self.command(attachments: [digest])])[0]
      if case .failure(let error) = missing {
        #expect(error.code == .attachmentNotFound)
        #expect(error.fieldPath == "attachments[0].sha256")
      } else {
        Issue.record("expected a refusal")
      }
      try await store.putAttachment(
        .init(
          sha256: digest, size: 3, mediaType: "text/plain", title: "t", uploadedBy: Fixtures.agency("tj.scjg"),
          uploadedAt: 1),
        data: [1, 2, 3])
      #expect(try await store.mayRead(attachment: digest, agency: Fixtures.agency("tj.scjg")))
      #expect(try await !store.mayRead(attachment: digest, agency: Fixtures.agency("tj.hp.scjg")))
      _ = try await store.submit([Self.command(attachments: [digest])])[0].get()
      #expect(try await store.mayRead(attachment: digest, agency: Fixtures.agency("tj.hp.scjg")))
      #expect(try await store.attachment(digest)?.1 == [1, 2, 3])
    }
  }
}
