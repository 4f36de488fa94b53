import Foundation
import GRPCCore
import LiaisonClient
import LiaisonContract
import LiaisonCore
import LiaisonServer
import LiaisonStore
import LiaisonTesting
import LiaisonWire
import Testing

/// Two regional brokers in this process (Tianjin and Beijing, one CA, each its broker certificate),
/// linked through relays the test can cut.
@Suite(.serialized) struct FederationTests {
  /// Runs a Tianjin and a Beijing broker that reach each other through `LinkProxy`s.
  func withRegions(
    actWait: Int64 = 5000, clock: any WallClock = SystemClock(),
    _ body: (_ tj: TestBroker, _ bj: TestBroker, _ links: [LinkProxy]) async throws -> Void
  ) async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let pki = try TestPKI(folder: folder)
    let beijing = try pki.broker(region: "bj")
    // The relays listen first; each learns its broker's port once the broker listens.
    let toBeijing = try await LinkProxy()
    let toTianjin = try await LinkProxy()
    let tianjin: (inout BrokerConfiguration) -> Void = {
      $0.databasePath = folder.file("tj.sqlite")
      $0.federation.peers = [.init(region: "bj", host: "127.0.0.1", port: toBeijing.port)]
      $0.federation.actWaitMillis = actWait
    }
    let beijingConfiguration: (inout BrokerConfiguration) -> Void = {
      $0.region = "bj"
      $0.listener.certificatePath = beijing + ".pem"
      $0.listener.privateKeyPath = beijing + ".key"
      $0.databasePath = folder.file("bj.sqlite")
      $0.federation.peers = [.init(region: "tj", host: "127.0.0.1", port: toTianjin.port)]
      $0.federation.actWaitMillis = actWait
    }
    try await TestBroker.with(folder: folder, pki: pki, configure: tianjin, clock: clock) { tj in
      toTianjin.retarget(tj.port)
      try await TestBroker.with(folder: folder, pki: pki, configure: beijingConfiguration, clock: clock) { bj in
        toBeijing.retarget(bj.port)
        try await body(tj, bj, [toBeijing, toTianjin])
      }
    }
    await toBeijing.close()
    await toTianjin.close()
  }

  @Test func aReferralCrossesRegionsAndTheReceiptComesHome() async throws {
    try await withRegions { tj, bj, _ in
      let submitted = try await tj.connect(as: "tj.scjg") { client in
        try await client.submit(Requests.referral(to: ["bj.scjg"], copies: ["tj.hp.scjg"]))
      }
      #expect(submitted.caseID == "tj.c1")
      let received = try await bj.receive(1, as: "bj.scjg")
      #expect(received.map(\.event.envelope.caseID) == ["tj.c1"])
      #expect(received.first?.event.body.referral.caseName == "无照经营")
      #expect(received.first?.role == "addressee")
      // The Beijing agency signs for the case at its own broker; Tianjin sequences it.
      let receipt = try await bj.connect(as: "bj.scjg") { client in try await client.act(Requests.receipt("tj.c1")) }
      #expect(!receipt.forwarded)
      #expect(receipt.event.sequence == 2)
      #expect(receipt.event.state == "receipted")
      let atHome = try await tj.receive(1, as: "tj.scjg")
      #expect(atHome.map(\.event.action) == ["receipt"])
      #expect(atHome.first?.event.signature.signature.isEmpty == false)
      // Both brokers hold the same case, the same events and the same clocks.
      let home = try await tj.connect(as: "tj.scjg") { client in try await client.getCase("tj.c1") }
      let replica = try await bj.connect(as: "bj.scjg") { client in try await client.getCase("tj.c1") }
      #expect(home.events.map(\.action) == ["submit", "receipt"])
      #expect(replica.events.map(\.action) == ["submit", "receipt"])
      #expect(replica.events.map(\.envelope.eventID) == home.events.map(\.envelope.eventID))
      #expect(replica.summary.state == home.summary.state)
      #expect(!home.deadlines.isEmpty)
      #expect(replica.deadlines.map(\.dueAt) == home.deadlines.map(\.dueAt))
      #expect(replica.deadlines.map(\.deadlineID) == home.deadlines.map(\.deadlineID))
      // Beijing agencies call their own broker.
      await #expect(throws: RPCError.self) {
        try await tj.connect(as: "bj.scjg") { client in try await client.getCase("tj.c1") }
      }
    }
  }

  @Test func attachmentsTravelOnDemandBothWays() async throws {
    try await withRegions { tj, bj, links in
      let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
      let reference = try await tj.connect(as: "tj.scjg") { client in
        try await client.putAttachment(bytes, title: "现场检查笔录", mediaType: "application/pdf")
      }
      var request = Requests.referral(to: ["bj.scjg"])
      request.envelope.attachments = [reference]
      _ = try await tj.connect(as: "tj.scjg") { client in try await client.submit(request) }
      let delivered = try await bj.receive(1, as: "bj.scjg")
      #expect(delivered.first?.event.envelope.attachments.map(\.sha256) == [reference.sha256])
      // A Beijing agency that is not a party may not have it; the addressee gets the same bytes.
      do {
        _ = try await bj.connect(as: "bj.gaj") { client in try await client.getAttachment(reference.sha256) }
        Issue.record("a stranger may not read it")
      } catch {
        #expect(LiaisonClient.errorCode(error) == "LIAISON_ATTACHMENT_NOT_FOUND")
      }
      let fetched = try await bj.connect(as: "bj.scjg") { client in try await client.getAttachment(reference.sha256) }
      #expect(fetched == bytes)
      // Kept in Beijing from then on: it is served with the link down.
      for link in links { await link.cut() }
      let again = try await bj.connect(as: "bj.scjg") { client in try await client.getAttachment(reference.sha256) }
      #expect(again == bytes)
      for link in links { link.restore() }
      // The other way: Beijing answers with its own attachment; Tianjin fetches it before sequencing.
      let reply = Array("协查回复：经营者已于2026年3月停业".utf8)
      let replyReference = try await bj.connect(as: "bj.scjg") { client in
        try await client.putAttachment(reply, title: "协查回复", mediaType: "text/plain")
      }
      var comment = Requests.comment("tj.c1", "见附件")
      comment.attachments = [replyReference]
      let answered = try await bj.connect(as: "bj.scjg") { client in try await client.act(comment) }
      #expect(answered.event.sequence == 2)
      let atHome = try await tj.connect(as: "tj.scjg") { client in try await client.getAttachment(replyReference.sha256)
      }
      #expect(atHome == reply)
    }
  }

  @Test func anActionTakenDuringAnOutageKeepsItsTimeAndAConflictIsRefusedBackToTheActor() async throws {
    try await withRegions(actWait: 500) { tj, bj, links in
      _ = try await tj.connect(as: "tj.scjg") { client in try await client.submit(Requests.referral(to: ["bj.scjg"])) }
      _ = try await tj.connect(as: "tj.scjg") { client in try await client.submit(Requests.referral(to: ["bj.scjg"])) }
      #expect(try await bj.receive(2, as: "bj.scjg").count == 2)
      for link in links { await link.cut() }
      // Link down: Beijing signs for both cases; Tianjin withdraws the second meanwhile.
      let before = Date()
      for id in ["tj.c1", "tj.c2"] {
        let answer = try await bj.connect(as: "bj.scjg") { client in try await client.act(Requests.receipt(id)) }
        #expect(answer.forwarded)
      }
      _ = try await tj.act("tj.scjg", on: "tj.c2", "withdraw") { $0.withdrawal.reason = "当事人已补办执照" }
      // Both receipts wait in Beijing's queue for Tianjin.
      #expect(await eventually { ((try? await bj.broker.store.outboundStats())?.first?.depth ?? 0) >= 2 })
      let restored = Date()
      for link in links { link.restore() }
      // Back: the first receipt is sequenced with the time it was taken; the second is refused and
      // the refusal reaches the actor, after the withdrawal.
      let atHome = try await tj.receive(1, as: "tj.scjg")
      #expect(atHome.map(\.event.action) == ["receipt"])
      let home = try await tj.connect(as: "tj.scjg") { client in try await client.getCase("tj.c1") }
      let signedFor = try #require(home.events.last)
      #expect(signedFor.action == "receipt")
      // Sequenced after the link came back, it keeps the time it was taken, before that.
      #expect(signedFor.envelope.time.millis >= Int64(before.timeIntervalSince1970 * 1000) - 1)
      #expect(signedFor.envelope.time.millis <= Int64(restored.timeIntervalSince1970 * 1000))
      let inBeijing = try await bj.receive(3, as: "bj.scjg")
      let actions = inBeijing.map { "\($0.event.envelope.caseID) \($0.event.action)" }
      #expect(actions.contains("tj.c1 receipt"))
      #expect(actions.contains("tj.c2 withdraw"))
      #expect(actions.contains("tj.c2 refused"))
      #expect(actions.firstIndex(of: "tj.c2 withdraw")! < actions.firstIndex(of: "tj.c2 refused")!)
      let refusal = try #require(inBeijing.first { $0.event.action == "refused" })
      #expect(refusal.event.actionBody.refusal.code == "LIAISON_ACTION_NOT_ALLOWED")
      #expect(refusal.event.actionBody.refusal.action == "receipt")
      #expect(refusal.event.sequence == 0)
      let withdrawn = try await tj.connect(as: "tj.scjg") { client in try await client.getCase("tj.c2") }
      #expect(withdrawn.events.map(\.action) == ["submit", "withdraw"])
    }
  }

  /// Each region with its own PKI: Tianjin trusts Beijing's CA for Beijing's broker certificate
  /// only, and Beijing's revocation list (configured at Tianjin) holds the queue until it changes.
  @Test func aPeerRegionsOwnCAVouchesForItsBrokerOnlyAndItsRevocationListHoldsTheQueue() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let beijingFolder = try TemporaryDirectory()
    defer { beijingFolder.remove() }
    let tianjinPKI = try TestPKI(folder: folder)
    let beijingPKI = try TestPKI(folder: beijingFolder, region: "bj")
    let beijingCRL = folder.file("bj-ca.crl")
    // Beijing's CA has revoked Beijing's broker certificate: Tianjin refuses it, both ways.
    try beijingPKI.writeRevocationList(revoking: beijingPKI.brokerCertificatePath, to: beijingCRL)
    let toBeijing = try await LinkProxy()
    let toTianjin = try await LinkProxy()
    let logs = LogCapture()
    let tianjin: (inout BrokerConfiguration) -> Void = {
      $0.databasePath = folder.file("tj.sqlite")
      $0.federation.peers = [
        .init(region: "bj", host: "127.0.0.1", port: toBeijing.port, caPath: beijingPKI.caPath, crlPath: beijingCRL)
      ]
      $0.federation.reconnectMaxMillis = 300
    }
    let beijing: (inout BrokerConfiguration) -> Void = {
      $0.region = "bj"
      $0.databasePath = beijingFolder.file("bj.sqlite")
      $0.federation.peers = [.init(region: "tj", host: "127.0.0.1", port: toTianjin.port, caPath: tianjinPKI.caPath)]
      $0.federation.reconnectMaxMillis = 300
    }
    try await TestBroker.with(folder: folder, pki: tianjinPKI, configure: tianjin, logs: logs) { tj in
      toTianjin.retarget(tj.port)
      try await TestBroker.with(folder: beijingFolder, pki: beijingPKI, configure: beijing) { bj in
        toBeijing.retarget(bj.port)
        // Tianjin's own agencies are unaffected.
        let submitted = try await tj.connect(as: "tj.scjg") { client in
          try await client.submit(Requests.referral(to: ["bj.scjg"]))
        }
        // Beijing's CA vouches for nothing else at Tianjin: not a Tianjin agency (which would see
        // its case), not a Beijing agency (which calls its own broker), not Hebei's broker.
        let forged = [
          try beijingPKI.agency("liaison://agency/tj.scjg"), try beijingPKI.agency("liaison://agency/bj.scjg"),
          try beijingPKI.broker(region: "he"),
        ]
        for base in forged {
          let credentials = try ClientCredentials.files(
            certificate: base + ".pem", privateKey: base + ".key", trustRoot: tianjinPKI.caPath)
          await #expect("\(base)") {
            try await LiaisonClient.connect(host: "127.0.0.1", port: tj.port, credentials: credentials) { client in
              _ = try await client.listCases()
            }
          } throws: { ($0 as? RPCError)?.code == .unavailable }
        }
        #expect(logs.text.contains("which vouches only for liaison://broker/bj"))
        #expect(await eventually(within: 5) { logs.text.contains("is revoked") })
        #expect(try await bj.receive(1, as: "bj.scjg", seconds: 1).isEmpty)
        #expect(try await tj.broker.store.outboundStats().map(\.depth) == [1])
        // Beijing publishes a list that no longer revokes it: the link comes up, the case arrives once.
        try beijingPKI.writeRevocationList(to: beijingCRL)
        try tj.broker.reloadRevocations()
        let received = try await bj.receive(1, as: "bj.scjg")
        #expect(received.map(\.event.envelope.caseID) == [submitted.caseID])
        let receipt = try await bj.connect(as: "bj.scjg") { client in
          try await client.act(Requests.receipt(submitted.caseID))
        }
        #expect(!receipt.forwarded)
        #expect(receipt.event.sequence == 2)
        #expect(try await tj.receive(1, as: "tj.scjg").map(\.event.action) == ["receipt"])
      }
    }
    await toBeijing.close()
    await toTianjin.close()
  }

  @Test func eachRegionRunsTheSameClockAndEscalatesToItsOwnSupervisors() async throws {
    let clock = ManualClock(millis: ShanghaiTime.instant(Fixtures.date("2026-03-02"), hour: 9))
    try await withRegions(clock: clock) { tj, bj, _ in
      var drill = Requests.referral(to: ["bj.scjg"])
      drill.envelope.drill = true
      _ = try await tj.connect(as: "tj.scjg") { client in try await client.submit(drill) }
      // Beijing's acknowledgement starts the receipt clock in Beijing, and in Tianjin at the same time.
      #expect(try await bj.receive(1, as: "bj.scjg").count == 1)
      let started = await eventually {
        let home = try? await tj.connect(as: "tj.scjg") { client in try await client.getCase("tj.c1") }
        return home?.deadlines.isEmpty == false
      }
      #expect(started)
      let home = try await tj.connect(as: "tj.scjg") { client in try await client.getCase("tj.c1") }
      let replica = try await bj.connect(as: "bj.scjg") { client in try await client.getCase("tj.c1") }
      #expect(home.deadlines.map(\.deadlineID) == ["ref.receipt"])
      #expect(replica.deadlines.map(\.dueAt) == home.deadlines.map(\.dueAt))
      #expect(replica.deadlines.map(\.startedAt) == home.deadlines.map(\.startedAt))
      // Nobody signs: both brokers escalate, each only to its own region's supervisors.
      // (Each broker's scheduler runs on the manual clock: moving it raises the alerts.)
      clock.advance(byMillis: 25_000)
      let escalatedEverywhere = await eventually {
        let here = try? await tj.connect(as: "tj.scjg") { client in try await client.getCase("tj.c1") }
        let there = try? await bj.connect(as: "bj.scjg") { client in try await client.getCase("tj.c1") }
        return [here, there].allSatisfy { $0?.events.contains { $0.action == "escalate" } == true }
      }
      #expect(escalatedEverywhere)
      let inBeijing = try await bj.connect(as: "bj.scjg") { client in try await client.getCase("tj.c1") }
      let beijingAlert = try #require(inBeijing.events.first { $0.action == "escalate" })
      #expect(beijingAlert.sequence == 0, "an alert on a replica is outside the case's order")
      #expect(!beijingAlert.actionBody.escalation.supervisors.isEmpty)
      #expect(beijingAlert.actionBody.escalation.supervisors.allSatisfy { $0.hasPrefix("bj.") })
      let inTianjin = try await tj.connect(as: "tj.scjg") { client in try await client.getCase("tj.c1") }
      let tianjinAlert = try #require(inTianjin.events.first { $0.action == "escalate" })
      #expect(tianjinAlert.sequence == 2)
      #expect(tianjinAlert.actionBody.escalation.supervisors.allSatisfy { $0.hasPrefix("tj.") })
      #expect(tianjinAlert.actionBody.escalation.dueAt == beijingAlert.actionBody.escalation.dueAt)
      // Tianjin's alert is not replicated: Beijing holds its own only.
      #expect(
        inBeijing.events.filter { $0.action == "escalate" }.allSatisfy { $0.sequence == 0 },
        "\(inBeijing.events.map { ($0.action, $0.sequence, $0.actionBody.escalation.level) })")
      // A Beijing supervisor acknowledges Beijing's escalation at its own broker; Tianjin's case
      // order is untouched.
      let supervisor = try #require(beijingAlert.actionBody.escalation.supervisors.first)
      _ = try await bj.act(supervisor, on: "tj.c1", "acknowledge_escalation") { $0.comment.text = "已督促签收" }
      let acknowledged = try await bj.connect(as: supervisor) { client in try await client.getCase("tj.c1") }
      #expect(acknowledged.events.last?.action == "acknowledge_escalation")
      #expect(acknowledged.events.last?.sequence == 0)
      let stillHome = try await tj.connect(as: "tj.scjg") { client in try await client.getCase("tj.c1") }
      #expect(!stillHome.events.contains { $0.action == "acknowledge_escalation" })
    }
  }
}
