import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import LiaisonClient
import LiaisonCore
import LiaisonSecurity
import LiaisonTesting
import LiaisonWire
import SwiftProtobuf
import Testing

@Suite("Beijing–Tianjin–Hebei federation with three liaisond processes", .serialized, .timeLimit(.minutes(5)))
struct FederationEndToEndTests {
  /// A referral from `tj.scjg` to a Beijing or Hebei market regulator.
  static func referral(to agency: String, _ index: Int) -> Liaison_V1_SubmitRequest {
    Requests.referral(to: [agency], key: "burst-\(agency)-\(index)", caseName: "跨区域线索 \(index)")
  }

  @Test(
    "peers are checked before the broker starts: own region, malformed address, repeated region, peer CAs and CRLs"
  )
  func peerSettingsAreChecked() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let pki = try TestPKI(folder: folder)
    let beijing = ["--peer", "bj=127.0.0.1:7441"]
    for (arguments, complaint) in [
      (["--peer", "tj=127.0.0.1:7443"], "is this broker's own region"),
      (["--peer", "bj=127.0.0.1"], "expected REGION=HOST:PORT"),
      (beijing + ["--peer", "bj=127.0.0.1:7442"], "is given twice"),
      (beijing + ["--peer-ca", "he=\(pki.caPath)"], "region he is not a peer"),
      (beijing + ["--peer-ca", "bj"], "expected REGION=PATH"),
      (beijing + ["--peer-crl", "bj=\(folder.file("bj.crl"))"], "a revocation list needs the CA that signs it"),
      (beijing + ["--peer-ca", "bj=\(folder.file("missing.pem"))"], "cannot read the CA of peer region bj"),
      (
        beijing + ["--peer-ca", "bj=\(pki.caPath)", "--peer-crl", "bj=\(folder.file("missing.crl"))"],
        "missing.crl"
      ),
    ] {
      let (status, output) = try await ChildProcess.run(
        "liaisond",
        [
          "serve", "--region", "tj", "--port", "0", "--certificate", pki.brokerCertificatePath, "--key",
          pki.brokerKeyPath, "--client-ca", pki.caPath, "--database", folder.file("tj.sqlite"), "--directory",
          Fixtures.directoryPath, "--authorization", Fixtures.channelPolicyPath, "--policies",
          "\(Fixtures.repositoryRoot)/Deploy/policies", "--calendar", "\(Fixtures.repositoryRoot)/Deploy/calendar",
        ] + arguments)
      #expect(status != 0)
      #expect(output.contains(complaint), "\(output)")
    }
  }

  @Test(
    "each region its own PKI (liaison-pki) and liaisond.yaml: the referral crosses, the receipt verifies against both CAs, the peer CA's revocation stops the link"
  )
  func regionalPKIs() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let root = Fixtures.repositoryRoot
    let ports = ["tj": freePort(), "bj": freePort()]
    func pki(_ region: String) -> String { folder.file("\(region)-pki") }
    for region in ["tj", "bj"] {
      for command in [
        ["init", pki(region), "Liaison \(region) CA"], ["broker", pki(region), region, "127.0.0.1"],
        ["agency", pki(region), "\(region).scjg"],
      ] {
        let (status, output) = try OperatorTests.pki(command)
        #expect(status == 0, "liaison-pki \(command): \(output)")
      }
    }
    func configuration(_ region: String, peer: String) throws -> String {
      let path = folder.file("\(region).yaml")
      try """
      region: \(region)
      listen: { host: 127.0.0.1, port: \(ports[region]!) }
      tls:
        certificate: \(pki(region))/broker-\(region).pem
        key: \(pki(region))/broker-\(region).key
        client_ca: \(pki(region))/ca.pem
        crl: \(pki(region))/ca.crl
      database: \(folder.file("\(region).sqlite"))
      directory: \(Fixtures.directoryPath)
      authorization: \(Fixtures.channelPolicyPath)
      policies: \(root)/Deploy/policies
      calendar: \(root)/Deploy/calendar
      federation:
        peers: { \(peer): "127.0.0.1:\(ports[peer]!)" }
        peer_ca: { \(peer): \(pki(peer))/ca.pem }
        peer_crl: { \(peer): \(pki(peer))/ca.crl }
        act_wait_ms: 2000
      """.write(toFile: path, atomically: true, encoding: .utf8)
      return path
    }
    let configurations = ["tj": try configuration("tj", peer: "bj"), "bj": try configuration("bj", peer: "tj")]
    let (status, checked) = try await ChildProcess.run("liaisond", ["check-config", "--config", configurations["tj"]!])
    #expect(status == 0, "\(checked)")
    #expect(
      checked.contains("ok    federation: bj at 127.0.0.1:\(ports["bj"]!) (own CA \(pki("bj"))/ca.pem)"), "\(checked)")
    let brokers = Locked<[String: ChildProcess]>([:])
    defer { for broker in brokers.withLock({ Array($0.values) }) { broker.kill(SIGKILL) } }
    func start(_ region: String) async throws {
      let broker = try ChildProcess("liaisond", ["serve", "--config", configurations[region]!])
      brokers.withLock { $0[region] = broker }
      _ = try #require(await broker.waitForOutput(containing: "listening on", seconds: 60), "\(broker.text)")
    }
    try await start("tj")
    try await start("bj")
    func client<R: Sendable>(_ region: String, _ body: (LiaisonClient) async throws -> R) async throws -> R {
      let agency = "\(pki(region))/agencies/\(region).scjg"
      let credentials = try ClientCredentials.files(
        certificate: agency + ".pem", privateKey: agency + ".key", trustRoot: "\(pki(region))/ca.pem")
      return try await LiaisonClient.connect(host: "127.0.0.1", port: ports[region]!, credentials: credentials, body)
    }
    let submitted = try await client("tj") { try await $0.submit(Requests.referral(to: ["bj.scjg"])) }
    #expect(try await client("bj") { try await $0.receive(1) }.map(\.event.envelope.caseID) == [submitted.caseID])
    let receipt = try await client("bj") { try await $0.act(Requests.receipt(submitted.caseID)) }
    #expect(!receipt.forwarded)
    // Offline, the Beijing agency's signed receipt holds against a bundle of both regions' CAs, and
    // not against Tianjin's CA alone.
    let view = try await client("tj") { try await $0.getCase(submitted.caseID) }
    #expect(view.events.map(\.action) == ["submit", "receipt"])
    let exported = folder.file("case.json")
    try view.jsonString().write(toFile: exported, atomically: true, encoding: .utf8)
    let bundle = folder.file("authorities.pem")
    try
      (String(contentsOfFile: "\(pki("tj"))/ca.pem", encoding: .utf8)
      + String(contentsOfFile: "\(pki("bj"))/ca.pem", encoding: .utf8))
      .write(toFile: bundle, atomically: true, encoding: .utf8)
    let (verified, report) = try await ChildProcess.run(
      "liaison", ["case", "verify", "--from", exported, "--authority", bundle])
    #expect(verified == 0, "\(report)")
    #expect(report.contains("VALID   \(receipt.event.envelope.eventID) receipt by bj.scjg"), "\(report)")
    let (alone, refused) = try await ChildProcess.run(
      "liaison", ["case", "verify", "--from", exported, "--authority", "\(pki("tj"))/ca.pem"])
    #expect(alone == 1, "\(refused)")
    #expect(refused.contains("the signer certificate was not issued by the given CA"), "\(refused)")
    // Beijing's CA revokes Beijing's broker certificate; Tianjin re-reads Beijing's list and refuses
    // the restarted Beijing broker both ways: a new case waits in Tianjin's queue.
    let (revoked, revocation) = try OperatorTests.pki(["revoke", pki("bj"), "\(pki("bj"))/broker-bj.pem"])
    #expect(revoked == 0, "\(revocation)")
    let tianjin = try #require(brokers.withLock { $0["tj"] })
    let reread = await eventually(within: 10) {
      tianjin.text.split(separator: "\n").contains {
        $0.contains("revocation list loaded") && $0.contains("bj-pki/ca.crl") && $0.contains("revoked=1")
      }
    }
    #expect(reread, "\(tianjin.text)")
    let beijing = try #require(brokers.withLock { $0["bj"] })
    beijing.kill(SIGTERM)
    #expect(await beijing.waitForExit(seconds: 30) == 0)
    try await start("bj")
    let waiting = try await client("tj") { try await $0.submit(Requests.referral(to: ["bj.scjg"], key: "after")) }
    #expect(await tianjin.waitForOutput(containing: "is revoked", seconds: 10) != nil, "\(tianjin.text)")
    let atBeijing = try await client("bj") { try await $0.receive(10, seconds: 2) }
    #expect(!atBeijing.contains { $0.event.envelope.caseID == waiting.caseID })
    let (_, queue) = try await ChildProcess.run(
      "liaisond", ["federation", "queue", "--database", folder.file("tj.sqlite")])
    #expect(queue.split(separator: "\n").contains { $0.hasPrefix("bj    1  ") }, "\(queue)")
    #expect(waiting.caseID != submitted.caseID)
  }

  @Test("the CLI: a receipt signed during an outage is stored and forwarded; the home's refusal is shown by watch")
  func cliForwardedAndRefused() async throws {
    try await ThreeRegions.with { regions in
      try await regions.start("tj")
      try await regions.start("bj")
      let submitted = try await regions.client("tj", as: "tj.scjg") {
        try await $0.submit(Self.referral(to: "bj.scjg", 0))
      }
      let replicated = await eventually(within: 15) {
        (try? await regions.client("bj", as: "bj.scjg") { try await $0.getCase(submitted.caseID) }) != nil
      }
      #expect(replicated)
      await regions.cut("tj", "bj")
      let base = try regions.pki.agency("liaison://agency/bj.scjg")
      let beijing = [
        "--cert", base + ".pem", "--key", base + ".key", "--ca", regions.pki.caPath, "--port", "\(regions.port("bj"))",
      ]
      let (signed, said) = try await ChildProcess.run(
        "liaison", ["sign", submitted.caseID, "--signer", "李娜", "--role", "执法科科长"] + beijing)
      #expect(signed == 0, "\(said)")
      #expect(
        said.contains("receipt on \(submitted.caseID) is stored and forwarded to the case's home broker"), "\(said)")
      // Meanwhile Tianjin withdraws the case; when the link is back the receipt is refused at home.
      _ = try await regions.client("tj", as: "tj.scjg") { client in
        try await client.act(
          .with {
            $0.caseID = submitted.caseID
            $0.action = "withdraw"
            $0.body.withdrawal.reason = "当事人已补办执照"
          })
      }
      regions.restore("tj", "bj")
      // The Beijing agency's inbox: the case, its withdrawal, the refusal of its receipt.
      let (watched, shown) = try await ChildProcess.run("liaison", ["watch", "--count", "3"] + beijing, seconds: 30)
      #expect(watched == 0, "\(shown)")
      #expect(shown.contains("\(submitted.caseID) #2 withdraw from tj.scjg"), "\(shown)")
      #expect(
        shown.contains("REFUSED by the case's home broker: your receipt — LIAISON_ACTION_NOT_ALLOWED"), "\(shown)")
    }
  }

  @Test(
    "Tianjin restored from an older backup: its new items are not mistaken for applied ones, a diverged history is refused loudly"
  )
  func restoreFromAnOlderBackup() async throws {
    try await ThreeRegions.with { regions in
      try await regions.start("tj")
      try await regions.start("bj")
      func submit(_ index: Int) async throws -> String {
        try await regions.client("tj", as: "tj.scjg") { try await $0.submit(Self.referral(to: "bj.scjg", index)) }
          .caseID
      }
      func atBeijing(_ id: String) async -> Liaison_V1_CaseView? {
        try? await regions.client("bj", as: "bj.scjg") { try await $0.getCase(id) }
      }
      let first = try await submit(0)
      #expect(await eventually(within: 15) { await atBeijing(first) != nil })
      let backup = regions.folder.file("tj-backup.sqlite")
      let (saved, saving) = try await ChildProcess.run(
        "liaisond", ["backup", "--database", regions.folder.file("tj.sqlite"), "--to", backup])
      #expect(saved == 0, "\(saving)")
      // After the backup: three more cases reach Beijing, then Tianjin loses them to a restore.
      var lost: [String] = []
      for index in 1...3 { lost.append(try await submit(index)) }
      #expect(await eventually(within: 15) { await atBeijing(lost[2]) != nil })
      await regions.stop("tj")
      let (restored, restoring) = try await ChildProcess.run(
        "liaisond", ["restore", "--from", backup, "--database", regions.folder.file("tj.sqlite"), "--force"])
      #expect(restored == 0, "\(restoring)")
      try await regions.start("tj")
      // Tianjin numbers its next case as one Beijing already holds: Beijing refuses it, and says why.
      let reused = try await submit(10)
      #expect(reused == lost[0])
      // A comment on the first case (from before the backup) reaches Beijing: not skipped as applied.
      _ = try await regions.client("tj", as: "tj.scjg") { try await $0.act(Requests.comment(first, "补充材料已上传")) }
      #expect(await eventually(within: 15) { await atBeijing(first)?.events.count == 2 })
      let beijing = try #require(regions.process("bj"))
      #expect(
        await beijing.waitForOutput(containing: "the home's history diverged", seconds: 15) != nil, "\(beijing.text)")
      #expect(await atBeijing(reused)?.summary.title == "跨区域线索 1")
      let tianjin = try #require(regions.process("tj"))
      #expect(await tianjin.waitForOutput(containing: "peer broker refused an item", seconds: 15) != nil)
    }
  }

  @Test("a link down for a while, then back: everything arrives once, in order")
  func linkDownAndBack() async throws {
    try await ThreeRegions.with { regions in
      try await regions.startAll()
      var cases: [String] = []
      for index in 0..<10 {
        cases.append(
          try await regions.client("tj", as: "tj.scjg") { try await $0.submit(Self.referral(to: "bj.scjg", index)) }
            .caseID)
      }
      await regions.cut("tj", "bj")
      // While the link is down Tianjin keeps accepting: new cases and comments on the first ones.
      for index in 10..<20 {
        cases.append(
          try await regions.client("tj", as: "tj.scjg") { try await $0.submit(Self.referral(to: "bj.scjg", index)) }
            .caseID)
      }
      for id in cases.prefix(10) {
        _ = try await regions.client("tj", as: "tj.scjg") { try await $0.act(Requests.comment(id, "补充材料已上传")) }
      }
      // Hebei is unaffected by the Tianjin–Beijing outage.
      _ = try await regions.client("tj", as: "tj.scjg") { try await $0.submit(Self.referral(to: "he.scjg", 0)) }
      #expect(try await regions.client("he", as: "he.scjg") { try await $0.receive(1) }.count == 1)
      let waiting = try await regions.queueDepths("tj")
      #expect((waiting["bj"] ?? 0) >= 20, "\(waiting)")
      regions.restore("tj", "bj")
      let received = try await regions.client("bj", as: "bj.scjg") { try await $0.receive(30, seconds: 30) }
      #expect(received.count == 30)
      #expect(Set(received.map(\.event.envelope.eventID)).count == received.count, "an event arrived twice")
      for id in cases {
        let sequences = received.filter { $0.event.envelope.caseID == id }.map(\.event.sequence)
        #expect(sequences == (cases.prefix(10).contains(id) ? [1, 2] : [1]), "\(id): \(sequences)")
      }
      // Nothing more comes, and the queue is empty.
      #expect(try await regions.client("bj", as: "bj.scjg") { try await $0.receive(1, seconds: 1.5) }.isEmpty)
      #expect(await eventually(within: 10) { (try? await regions.queueDepths("tj"))?["bj"] == nil })
      // Both audit chains verify, the replicas' events included.
      for region in ["tj", "bj"] {
        let (status, report) = try await ChildProcess.run(
          "liaisond", ["audit", "verify", "--database", regions.folder.file("\(region).sqlite")])
        #expect(status == 0, "\(region): \(report)")
      }
    }
  }

  @Test("a case forwarded into a third region reaches it with its history, sequenced at home")
  func forwardIntoAThirdRegion() async throws {
    try await ThreeRegions.with { regions in
      try await regions.startAll()
      let id = try await regions.client("tj", as: "tj.scjg") {
        try await $0.submit(Self.referral(to: "bj.scjg", 0))
      }.caseID
      #expect(try await regions.client("bj", as: "bj.scjg") { try await $0.receive(1) }.count == 1)
      _ = try await regions.client("bj", as: "bj.scjg") { try await $0.act(Requests.receipt(id)) }
      // Beijing finds Hebei competent and forwards the case there (转送), at the Beijing broker.
      let forwarded = try await regions.client("bj", as: "bj.scjg") { client in
        try await client.act(
          .with {
            $0.caseID = id
            $0.action = "forward"
            $0.body.forward = .with {
              $0.to = "he.scjg"
              $0.reason = "违法行为发生地在河北"
            }
          })
      }
      #expect(forwarded.event.sequence == 3)
      #expect(forwarded.event.state == "forwarded")
      let inHebei = try await regions.client("he", as: "he.scjg") { try await $0.receive(1) }
      #expect(inHebei.map(\.event.action) == ["forward"])
      #expect(inHebei.first?.role == "addressee")
      let history = try await regions.client("he", as: "he.scjg") { try await $0.getCase(id) }
      #expect(history.events.map(\.action) == ["submit", "receipt", "forward"])
      #expect(history.events.map(\.sequence) == [1, 2, 3])
      // Hebei signs for it at its own broker; Tianjin sequences it and both others learn of it.
      let receipt = try await regions.client("he", as: "he.scjg") { try await $0.act(Requests.receipt(id)) }
      #expect(receipt.event.sequence == 4)
      let atHome = try await regions.client("tj", as: "tj.scjg") { try await $0.getCase(id) }
      #expect(atHome.events.map(\.action) == ["submit", "receipt", "forward", "receipt"])
      #expect(
        await eventually(within: 10) {
          let inBeijing = try? await regions.client("bj", as: "bj.scjg") { try await $0.getCase(id) }
          return inBeijing?.events.count == 4
        })
    }
  }

  @Test("a peer killed with kill -9 mid-burst: nothing confirmed is lost, nothing acknowledged comes twice")
  func killNineMidBurst() async throws {
    try await ThreeRegions.with { regions in
      try await regions.startAll()
      let confirmed = Locked<Set<String>>([])
      // Beijing dies with kill -9 while Tianjin sends it a burst, then Tianjin dies the same way.
      for victim in ["bj", "tj"] {
        try await withThrowingTaskGroup(of: Void.self) { group in
          group.addTask {
            for index in 0..<150 {
              let request = Self.referral(to: "bj.scjg", index + (victim == "bj" ? 0 : 1000))
              if let id = try? await regions.client("tj", as: "tj.scjg", { try await $0.submit(request) }).caseID {
                confirmed.withLock { _ = $0.insert(id) }
              }
            }
          }
          // Mid-burst: once some submissions of this round are confirmed.
          let before = confirmed.withLock { $0.count }
          _ = await eventually(within: 30) { confirmed.withLock { $0.count } >= before + 30 }
          await regions.stop(victim, signal: SIGKILL)
          try await regions.start(victim)
          try await group.waitForAll()
        }
      }
      let expected = confirmed.withLock { $0 }
      #expect(expected.count > 150)
      // Every confirmed case, then any case committed in Tianjin whose confirmation the kill cut off.
      var received = try await regions.client("bj", as: "bj.scjg") { try await $0.receive(expected.count, seconds: 60) }
      received += try await regions.client("bj", as: "bj.scjg") { try await $0.receive(300, seconds: 3) }
      let ids = received.map(\.event.envelope.caseID)
      #expect(Set(ids).count == ids.count, "a case was delivered twice")
      #expect(
        expected.isSubset(of: Set(ids)), "confirmed cases missing: \(expected.subtracting(ids).sorted().prefix(5))")
      // Beijing dies once more after everything was acknowledged (and the acknowledgements
      // confirmed committed, which `receive` waits for): nothing is delivered again.
      await regions.stop("bj", signal: SIGKILL)
      try await regions.start("bj")
      let again = try await regions.client("bj", as: "bj.scjg") { try await $0.receive(300, seconds: 3) }
      #expect(again.isEmpty, "delivered again: \(again.map(\.event.envelope.caseID).prefix(5))")
    }
  }

  @Test("a peer with a wrong or revoked certificate is refused and the queue waits")
  func wrongOrRevokedPeerCertificate() async throws {
    try await ThreeRegions.with { regions in
      // Hebei presents a certificate from another CA.
      try await regions.start("tj")
      try await regions.start("bj")
      try await regions.start("he", certificate: try regions.pki.broker(region: "he", rogue: true))
      _ = try await regions.client("tj", as: "tj.scjg") { try await $0.submit(Self.referral(to: "he.scjg", 0)) }
      // Tianjin's link tried Hebei and was refused at the handshake; the item waits.
      #expect(await regions.process("tj")?.waitForOutput(containing: "link to peer broker down", seconds: 20) != nil)
      #expect(try await regions.queueDepths("tj")["he"] == 1)
      let metrics = try await httpGet(port: regions.metricsPorts["tj"]!, "/metrics").1
      #expect(metrics.contains(#"liaison_federation_queue_depth{peer="he"} 1"#), "\(metrics)")
      #expect(metrics.contains(#"liaison_federation_link_up{peer="he"} 0"#))
      #expect(regions.process("tj")!.text.contains("certificate refused at the handshake"))
      // With its own certificate Hebei is accepted and the queue drains.
      await regions.stop("he")
      try await regions.start("he")
      #expect(try await regions.client("he", as: "he.scjg") { try await $0.receive(1, seconds: 20) }.count == 1)
      #expect(await eventually(within: 10) { (try? await regions.queueDepths("tj"))?["he"] == nil })

      // Tianjin revokes Beijing's broker certificate: Beijing is refused both ways, the queue waits.
      let crl = regions.folder.file("revoked.crl")
      try regions.pki.writeRevocationList(revoking: regions.folder.file("broker-bj.pem"), to: crl)
      await regions.stop("tj")
      try await regions.start("tj", crl: crl)
      _ = try await regions.client("tj", as: "tj.scjg") { try await $0.submit(Self.referral(to: "bj.scjg", 1)) }
      // Tianjin refuses Beijing's revoked certificate at the handshake; the item waits.
      #expect(await regions.process("tj")?.waitForOutput(containing: "is revoked", seconds: 20) != nil)
      #expect(try await regions.queueDepths("tj")["bj"] == 1)
      #expect(try await regions.client("bj", as: "bj.scjg") { try await $0.receive(1, seconds: 1) }.isEmpty)
    }
  }

  @Test("a peer that sends an event for a case it is not party to, or speaks for another region, is refused")
  func peerOutsideItsCasesIsRefused() async throws {
    try await ThreeRegions.with { regions in
      try await regions.startAll()
      let transport = try regions.transport(to: "tj", presenting: regions.folder.file("broker-he"))
      func event(_ caseID: String, sender: String, to addressee: String) -> Liaison_V1_FederationItem.OneOf_Kind {
        .event(
          .with {
            $0.case = .with {
              $0.id = caseID
              $0.channel = "referral"
              $0.workflow = "referral.assistance"
              $0.state = "sent"
              $0.sender = sender
              $0.addressees = [addressee]
              $0.title = "伪造"
            }
            $0.eventID = "x.e1"
            $0.sequence = 1
            $0.action = "submit"
            $0.actor = sender
            $0.recipients = [
              .with {
                $0.agency = addressee
                $0.role = "addressee"
              }
            ]
          })
      }
      let items: [Liaison_V1_FederationItem.OneOf_Kind] = [
        // A case homed in Beijing, sent by Hebei.
        event("bj.c1", sender: "bj.scjg", to: "tj.scjg"),
        // A Hebei case with no party in Tianjin.
        event("he.c1", sender: "he.scjg", to: "bj.scjg"),
        // An action of a Beijing agency, forwarded by Hebei.
        .action(
          .with {
            $0.actor = "bj.scjg"
            $0.request = Requests.comment("tj.c1", "冒名")
          }),
      ]
      // The request stream stays open until the answer came (then it ends).
      let (answered, answer) = AsyncStream<Void>.makeStream()
      let ack = try await withGRPCClient(transport: transport) { client in
        try await Liaison_V1_Federation.Client(wrapping: client).exchange(
          request: StreamingClientRequest { writer in
            try await writer.write(
              .with {
                $0.items = items.enumerated().map { index, kind in
                  var item = Liaison_V1_FederationItem()
                  item.id = UInt64(index + 1)
                  item.kind = kind
                  return item
                }
              })
            for await _ in answered { break }
          }
        ) { response in
          defer { answer.finish() }
          for try await ack in response.messages { return ack }
          return Liaison_V1_ExchangeAck()
        }
      }
      #expect(ack.acknowledged == 3)
      #expect(ack.refused.map(\.id) == [1, 2, 3])
      #expect(ack.refused.allSatisfy { $0.error.code == "LIAISON_FEDERATION_REFUSED" }, "\(ack.refused)")
      // Nothing was stored: Tianjin's agency has no case.
      let listed = try await regions.client("tj", as: "tj.scjg") { try await $0.listCases(.init()) }
      #expect(listed.cases.isEmpty)
      // An agency certificate cannot call Federation.
      let agencyTransport = try regions.transport(
        to: "tj", presenting: try regions.pki.agency("liaison://agency/tj.scjg"))
      await #expect(throws: RPCError.self) {
        try await withGRPCClient(transport: agencyTransport) { client in
          try await Liaison_V1_Federation.Client(wrapping: client).exchange(
            request: StreamingClientRequest { writer in try await writer.write(.init()) }
          ) { response in
            for try await _ in response.messages {}
          }
        }
      }
    }
  }
}
