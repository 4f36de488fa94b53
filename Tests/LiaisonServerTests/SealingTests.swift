import Crypto
import Foundation
import GRPCCore
import LiaisonClient
import LiaisonCore
import LiaisonSecurity
import LiaisonServer
import LiaisonStore
import LiaisonTesting
import LiaisonWire
import SwiftProtobuf
import Testing

@Suite("Sealed discipline clues", .timeLimit(.minutes(2)))
struct SealingTests {
  static let facts = "区市场监管局执法人员张某某在查处无照经营案件中收受当事人财物"
  static let person = "张某某"
  static let evidence = "收款记录：2026年11月3日 微信转账 5000 元"

  static func clue(to commission: String = "tj.hp.jwjw") -> Liaison_V1_SubmitRequest {
    .with {
      $0.envelope.channel = .disciplineClue
      $0.envelope.addressees = [commission]
      $0.envelope.confidentiality = .workSecret
      $0.body.disciplineClue = .with {
        $0.referenceNumber = "和市监纪移〔2026〕1号"
        $0.category = .dutyCrime
        $0.facts = Self.facts
        $0.persons = [.with { $0.name = Self.person }]
      }
    }
  }

  /// Every byte of the broker's SQLite files (database and WAL).
  static func storedBytes(_ broker: TestBroker) -> Data {
    let base = broker.folder.file("liaison.sqlite")
    return [base, base + "-wal"].compactMap { FileManager.default.contents(atPath: $0) }.reduce(Data(), +)
  }

  @Test("a clue is sealed by the client: the broker stores and logs only ciphertext; the commission opens it")
  func sealedEndToEnd() async throws {
    let commissionKey = Curve25519.KeyAgreement.PrivateKey()
    let directory = try Fixtures.directory().publishing(sealingKeys: [
      Fixtures.agency("tj.hp.jwjw"): Array(commissionKey.publicKey.rawRepresentation)
    ])
    let logs = LogCapture()
    try await TestBroker.with(directory: directory, logs: logs) { broker in
      // The sender seals the attachment and the letter with one content key.
      let key = SymmetricKey(size: .bits256)
      let sealedAttachment = try ClueSealing.seal(attachment: Array(Self.evidence.utf8), key: key)
      let opened = try await broker.connect(as: "tj.hp.scjg") { client in
        let reference = try await client.putAttachment(sealedAttachment, title: "sealed")
        var request = Self.clue()
        request.envelope.attachments = [reference]
        try await client.sealClue(&request, key: key)
        return try await client.submit(request)
      }
      // The commission reads the case and opens the letter and the attachment with its key.
      let (letter, attachment) = try await broker.connect(as: "tj.hp.jwjw") { client in
        let view = try await client.getCase(opened.caseID)
        let event = try #require(view.events.first)
        guard case .sealed(let sealed) = event.body.kind else {
          Issue.record("the body is not sealed")
          return (Liaison_V1_DisciplineClueLetter(), [UInt8]())
        }
        let (body, key) = try ClueSealing.open(sealed, as: "tj.hp.jwjw", privateKey: commissionKey)
        let download = try await client.getAttachment(event.envelope.attachments[0].sha256)
        return (body.disciplineClue, try ClueSealing.open(attachment: download, key: key))
      }
      #expect(letter.facts == Self.facts)
      #expect(letter.persons.first?.name == Self.person)
      #expect(String(decoding: attachment, as: UTF8.self) == Self.evidence)
      // Neither the database nor the logs hold any of it in clear.
      await broker.broker.store.flush()
      let stored = Self.storedBytes(broker)
      #expect(!stored.isEmpty)
      for secret in [Self.facts, Self.person, Self.evidence, "和市监纪移"] {
        #expect(stored.range(of: Data(secret.utf8)) == nil, "'\(secret)' is in the database in clear")
        #expect(!logs.text.contains(secret), "'\(secret)' is in the logs")
      }
      #expect(!logs.text.isEmpty, "the capture saw the broker's logs")
      // Control: a referral's text is in the file, so the search above can find clear text.
      _ = try await broker.connect(as: "tj.scjg") { client in
        try await client.submit(Requests.referral(caseName: "对照案件名称无照经营"))
      }
      await broker.broker.store.flush()
      #expect(Self.storedBytes(broker).range(of: Data("对照案件名称无照经营".utf8)) != nil)
      // The audit trail records the commission's read of the restricted case.
      #expect(try AuditVerifier.verify(path: broker.folder.file("liaison.sqlite")).byKind[.read] == 1)
    }
  }

