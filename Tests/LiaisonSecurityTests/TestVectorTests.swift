import Crypto
import Foundation
import LiaisonCore
import LiaisonSecurity
import LiaisonTesting
import LiaisonWire
import SwiftProtobuf
import Testing

/// The test vectors of Protocol/testdata (SPEC §4b, §4c), for clients written in other languages,
/// checked against the code that signs, verifies, seals and opens, so that they cannot drift:
/// canonical bytes recomputed from the inputs, signatures verified, sealed clues opened.
/// `LIAISON_WRITE_VECTORS=1 swift test --filter TestVectorTests` writes them afresh (new keys,
/// new randomness).
@Suite("Signing and sealing test vectors")
struct TestVectorTests {
  static var folder: String { "\(Fixtures.repositoryRoot)/Protocol/testdata" }
  static var writing: Bool { ProcessInfo.processInfo.environment["LIAISON_WRITE_VECTORS"] == "1" }

  /// The signed actions: a receipt with empty optional fields, an acceptance with Chinese text, a
  /// decision with several attachments.
  static let actions:
    [(
      name: String, caseID: String, action: String, body: Liaison_V1_ActionBody, attachments: [String], signedAt: Int64
    )] = [
      (
        "receipt-minimal", "tj.c1", "receipt", .with { $0.receipt = .with { $0.signerName = "王伟" } }, [],
        1_764_460_800_000
      ),
      (
        "accept-chinese", "tj.c1", "accept",
        .with {
          $0.registration = .with {
            $0.registrationNumber = "和市监立〔2026〕第88号（登记）"
            $0.registeredAt = Google_Protobuf_Timestamp(seconds: 1_764_464_400, nanos: 0)
          }
        }, [], 1_764_464_400_123
      ),
      (
        "decision-attachments", "bj.c42", "decide",
        .with {
          $0.decision = .with {
            $0.kind = "filing"
            $0.number = "京公（朝）立字〔2026〕1001号"
            $0.date = "2026-11-30"
            $0.reasons = "涉嫌销售伪劣产品罪，达到立案追诉标准。\n依据《刑事诉讼法》第一百一十二条。"
          }
        },
        [
          Hex.encode(Array(SHA256.hash(data: Array("立案决定书".utf8)))),
          Hex.encode(Array(SHA256.hash(data: Array("鉴定意见".utf8)))),
          Hex.encode(Array(SHA256.hash(data: [] as [UInt8]))),
        ], 1_764_500_000_000
      ),
    ]

  /// The sealed clues: one recipient with Chinese text; two recipients and two attachments.
  static let clues: [(name: String, body: Liaison_V1_CaseBody, key: String, attachments: [[UInt8]], recipients: Int)] =
    [
      (
        "clue-one-recipient",
        .with {
          $0.disciplineClue = .with {
            $0.referenceNumber = "和市监纪移〔2026〕1号"
            $0.category = .dutyViolation
            $0.facts = "执法人员收受当事人财物"
            $0.persons = [.with { $0.name = "张某某" }]
          }
        }, "clue-key-1", [], 1
      ),
      (
        "clue-two-recipients-attachments",
        .with {
          $0.disciplineClue = .with {
            $0.referenceNumber = "津市监纪移〔2026〕7号"
            $0.category = .dutyViolation
            $0.facts = "检查中发现执法人员违规减免罚款，涉及金额 3.2 万元"
            $0.persons = [.with { $0.name = "李某" }, .with { $0.name = "王某某" }]
          }
        }, "clue-key-2", [Array("询问笔录（扫描件）".utf8), Array(repeating: 0x5A, count: 1000)], 2
      ),
    ]

  // MARK: Signing

