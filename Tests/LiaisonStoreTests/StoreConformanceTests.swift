import Crypto
import Foundation
import LiaisonCore
import LiaisonStore
import LiaisonTesting
import Synchronization
import Testing

/// What every store must guarantee, one test body per guarantee, run against every store kind
/// (``StoreKind``): commit before confirm, idempotency, per-case order, refusals that write nothing,
/// acknowledgements, listing, attachments, the deadlines-due query, the outbound queue's order and
/// bounds, the audit chain's continuity, backup and restore, and the commit feed's order.
@Suite("Store conformance")
struct StoreConformanceTests {
  static let scjg = Fixtures.agency("tj.scjg")

  @Test(
    "a confirmed case, its event and deliveries survive a restart; numbering continues", arguments: StoreKind.allCases)
  func commitBeforeConfirm(kind: StoreKind) async throws {
    try await StoreHarness.with(kind) { harness in
      let committed = try await harness.answer(Commands.referral(copies: ["tj.hp.sfj"])).get()
      #expect(committed.event.id == "tj.e1")
      #expect(committed.caseRecord.id == "tj.c1")
      #expect(committed.deliveries.map(\.agency.rawValue) == ["tj.hp.scjg", "tj.hp.sfj"])
      #expect(committed.deliveries.map(\.role) == [.addressee, .copy])
      let reopened = try harness.reopened()
      defer { reopened.close() }
      let record = try #require(try await reopened.store.caseRecord("tj.c1"))
      #expect(record.state == "sent")
      #expect(record.workflow == "referral")
      #expect(try await reopened.store.events(ofCase: "tj.c1").map(\.content) == [[1, 2, 3]])
      #expect(try await reopened.store.pendingDeliveries().count == 2)
      let next = try await reopened.answer(Commands.referral()).get()
      #expect(next.caseRecord.id == "tj.c2", "numbering continues after a restart")
    }
  }

  @Test(
    "the same key with the same request returns the original; with another it is refused; keys are per agency",
    arguments: StoreKind.allCases)
  func idempotency(kind: StoreKind) async throws {
    try await StoreHarness.with(kind) { harness in
      let first = try await harness.answer(Commands.referral(key: "k1", hash: [1])).get()
      let retry = try await harness.answer(Commands.referral(key: "k1", hash: [1])).get()
      #expect(retry.duplicate)
      #expect(retry.event.id == first.event.id)
      #expect(retry.deliveries.isEmpty)
      let conflict = try await harness.answer(Commands.referral(key: "k1", hash: [2]))
      #expect(conflict.failure?.code == .idempotencyConflict)
      let other = try await harness.answer(Commands.referral(from: "tj.sthj", key: "k1", hash: [2])).get()
      #expect(!other.duplicate, "keys are per sender")
      #expect(try await harness.store.listCases(for: Fixtures.agency("tj.hp.scjg"), .init()).0.count == 2)
    }
  }

  @Test("a retry inside one commit is answered from the same commit", arguments: StoreKind.allCases)
  func replayInBatch(kind: StoreKind) async throws {
    try await StoreHarness.with(kind) { harness in
      let results = try await harness.commit([
        Commands.referral(key: "k"), Commands.referral(key: "k"), Commands.referral(key: "k", hash: [7]),
      ])
      let (first, second) = try (results[0].answer.get(), results[1].answer.get())
      #expect(second.duplicate)
      #expect(second.event.id == first.event.id)
      #expect(results[2].answer.failure?.code == .idempotencyConflict)
    }
  }

  @Test("concurrent requests share transactions; the feed reports each commit in order", arguments: StoreKind.allCases)
  func groupCommit(kind: StoreKind) async throws {
    try await StoreHarness.with(kind) { harness in
      let commits = harness.store.commits()
      await withTaskGroup(of: Void.self) { group in
        for index in 0..<200 {
          group.addTask { _ = try? await harness.commit([Commands.referral(key: "k\(index)")]) }
        }
      }
      var requests = 0
      var transactions = 0
      var seqs: [Int64] = []
      for await record in commits {
        requests += record.requests
        transactions += 1
        seqs += record.events.map(\.event.seq)
        if requests >= 200 { break }
      }
      #expect(requests == 200)
      #expect(transactions < 200, "some requests shared a commit")
      #expect(seqs == seqs.sorted() && seqs.count == 200, "the feed is in commit order")
    }
  }

