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

@Suite("Requests, refusals and idempotency", .timeLimit(.minutes(2)))
struct RequestTests {
  /// Submits and expects a refusal with `code` (and `field`); returns the message.
  static func refusal(
    _ broker: TestBroker, _ request: Liaison_V1_SubmitRequest, code: String, field: String? = nil
  ) async throws -> String {
    do {
      _ = try await broker.connect(as: "tj.scjg") { client in try await client.submit(request) }
      Issue.record("expected \(code)")
      return ""
    } catch {
      #expect(LiaisonClient.errorCode(error) == code)
      if let field { #expect(LiaisonClient.errorField(error) == field) }
      return (error as? RPCError)?.message ?? ""
    }
  }

  @Test("bad submissions are refused with a precise code and field, and nothing is stored")
  func refusals() async throws {
    try await TestBroker.with { broker in
      var unknown = Requests.referral(to: ["tj.nowhere"])
      _ = try await Self.refusal(broker, unknown, code: "LIAISON_UNKNOWN_AGENCY", field: "envelope.addressees[0]")
      unknown = Requests.referral(copies: ["xx.yy"])
      _ = try await Self.refusal(broker, unknown, code: "LIAISON_UNKNOWN_AGENCY", field: "envelope.copies[0]")
      var missing = Requests.referral()
      missing.body.referral.caseName = ""
      _ = try await Self.refusal(broker, missing, code: "LIAISON_FIELD_REQUIRED", field: "body.referral.case_name")
      var mismatch = Requests.referral()
      mismatch.envelope.channel = .criminalTransfer
      _ = try await Self.refusal(broker, mismatch, code: "LIAISON_CHANNEL_MISMATCH", field: "body")
      var noChannel = Requests.referral()
      noChannel.envelope.channel = .unspecified
      _ = try await Self.refusal(broker, noChannel, code: "LIAISON_FIELD_REQUIRED", field: "envelope.channel")
      var badDigest = Requests.referral()
      badDigest.envelope.attachments = [.with { $0.sha256 = "abc" }]
      _ = try await Self.refusal(
        broker, badDigest, code: "LIAISON_FIELD_INVALID", field: "envelope.attachments[0].sha256")
      var transfer = Liaison_V1_SubmitRequest.with {
        $0.envelope.channel = .criminalTransfer
        $0.envelope.addressees = ["tj.gaj"]
        $0.body.criminalTransfer = .with {
          $0.number = "津市监移刑〔2026〕3号"
          $0.caseName = "生产销售伪劣产品案"
          $0.suspectedOffence = "生产、销售伪劣产品罪"
        }
      }
      _ = try await Self.refusal(
        broker, transfer, code: "LIAISON_FIELD_REQUIRED", field: "body.criminal_transfer.suspects")
      transfer.body.criminalTransfer.suspects = [.with { $0.isUnit = true }]
      _ = try await Self.refusal(
        broker, transfer, code: "LIAISON_FIELD_REQUIRED", field: "body.criminal_transfer.suspects[0].identity.name")
      transfer.body.criminalTransfer.suspects = [.with { $0.identity.name = "某公司" }]
      _ = try await Self.refusal(
        broker, transfer, code: "LIAISON_FIELD_REQUIRED", field: "body.criminal_transfer.approval.approver")
      transfer.body.criminalTransfer.approval.approver = "局长"
      _ = try await Self.refusal(
        broker, transfer, code: "LIAISON_FIELD_REQUIRED", field: "body.criminal_transfer.approval.approved_at")
      transfer.body.criminalTransfer.approval.approvedAt = .init(date: Date())
      var dispute = Requests.dispute()
      dispute.body.dispute.respondents.append("tj.scjg")
      _ = try await Self.refusal(
        broker, dispute, code: "LIAISON_FIELD_INVALID", field: "body.dispute.respondents[2]")
      dispute = Requests.dispute()
      dispute.body.dispute.respondents = ["tj.hp.sfj"]
      _ = try await Self.refusal(
        broker, dispute, code: "LIAISON_FIELD_INVALID", field: "body.dispute.respondents[0]")
      let notAllowed = Requests.referral(to: ["tj.jcy"])
      let message = try await Self.refusal(
        broker, notAllowed, code: "LIAISON_NOT_AUTHORIZED", field: "envelope.addressees[0]")
      #expect(message.contains("rule referral.between_departments"))
      transfer.body.criminalTransfer.suspects = [
        .with {
          $0.identity.name = "某公司"
          $0.isUnit = true
        }
      ]
      let listedBefore = try await broker.connect(as: "tj.scjg") { client in try await client.listCases() }
      #expect(listedBefore.cases.isEmpty)
      let ok = try await broker.connect(as: "tj.scjg") { client in try await client.submit(transfer) }
      #expect(ok.caseID == "tj.c1", "the first stored case: every refusal above stored nothing")
      // The channel policy copied the police's same-level procuratorate without being asked.
      let view = try await broker.connect(as: "tj.jcy") { client in try await client.getCase(ok.caseID) }
      #expect(view.summary.copies == ["tj.jcy"])
    }
  }

  @Test("the same idempotency key returns the original case; a different body with it is refused")
  func idempotency() async throws {
    try await TestBroker.with { broker in
      let first = try await broker.connect(as: "tj.scjg") { client in
        try await client.submit(Requests.referral(key: "dup"))
      }
      let again = try await broker.connect(as: "tj.scjg") { client in
        try await client.submit(Requests.referral(key: "dup"))
      }
      #expect(again.caseID == first.caseID)
      #expect(again.duplicate)
      let message = try await Self.refusal(
        broker, Requests.referral(key: "dup", caseName: "另一案件"), code: "LIAISON_IDEMPOTENCY_CONFLICT",
        field: "idempotency_key")
      #expect(message.contains("dup"))
    }
  }

  @Test("a submit stream answers each batch in order, with per-request refusals")
  func submitStream() async throws {
    try await TestBroker.with { broker in
      let results = try await broker.connect(as: "tj.scjg") { client in
        try await client.raw.submitStream(
          request: StreamingClientRequest { writer in
            try await writer.write(
              .with { $0.requests = [Requests.referral(key: "a"), Requests.referral(to: ["tj.none"])] })
            try await writer.write(.with { $0.requests = [Requests.referral(key: "b")] })
          }
        ) { response in
          var all: [[Liaison_V1_SubmitResult]] = []
          for try await message in response.messages { all.append(message.results) }
          return all
        }
      }
      #expect(results.map(\.count) == [2, 1])
      #expect(results[0][0].ok.caseID == "tj.c1")
      #expect(results[0][1].error.code == "LIAISON_UNKNOWN_AGENCY")
      #expect(results[1][0].ok.caseID == "tj.c2")
    }
  }

  @Test("actions are checked against the case's workflow: party, state and body")
  func actions() async throws {
    try await TestBroker.with { broker in
      _ = try await broker.connect(as: "tj.scjg") { client in try await client.submit(Requests.referral()) }
      do {
        _ = try await broker.connect(as: "tj.hp.scjg") { client in
          try await client.act(
            .with {
              $0.caseID = "tj.c1"
              $0.action = "receipt"
            })
        }
        Issue.record("a receipt without a signer is refused")
      } catch {
        #expect(LiaisonClient.errorCode(error) == "LIAISON_FIELD_REQUIRED")
        #expect(LiaisonClient.errorField(error) == "body.receipt")
      }
      let receipt = try await broker.connect(as: "tj.hp.scjg") { client in
        try await client.act(
          .with {
            $0.caseID = "tj.c1"
            $0.action = "receipt"
            $0.body.receipt = .with {
              $0.signerName = "王伟"
              $0.signerRole = "法制科科长"
            }
          })
      }
      #expect(receipt.event.state == "receipted")
      #expect(receipt.event.actionBody.receipt.signerName == "王伟")
      do {
        _ = try await broker.connect(as: "tj.scjg") { client in
          try await client.act(
            .with {
              $0.caseID = "tj.c1"
              $0.action = "accept"
              $0.body.registration.registrationNumber = "1"
            })
        }
        Issue.record("the sender may not accept its own case")
      } catch {
        #expect(LiaisonClient.errorCode(error) == "LIAISON_ACTION_NOT_ALLOWED")
        let message = (error as? RPCError)?.message ?? ""
        #expect(message.contains("'receipted'") && message.contains("allowed: withdraw, comment"))
      }
    }
  }

  @Test("a criminal transfer goes to the police with the procuratorate copied, which supervises a non-filing")
  func criminalTransfer() async throws {
    try await TestBroker.with { broker in
      let opened = try await broker.connect(as: "tj.hp.scjg") { client in
        try await client.submit(Requests.criminalTransfer())
      }
      #expect(opened.state == "transferred")
      func act(_ agency: String, _ action: String, _ body: (inout Liaison_V1_ActionBody) -> Void) async throws -> String
      {
        try await broker.act(agency, on: opened.caseID, action, body)
      }
      #expect(
        try await act("tj.hp.gafj", "receipt") {
          $0.receipt = .with {
            $0.signerName = "李强"
            $0.signerRole = "值班民警"
          }
        } == "receipted")
      #expect(
        try await act("tj.hp.gafj", "not_file") {
          $0.decision = .with {
            $0.kind = "not_file"
            $0.reasons = "未达追诉标准"
          }
        } == "not_filed")
      #expect(
        try await act("tj.hp.scjg", "suggest_supervision") { $0.informationRequest = .with { $0.items = ["建议立案监督"] } }
          == "supervision_suggested")
      #expect(
        try await act("tj.hp.jcy", "request_explanation") { $0.informationRequest = .with { $0.items = ["说明不立案理由"] } }
          == "explanation_requested")
      #expect(
        try await act("tj.hp.gafj", "explain") { $0.informationSupply = .with { $0.text = "理由见附件" } } == "under_review")
      #expect(
        try await act("tj.hp.jcy", "order_filing") { $0.decision = .with { $0.kind = "order_filing" } }
          == "filing_ordered")
      #expect(
        try await act("tj.hp.gafj", "file") {
          $0.decision = .with {
            $0.kind = "file"
            $0.number = "和公立〔2026〕12号"
          }
        } == "filed")
      let view = try await broker.connect(as: "tj.hp.jcy") { client in try await client.getCase(opened.caseID) }
      #expect(
        view.events.map(\.action) == [
          "submit", "receipt", "not_file", "suggest_supervision", "request_explanation", "explain", "order_filing",
          "file",
        ])
    }
  }

  @Test("a forward hands the case to the destination, which must sign for it; an unknown destination is named")
  func forward() async throws {
    try await TestBroker.with { broker in
      _ = try await broker.connect(as: "tj.scjg") { client in try await client.submit(Requests.referral()) }
      try await broker.connect(as: "tj.hp.scjg") { client in
        _ = try await client.act(
          .with {
            $0.caseID = "tj.c1"
            $0.action = "receipt"
            $0.body.receipt = .with {
              $0.signerName = "王伟"
              $0.signerRole = "科长"
            }
          })
        do {
          _ = try await client.act(
            .with {
              $0.caseID = "tj.c1"
              $0.action = "forward"
              $0.body.forward = .with {
                $0.to = "tj.nowhere"
                $0.reason = "x"
              }
            })
          Issue.record("a forward to an unknown agency was accepted")
        } catch {
          #expect(LiaisonClient.errorCode(error) == "LIAISON_UNKNOWN_AGENCY")
          #expect(LiaisonClient.errorField(error) == "body.forward.to", "not to[0]")
        }
        let forwarded = try await client.act(
          .with {
            $0.caseID = "tj.c1"
            $0.action = "forward"
            $0.body.forward = .with {
              $0.to = "tj.hx.scjg"
              $0.reason = "违法行为发生地在河西区"
            }
          })
        #expect(forwarded.event.state == "forwarded")
        #expect(forwarded.event.envelope.addressees == ["tj.hx.scjg"])
        #expect(forwarded.event.envelope.copies == ["tj.hp.scjg"])
      }
      let inbox = try await broker.connect(as: "tj.hx.scjg") { client in
        try await client.listCases(.with { $0.role = .received })
      }
      #expect(inbox.cases.map(\.caseID) == ["tj.c1"])
    }
  }

  @Test("attachments go up and down in chunks by digest; a wrong digest is refused and stores nothing")
  func attachments() async throws {
    try await TestBroker.with { broker in
      let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
      let digest = Hex.encode(RequestDigest.sha256(bytes))
      do {
        _ = try await broker.connect(as: "tj.scjg") { client in
          try await client.putAttachment(bytes, title: "调查报告", sha256: String(repeating: "0", count: 64))
        }
        Issue.record("expected a digest mismatch")
      } catch {
        #expect(LiaisonClient.errorCode(error) == "LIAISON_ATTACHMENT_DIGEST_MISMATCH")
      }
      let stored = try await broker.connect(as: "tj.scjg") { client in
        try await client.putAttachment(bytes, title: "调查报告", mediaType: "application/pdf", sha256: digest)
      }
      #expect(stored.sha256 == digest)
      #expect(stored.size == 200_000)
      var request = Requests.referral()
      request.envelope.attachments = [stored]
      let submitted = try await broker.connect(as: "tj.scjg") { client in try await client.submit(request) }
      let downloaded = try await broker.connect(as: "tj.hp.scjg") { client in try await client.getAttachment(digest) }
      #expect(downloaded == bytes)
      let view = try await broker.connect(as: "tj.hp.scjg") { client in try await client.getCase(submitted.caseID) }
      #expect(view.events[0].envelope.attachments.map(\.sha256) == [digest])
      do {
        _ = try await broker.connect(as: "tj.gaj") { client in try await client.getAttachment(digest) }
        Issue.record("a stranger may not read it")
      } catch {
        #expect(LiaisonClient.errorCode(error) == "LIAISON_ATTACHMENT_NOT_FOUND")
      }
    }
  }

  @Test("the standard health service reports SERVING")
  func health() async throws {
    try await TestBroker.with { broker in
      let status = try await broker.connect(as: "tj.scjg") { client in
        try await client.health.check(.with { $0.service = "liaison.v1.Broker" })
      }
      #expect(status.status == .serving)
    }
  }
}
