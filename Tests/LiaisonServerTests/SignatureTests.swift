import Crypto
import Foundation
import GRPCCore
import LiaisonClient
import LiaisonCore
import LiaisonSecurity
import LiaisonServer
import LiaisonTesting
import LiaisonWire
import SwiftProtobuf
import Testing

@Suite("Signed receipts and decisions", .timeLimit(.minutes(2)))
struct SignatureTests {
  /// Sends `request` unchanged (no automatic signing) and returns the refusal's code and field.
  static func refusal(_ broker: TestBroker, as agency: String, _ request: Liaison_V1_ActRequest) async throws -> (
    String?, String?
  ) {
    do {
      _ = try await broker.connect(as: agency) { client in try await client.raw.act(request) }
      return (nil, nil)
    } catch {
      return (LiaisonClient.errorCode(error), LiaisonClient.errorField(error))
    }
  }

  @Test("the client signs a receipt; the broker stores the signature with the certificate; it verifies offline")
  func signedReceipt() async throws {
    try await TestBroker.with { broker in
      let opened = try await broker.connect(as: "tj.scjg") { client in try await client.submit(Requests.referral()) }
      _ = try await broker.connect(as: "tj.hp.scjg") { client in try await client.act(Requests.receipt(opened.caseID)) }
      _ = try await broker.connect(as: "tj.hp.scjg") { client in
        try await client.act(
          .with {
            $0.caseID = opened.caseID
            $0.action = "accept"
            $0.body.registration = .with { $0.registrationNumber = "和市监受〔2026〕8号" }
          })
      }
      let view = try await broker.connect(as: "tj.scjg") { client in try await client.getCase(opened.caseID) }
      let signed = view.events.filter { !$0.signature.signature.isEmpty }
      #expect(signed.map(\.action) == ["receipt", "accept"])
      let authority = broker.pki.authority.root.certificate
      for event in signed {
        let evidence = ActionSigning.check(event, authorities: [authority])
        #expect(evidence.problem == nil, "\(evidence)")
        #expect(evidence.signer == "liaison://agency/tj.hp.scjg")
      }
      // Any change to what was signed breaks it: the signer's name, the action, the case.
      var edited = signed[0]
      edited.actionBody.receipt.signerName = "李强"
      #expect(ActionSigning.check(edited, authorities: [authority]).problem != nil)
      edited = signed[0]
      edited.action = "accept"
      #expect(ActionSigning.check(edited, authorities: [authority]).problem != nil)
      edited = signed[0]
      edited.envelope.caseID = "tj.c2"
      #expect(ActionSigning.check(edited, authorities: [authority]).problem != nil)
      // Another CA's certificate is not evidence for this one.
      #expect(ActionSigning.check(signed[0], authorities: [broker.pki.rogue.root.certificate]).problem != nil)
    }
  }

  @Test(
    "a signed receipt retried with the same key is the same request even when signed again (new randomness, new time); another body under the key is a conflict"
  )
  func retriedSignedReceipt() async throws {
    try await TestBroker.with { broker in
      let opened = try await broker.connect(as: "tj.scjg") { client in try await client.submit(Requests.referral()) }
      var receipt = Requests.receipt(opened.caseID)
      receipt.idempotencyKey = "receipt-1"
      let sent = receipt
      let (first, retry) = try await broker.connect(as: "tj.hp.scjg") { client in
        (try await client.act(sent), try await client.act(sent))  // each call signs afresh
      }
      #expect(!first.duplicate && retry.duplicate)
      #expect(retry.event.envelope.eventID == first.event.envelope.eventID)
      #expect(retry.event.signature.signature == first.event.signature.signature, "the original signature is kept")
      var other = sent
      other.body.receipt.signerName = "李强"
      do {
        _ = try await broker.connect(as: "tj.hp.scjg") { client in try await client.act(other) }
        Issue.record("another receipt under the same key was accepted")
      } catch {
        #expect(LiaisonClient.errorCode(error) == "LIAISON_IDEMPOTENCY_CONFLICT")
      }
    }
  }

  @Test("unsigned, wrongly signed and badly timed receipts are refused precisely, and nothing is stored")
  func refusals() async throws {
    try await TestBroker.with { broker in
      let opened = try await broker.connect(as: "tj.scjg") { client in try await client.submit(Requests.referral()) }
      let now = Int64(Date().timeIntervalSince1970 * 1000)
      var request = Requests.receipt(opened.caseID)
      #expect(try await Self.refusal(broker, as: "tj.hp.scjg", request) == ("LIAISON_SIGNATURE_REQUIRED", "signature"))
      // Signed with a key that is not the caller's certificate's.
      try ActionSigning.sign(&request, with: P256.Signing.PrivateKey(), now: now)
      #expect(
        try await Self.refusal(broker, as: "tj.hp.scjg", request) == (
          "LIAISON_SIGNATURE_INVALID", "signature.signature"
        ))
      // Signed by another agency's real key, sent by this one.
      let other = try IssuedCertificate.read(from: try broker.pki.agency("liaison://agency/tj.gaj"))
      request = Requests.receipt(opened.caseID)
      try ActionSigning.sign(&request, with: other.privateKey, now: now)
      #expect(try await Self.refusal(broker, as: "tj.hp.scjg", request).0 == "LIAISON_SIGNATURE_INVALID")
      // The right key, but the body was changed after signing.
      let own = try IssuedCertificate.read(from: try broker.pki.agency("liaison://agency/tj.hp.scjg"))
      request = Requests.receipt(opened.caseID)
      try ActionSigning.sign(&request, with: own.privateKey, now: now)
      request.body.receipt.signerName = "李强"
      #expect(try await Self.refusal(broker, as: "tj.hp.scjg", request).0 == "LIAISON_SIGNATURE_INVALID")
      // The right key and body, signed two days ago.
      request = Requests.receipt(opened.caseID)
      try ActionSigning.sign(&request, with: own.privateKey, now: now - 2 * 86_400_000)
      #expect(
        try await Self.refusal(broker, as: "tj.hp.scjg", request) == ("LIAISON_FIELD_INVALID", "signature.signed_at"))
      let view = try await broker.connect(as: "tj.scjg") { client in try await client.getCase(opened.caseID) }
      #expect(view.events.count == 1, "every refused receipt stored nothing")
      #expect(view.summary.state == "sent")
      // A comment needs no signature.
      _ = try await broker.connect(as: "tj.hp.scjg") { client in
        try await client.raw.act(Requests.comment(opened.caseID, "已收到，正在核实"))
      }
    }
  }
}