  @Test("signing vectors: the canonical bytes are what the code signs, each signature verifies")
  func signing() throws {
    let path = "\(Self.folder)/signing.json"
    if Self.writing { try Self.writeSigning(to: path) }
    let file = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    let key = try P256.Signing.PublicKey(
      derRepresentation: try #require(Hex.decode(file["public_key_spki_der_hex"] as! String)))
    let vectors = file["vectors"] as! [[String: Any]]
    #expect(vectors.count == Self.actions.count)
    for vector in vectors {
      let name = vector["name"] as! String
      let body = try Liaison_V1_ActionBody(serializedBytes: try #require(Hex.decode(vector["body_hex"] as! String)))
      #expect(try Liaison_V1_ActionBody(jsonString: Self.json(vector["body_json"])) == body, "\(name)")
      #expect(Hex.encode(try body.serializedBytes() as [UInt8]) == vector["body_hex"] as? String, "\(name)")
      let attachments = (vector["attachments"] as! [String]).map { sha in
        Liaison_V1_AttachmentRef.with { $0.sha256 = sha }
      }
      let canonical = ActionSigning.payload(
        caseID: vector["case_id"] as! String, action: vector["action"] as! String, body: body,
        attachments: attachments, signedAt: (vector["signed_at_ms"] as! NSNumber).int64Value)
      #expect(Hex.encode(canonical) == vector["canonical_hex"] as? String, "\(name): the canonical bytes drifted")
      let signature = try P256.Signing.ECDSASignature(
        derRepresentation: try #require(Hex.decode(vector["signature_der_hex"] as! String)))
      #expect(key.isValidSignature(signature, for: canonical), "\(name): the signature does not verify")
      // The inputs as the test lists them (a vector file edited by hand is caught).
      let listed = try #require(Self.actions.first { $0.name == name })
      #expect(listed.body == body && listed.caseID == vector["case_id"] as? String, "\(name)")
    }
  }

  static func writeSigning(to path: String) throws {
    let key = P256.Signing.PrivateKey()
    let vectors: [[String: Any]] = try actions.map { action in
      let canonical = ActionSigning.payload(
        caseID: action.caseID, action: action.action, body: action.body,
        attachments: action.attachments.map { sha in .with { $0.sha256 = sha } }, signedAt: action.signedAt)
      return [
        "name": action.name, "case_id": action.caseID, "action": action.action,
        "body_json": try JSONSerialization.jsonObject(with: Data(try action.body.jsonString().utf8)),
        "body_hex": Hex.encode(try action.body.serializedBytes() as [UInt8]), "attachments": action.attachments,
        "signed_at_ms": action.signedAt, "canonical_hex": Hex.encode(canonical),
        "signature_der_hex": Hex.encode(Array(try key.signature(for: canonical).derRepresentation)),
      ]
    }
    try write(
      [
        "description":
          "Signed actions (SPEC.md §4b): canonical_hex is canon(\"liaison-signature-v1\", case_id, action, body (protobuf), count of attachments, each attachment's sha256 (hex text), signed_at_ms); the signature is ECDSA P-256 / SHA-256, DER, by the key below (its private key is published here for tests only).",
        "public_key_spki_der_hex": Hex.encode(Array(key.publicKey.derRepresentation)),
        "public_key_pem": key.publicKey.pemRepresentation, "private_key_pem": key.pemRepresentation,
        "vectors": vectors,
      ], to: path)
  }

  // MARK: Sealing

  @Test("sealing vectors: each sealed clue opens with the published private key to its letter and attachments")
  func sealing() throws {
    let path = "\(Self.folder)/sealing.json"
    if Self.writing { try Self.writeSealing(to: path) }
    let file = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    let recipients = file["recipients"] as! [[String: Any]]
    let vectors = file["vectors"] as! [[String: Any]]
    #expect(vectors.count == Self.clues.count)
    for vector in vectors {
      let name = vector["name"] as! String
      let sealed = try Liaison_V1_SealedBody(
        serializedBytes: try #require(Hex.decode(vector["sealed_body_hex"] as! String)))
      let plaintext = try #require(Hex.decode(vector["plaintext_hex"] as! String))
      #expect(
        try Liaison_V1_CaseBody(jsonString: Self.json(vector["plaintext_json"]))
          == Liaison_V1_CaseBody(serializedBytes: plaintext))
      #expect(sealed.recipients.count == (vector["recipients"] as! Int), "\(name)")
      for recipient in recipients.prefix(vector["recipients"] as! Int) {
        let key = try Curve25519.KeyAgreement.PrivateKey(
          rawRepresentation: try #require(Hex.decode(recipient["private_key_hex"] as! String)))
        #expect(ClueSealing.keyID(Array(key.publicKey.rawRepresentation)) == recipient["key_id"] as? String)
        let (body, contentKey) = try ClueSealing.open(sealed, as: recipient["agency"] as! String, privateKey: key)
        #expect(try body.serializedBytes() == plaintext, "\(name)")
        #expect(contentKey.withUnsafeBytes { Hex.encode(Array($0)) } == vector["content_key_hex"] as? String)
        for attachment in vector["attachments"] as! [[String: String]] {
          let opened = try ClueSealing.open(
            attachment: try #require(Hex.decode(attachment["sealed_hex"]!)), key: contentKey)
          #expect(Hex.encode(opened) == attachment["plaintext_hex"], "\(name)")
          #expect(
            Hex.encode(Array(SHA256.hash(data: try #require(Hex.decode(attachment["sealed_hex"]!)))))
              == attachment["sha256"])
        }
      }
      let identity = try ClueSealing.identity(
        of: Liaison_V1_CaseBody(serializedBytes: plaintext), idempotencyKey: vector["idempotency_key"] as! String)
      #expect(Hex.encode(identity) == vector["identity_hex"] as? String, "\(name): the identity drifted")
      #expect(Hex.encode(Array(sealed.identity)) == vector["identity_hex"] as? String)
    }
  }

  static func writeSealing(to path: String) throws {
    let keys = [
      ("tj.hp.jwjw", Curve25519.KeyAgreement.PrivateKey()), ("tj.jwjw", Curve25519.KeyAgreement.PrivateKey()),
    ]
    let vectors: [[String: Any]] = try clues.map { clue in
      let recipients = keys.prefix(clue.recipients).map {
        ClueSealing.Recipient(agency: $0.0, publicKey: Array($0.1.publicKey.rawRepresentation))
      }
      var (sealed, contentKey) = try ClueSealing.seal(clue.body, for: recipients)
      sealed.identity = Data(try ClueSealing.identity(of: clue.body, idempotencyKey: clue.key))
      let attachments: [[String: String]] = try clue.attachments.map { plain in
        let sealedBytes = try ClueSealing.seal(attachment: plain, key: contentKey)
        return [
          "plaintext_hex": Hex.encode(plain), "sealed_hex": Hex.encode(sealedBytes),
          "sha256": Hex.encode(Array(SHA256.hash(data: sealedBytes))),
        ]
      }
      return [
        "name": clue.name, "recipients": clue.recipients,
        "plaintext_json": try JSONSerialization.jsonObject(with: Data(try clue.body.jsonString().utf8)),
        "plaintext_hex": Hex.encode(try clue.body.serializedBytes() as [UInt8]),
        "idempotency_key": clue.key, "identity_hex": Hex.encode(Array(sealed.identity)),
        "content_key_hex": contentKey.withUnsafeBytes { Hex.encode(Array($0)) },
        "sealed_body_hex": Hex.encode(try sealed.serializedBytes() as [UInt8]),
        "sealed_body_json": try JSONSerialization.jsonObject(with: Data(try sealed.jsonString().utf8)),
        "attachments": attachments,
      ]
    }
    try write(
      [
        "description":
          "Sealed discipline clues (SPEC.md §4c): the serialized CaseBody encrypted with AES-256-GCM under a random content key (12-byte nonce ‖ ciphertext ‖ 16-byte tag); the content key sealed to each recipient with HPKE base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, info \"liaison-seal-v1\", empty aad; key_id is the first 8 bytes of SHA-256(public key), hex; identity is SHA-256(canon(\"liaison-clue-identity-v1\", idempotency key, serialized CaseBody)). Attachments are sealed with the same content key; their sha256 is of the sealed bytes. The private keys are published here for tests only.",
        "recipients": keys.map {
          [
            "agency": $0.0, "private_key_hex": Hex.encode(Array($0.1.rawRepresentation)),
            "public_key_hex": Hex.encode(Array($0.1.publicKey.rawRepresentation)),
            "key_id": ClueSealing.keyID(Array($0.1.publicKey.rawRepresentation)),
          ]
        },
        "vectors": vectors,
      ], to: path)
  }

  // MARK: Files

  static func json(_ object: Any?) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: object ?? [:], options: [.sortedKeys]), as: UTF8.self)
  }

  static func write(_ object: [String: Any], to path: String) throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let data = try JSONSerialization.data(
      withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: path))
  }
}