  @Test(
    "a clue sealed again for a retry (new keys, new ciphertext) is the same request; another letter under the key is a conflict"
  )
  func retriedClue() async throws {
    let commissionKey = Curve25519.KeyAgreement.PrivateKey()
    let directory = try Fixtures.directory().publishing(sealingKeys: [
      Fixtures.agency("tj.hp.jwjw"): Array(commissionKey.publicKey.rawRepresentation)
    ])
    try await TestBroker.with(directory: directory) { broker in
      var letter = Self.clue()
      letter.idempotencyKey = "clue-1"
      let plain = letter
      let (first, retry, sealedTwice) = try await broker.connect(as: "tj.hp.scjg") { client in
        var once = plain
        try await client.sealClue(&once)
        var twice = plain
        try await client.sealClue(&twice)
        return (try await client.submit(once), try await client.submit(twice), once.body != twice.body)
      }
      #expect(sealedTwice, "each sealing is random")
      #expect(!first.duplicate && retry.duplicate && retry.caseID == first.caseID)
      var other = plain
      other.body.disciplineClue.facts = "另一线索"
      do {
        _ = try await broker.connect(as: "tj.hp.scjg") { client in
          try await client.sealClue(&other)
          return try await client.submit(other)
        }
        Issue.record("another clue under the same key was accepted")
      } catch {
        #expect(LiaisonClient.errorCode(error) == "LIAISON_IDEMPOTENCY_CONFLICT")
      }
    }
  }

  @Test("a clue in clear, sealed to the wrong key, or to a commission without a key is refused")
  func refusals() async throws {
    let commissionKey = Curve25519.KeyAgreement.PrivateKey()
    let directory = try Fixtures.directory().publishing(sealingKeys: [
      Fixtures.agency("tj.hp.jwjw"): Array(commissionKey.publicKey.rawRepresentation)
    ])
    try await TestBroker.with(directory: directory) { broker in
      func code(_ request: Liaison_V1_SubmitRequest) async -> (String?, String?) {
        do {
          _ = try await broker.connect(as: "tj.hp.scjg") { client in try await client.submit(request) }
          return (nil, nil)
        } catch {
          return (LiaisonClient.errorCode(error), LiaisonClient.errorField(error))
        }
      }
      #expect(await code(Self.clue()) == ("LIAISON_SEALING_REQUIRED", "body.discipline_clue"))
      var wrongKey = Self.clue()
      let (sealed, _) = try ClueSealing.seal(
        wrongKey.body,
        for: [
          .init(
            agency: "tj.hp.jwjw", publicKey: Array(Curve25519.KeyAgreement.PrivateKey().publicKey.rawRepresentation))
        ])
      wrongKey.body = .with { $0.sealed = sealed }
      #expect(await code(wrongKey) == ("LIAISON_FIELD_INVALID", "body.sealed.recipients"))
      var referral = Requests.referral(to: ["tj.hp.sthj"])
      referral.body = .with { $0.sealed = sealed }
      #expect(await code(referral) == ("LIAISON_FIELD_INVALID", "body.sealed"))
      // tj.jwjw publishes no key: the client library cannot seal to it.
      await #expect(throws: LiaisonError.self) {
        try await broker.connect(as: "tj.hp.scjg") { client in
          var request = Self.clue(to: "tj.jwjw")
          try await client.sealClue(&request)
        }
      }
      // An incomplete letter is refused by the client before sealing (the broker cannot read it),
      // with the code and field the broker gives for other channels.
      for (field, blank) in [
        ("body.discipline_clue.facts", { (letter: inout Liaison_V1_DisciplineClueLetter) in letter.facts = " " }),
        ("body.discipline_clue.persons", { (letter: inout Liaison_V1_DisciplineClueLetter) in letter.persons = [] }),
      ] {
        do {
          try await broker.connect(as: "tj.hp.scjg") { client in
            var request = Self.clue()
            blank(&request.body.disciplineClue)
            try await client.sealClue(&request)
          }
          Issue.record("an incomplete clue was sealed")
        } catch let error as LiaisonError {
          #expect(error.code == .fieldRequired)
          #expect(error.fieldPath == field)
        }
      }
    }
  }
}