  @Test("actions follow the workflow in order; refusals write nothing", arguments: StoreKind.allCases)
  func perCaseOrder(kind: StoreKind) async throws {
    try await StoreHarness.with(kind) { harness in
      _ = try await harness.answer(Commands.referral()).get()
      let receipt = try await harness.answer(.act(Commands.act("tj.c1", by: "tj.hp.scjg", .receipt))).get()
      #expect(receipt.event.sequence == 2)
      #expect(receipt.caseRecord.state == "receipted")
      #expect(receipt.deliveries.map(\.agency.rawValue) == ["tj.scjg"])
      let forward = try await harness.answer(
        .act(Commands.act("tj.c1", by: "tj.hp.scjg", .forward, forwardTo: "tj.hx.scjg"))
      ).get()
      #expect(forward.caseRecord.addressees.map(\.rawValue) == ["tj.hx.scjg"])
      #expect(forward.caseRecord.copies.map(\.rawValue) == ["tj.hp.scjg"])
      #expect(Set(forward.deliveries.map(\.agency.rawValue)) == ["tj.scjg", "tj.hx.scjg"])
      let stranger = try await harness.answer(.act(Commands.act("tj.c1", by: "tj.gaj", .comment)))
      #expect(stranger.failure != nil)
      let missing = try await harness.answer(.act(Commands.act("tj.c99", by: "tj.scjg", .comment)))
      #expect(missing.failure?.code == .caseNotFound)
      let events = try await harness.store.events(ofCase: "tj.c1")
      #expect(events.map(\.sequence) == [1, 2, 3])
      #expect(
        try await harness.store.listCases(for: Fixtures.agency("tj.hx.scjg"), .init(role: .addressee)).0.map(\.id)
          == ["tj.c1"])
      // Concurrent actions on one case get consecutive sequences, never the same one twice.
      await withTaskGroup(of: Void.self) { group in
        for index in 0..<20 {
          group.addTask {
            _ = try? await harness.answer(.act(Commands.act("tj.c1", by: "tj.scjg", .comment, key: "c\(index)")))
          }
        }
      }
      let after = try await harness.store.events(ofCase: "tj.c1").map(\.sequence)
      #expect(after == Array(1...23))
    }
  }

  @Test(
    "acknowledgements and redelivery errors are recorded; a repeated acknowledgement changes nothing",
    arguments: StoreKind.allCases)
  func acknowledgements(kind: StoreKind) async throws {
    try await StoreHarness.with(kind) { harness in
      let committed = try await harness.answer(Commands.referral(copies: ["tj.hp.sfj"])).get()
      let (first, second) = (committed.deliveries[0], committed.deliveries[1])
      harness.store.recordRedeliveries([(id: first.id, attempts: 1, error: "not acknowledged within 30000 ms")])
      try await harness.acknowledge([second], at: 42)
      try await harness.acknowledge([second], at: 99)
      await harness.store.flush()
      let deliveries = try await harness.store.deliveries(ofCase: "tj.c1")
      #expect(deliveries[0].lastError.contains("30000"))
      #expect(deliveries[0].acknowledgedAt == nil)
      #expect(deliveries[1].acknowledgedAt == 42, "the first acknowledgement counts")
      #expect(try await harness.store.pendingDeliveries().map(\.0.id) == [first.id])
    }
  }

  @Test("cases list newest first, by role, page by page", arguments: StoreKind.allCases)
  func listing(kind: StoreKind) async throws {
    try await StoreHarness.with(kind) { harness in
      for _ in 0..<5 { _ = try await harness.answer(Commands.referral()).get() }
      _ = try await harness.answer(Commands.referral(from: "tj.hp.scjg", to: ["tj.scjg"])).get()
      let (page1, token) = try await harness.store.listCases(for: Self.scjg, .init(limit: 4))
      #expect(page1.map(\.id) == ["tj.c6", "tj.c5", "tj.c4", "tj.c3"])
      let (page2, end) = try await harness.store.listCases(for: Self.scjg, .init(limit: 4, before: token))
      #expect(page2.map(\.id) == ["tj.c2", "tj.c1"])
      #expect(end == nil)
      #expect(try await harness.store.listCases(for: Self.scjg, .init(role: .addressee)).0.map(\.id) == ["tj.c6"])
      #expect(try await harness.store.listCases(for: Fixtures.agency("tj.gaj"), .init()).0.isEmpty)
    }
  }

  @Test(
    "attachments are kept by digest and readable by the uploader and the case's parties", arguments: StoreKind.allCases)
  func attachments(kind: StoreKind) async throws {
    try await StoreHarness.with(kind) { harness in
      let digest = Hex.encode(Array(SHA256.hash(data: [1, 2, 3] as [UInt8])))
      let missing = try await harness.answer(Commands.referral(attachments: [digest]))
      #expect(missing.failure?.code == .attachmentNotFound)
      #expect(missing.failure?.fieldPath == "attachments[0].sha256")
      try await harness.store.putAttachment(
        .init(sha256: digest, size: 3, mediaType: "text/plain", title: "t", uploadedBy: Self.scjg, uploadedAt: 1),
        data: [1, 2, 3])
      let receiver = Fixtures.agency("tj.hp.scjg")
      #expect(try await harness.store.access(toAttachment: digest, by: Self.scjg).uploader)
      var access = try await harness.store.access(toAttachment: digest, by: receiver)
      #expect(!access.uploader && access.cases.isEmpty && !access.allows(receiver))
      let opened = try await harness.answer(Commands.referral(attachments: [digest])).get()
      access = try await harness.store.access(toAttachment: digest, by: receiver)
      #expect(access.cases.map(\.id) == [opened.event.caseID] && access.allows(receiver))
      #expect(access.restrictedCases(for: receiver).isEmpty, "an ordinary referral is not restricted")
      #expect(try await harness.store.attachment(digest)?.1 == [1, 2, 3])
    }
  }

  @Test(
    "due alarms are found by time, fire once even when fired twice at once, and move on", arguments: StoreKind.allCases)
  func deadlinesDue(kind: StoreKind) async throws {
    try await StoreHarness.with(kind) { harness in
      // A transfer approved now: its 24-hour delivery deadline runs.
      let approvedAt = harness.clock.nowMillis()
      _ = try await harness.answer(Commands.criminalTransfer(approvedAt: approvedAt)).get()
      let next = try #require(try await harness.store.nextAlarm())
      #expect(next == approvedAt + 24 * 3_600_000)
      #expect(try await harness.store.dueAlarms(at: next - 1, limit: 10).isEmpty)
      harness.clock.advance(byMillis: 24 * 3_600_000)
      let due = try await harness.store.dueAlarms(at: harness.clock.nowMillis(), limit: 10)
      #expect(due == ["tj.c1"])
      // Two schedulers (or nodes) firing the same alarm: one escalation.
      let results = try await harness.commit(due.map { .alarm(caseID: $0) } + due.map { .alarm(caseID: $0) })
      #expect(results.flatMap(\.committed).map(\.event.action) == [.escalate])
      #expect(try await harness.store.dueAlarms(at: harness.clock.nowMillis(), limit: 10).isEmpty)
      let escalation = try #require(results[0].committed.first)
      #expect(Set(escalation.deliveries.map(\.agency.rawValue)).isSuperset(of: ["tj.hp.gov"]))
    }
  }

  @Test(
    "events for a peer region are queued with the event, in order, bounded by count and bytes",
    arguments: StoreKind.allCases)
  func outboundQueue(kind: StoreKind) async throws {
    try await StoreHarness.with(kind, peers: ["bj"]) { harness in
      for index in 0..<10 {
        _ = try await harness.answer(
          Commands.referral(
            to: ["bj.scjg"], key: "k\(index)", content: [UInt8](repeating: UInt8(index), count: 100_000))
        ).get()
      }
      // A Tianjin-only case queues nothing.
      _ = try await harness.answer(Commands.referral(key: "local")).get()
      let store = harness.store
      #expect(try await store.outboundStats().map(\.depth) == [10])
      let all = try await store.outbound(peer: "bj", after: 0, limit: 512, maxBytes: .max)
      #expect(all.count == 10)
      #expect(all.map(\.id) == all.map(\.id).sorted())
      // 100 kB each: the read stops with the item that reaches 250 kB.
      let bounded = try await store.outbound(peer: "bj", after: 0, limit: 512, maxBytes: 250_000)
      #expect(bounded.map(\.id) == Array(all.prefix(3).map(\.id)))
      // At least one item however large; the count bound still applies; the next read goes on from there.
      #expect(try await store.outbound(peer: "bj", after: 0, limit: 512, maxBytes: 1).map(\.id) == [all[0].id])
      #expect(try await store.outbound(peer: "bj", after: 0, limit: 2, maxBytes: .max).count == 2)
      let rest = try await store.outbound(peer: "bj", after: bounded.last!.id, limit: 512, maxBytes: .max)
      #expect(rest.map(\.id) == Array(all.dropFirst(3).map(\.id)))
      // Acknowledged items leave the queue.
      store.dequeueOutbound(peer: "bj", upTo: all[4].id)
      await store.flush()
      #expect(try await store.outboundStats().map(\.depth) == [5])
      #expect(try await store.outbound(peer: "bj", after: 0, limit: 512, maxBytes: .max).first?.id == all[5].id)
      #expect(try await store.outbound(peer: "he", after: 0, limit: 512, maxBytes: .max).isEmpty)
    }
  }

  @Test(
    "the audit chain links every event, acknowledgement and restricted read, across restarts",
    arguments: StoreKind.allCases)
  func auditContinuity(kind: StoreKind) async throws {
    try await StoreHarness.with(kind) { harness in
      let committed = try await harness.commit((1...3).map { Commands.referral(key: "k\($0)", hash: [UInt8($0)]) })
      _ = try await harness.answer(.act(Commands.act("tj.c1", by: "tj.hp.scjg", .receipt))).get()
      try await harness.acknowledge(committed.compactMap { $0.committed.first?.deliveries.first })
      harness.store.recordRead(of: "tj.c1", by: Fixtures.agency("tj.hp.scjg"))
      await harness.store.flush()
      let before = try harness.verifyAudit()
      #expect(before.problems.isEmpty, "\(before.problems)")
      #expect(
        before.links == 10,
        "4 events, 3 cases opened in one transaction, case 1 again after its receipt, 1 link for the acknowledgements of one message, 1 read"
      )
      let reopened = try harness.reopened()
      defer { reopened.close() }
      _ = try await reopened.answer(.act(Commands.act("tj.c2", by: "tj.hp.scjg", .receipt))).get()
      await reopened.store.flush()
      let after = try reopened.verifyAudit()
      #expect(after.problems.isEmpty, "\(after.problems)")
      #expect(after.links == 12, "the receipt of case 2 and case 2 as it left it")
    }
  }

  @Test("a backup taken while the store runs restores every case, event and delivery", arguments: StoreKind.allCases)
  func backupRestore(kind: StoreKind) async throws {
    try await StoreHarness.with(kind) { harness in
      for index in 0..<5 { _ = try await harness.answer(Commands.referral(key: "b\(index)")).get() }
      _ = try await harness.answer(.act(Commands.act("tj.c3", by: "tj.hp.scjg", .receipt))).get()
      let restored = try harness.restoredBackup()
      defer { restored.close() }
      #expect(try await restored.store.caseRecord("tj.c3")?.state == "receipted")
      #expect(try await restored.store.events(ofCase: "tj.c3").count == 2)
      #expect(try await restored.store.pendingDeliveries().count == 6)
      #expect(try restored.verifyAudit().problems.isEmpty)
      // A retry after the restore is still a retry.
      #expect(try await restored.answer(Commands.referral(key: "b2")).get().duplicate)
    }
  }
}

extension Result {
  /// The failure, if any.
  var failure: Failure? {
    if case .failure(let error) = self { return error }
    return nil
  }
}
