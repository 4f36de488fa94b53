import Foundation
import GRPCCore
import LiaisonClient
import LiaisonServer
import LiaisonTesting
import LiaisonWire
import SwiftProtobuf
import Testing

/// Who may do what once a case is open, over mutual TLS with the sample directory and policy (the
/// whole matrix is walked in LiaisonCoreTests' AuthorizationTableTests).
@Suite("Authorization of open cases over mutual TLS", .timeLimit(.minutes(2)))
struct AuthorizationTests {
  /// Acts and returns the refusal's code, field and message (or fails when the action is accepted).
  static func refused(
    _ broker: TestBroker, _ agency: String, on caseID: String, _ action: String,
    _ body: (inout Liaison_V1_ActionBody) -> Void
  ) async throws -> (code: String?, field: String?, message: String) {
    do {
      let state = try await broker.act(agency, on: caseID, action, body)
      Issue.record("\(agency) took '\(action)' (now \(state))")
      return (nil, nil, "")
    } catch {
      return (LiaisonClient.errorCode(error), LiaisonClient.errorField(error), (error as? RPCError)?.message ?? "")
    }
  }

  static func forward(to agency: String) -> (inout Liaison_V1_ActionBody) -> Void {
    {
      $0.forward = .with {
        $0.to = agency
        $0.reason = "管辖"
      }
    }
  }

  @Test(
    "a transfer is forwarded only to the police or onward organs of its region, the new unit's procuratorate is copied and alone holds 立案监督"
  )
  func transferForwardAndProcuratorate() async throws {
    try await TestBroker.with { broker in
      let opened = try await broker.connect(as: "tj.hp.scjg") { client in
        try await client.submit(Requests.criminalTransfer())
      }
      let id = opened.caseID
      #expect(
        try await broker.act("tj.hp.gafj", on: id, "receipt") {
          $0.receipt = .with {
            $0.signerName = "王伟"
            $0.signerRole = "科长"
          }
        } == "receipted")
      for wrong in ["tj.hp.gov", "tj.hp.sfj", "tj.12345", "bj.gaj"] {
        let refusal = try await Self.refused(broker, "tj.hp.gafj", on: id, "forward", Self.forward(to: wrong))
        #expect(refusal.code == "LIAISON_NOT_AUTHORIZED", "\(wrong): \(refusal.message)")
        #expect(refusal.field == "body.forward.to")
        #expect(refusal.message.contains("rule criminal_transfer.forward"), "\(refusal.message)")
      }
      #expect(try await broker.act("tj.hp.gafj", on: id, "forward", Self.forward(to: "tj.hx.gafj")) == "forwarded")
      let view = try await broker.connect(as: "tj.hx.gafj") { client in try await client.getCase(id) }
      #expect(view.summary.addressees == ["tj.hx.gafj"])
      #expect(
        Set(view.summary.copies) == ["tj.hp.jcy", "tj.hp.gafj", "tj.hx.jcy"], "the new unit's procuratorate is copied")
      // Through receipt, non-filing and the sender's suggestion to the procuratorate.
      #expect(
        try await broker.act("tj.hx.gafj", on: id, "receipt") {
          $0.receipt = .with {
            $0.signerName = "李强"
            $0.signerRole = "科长"
          }
        } == "receipted")
      #expect(
        try await broker.act("tj.hx.gafj", on: id, "not_file") { $0.decision = .with { $0.kind = "不予立案" } }
          == "not_filed")
      #expect(
        try await broker.act("tj.hp.scjg", on: id, "suggest_supervision") {
          $0.informationRequest = .with { $0.items = ["建议立案监督"] }
        } == "supervision_suggested")
      // 立案监督 is the procuratorate's of the police that now holds the case: not the first one's,
      // not the police that forwarded it.
      for other in ["tj.hp.jcy", "tj.hp.gafj"] {
        let refusal = try await Self.refused(broker, other, on: id, "request_explanation") {
          $0.informationRequest = .with { $0.items = ["说明不立案理由"] }
        }
        #expect(refusal.code == "LIAISON_ACTION_NOT_ALLOWED", "\(other): \(refusal.message)")
        #expect(refusal.message.contains("rule criminal_transfer.procuratorial_supervision"), "\(refusal.message)")
      }
      #expect(
        try await broker.act("tj.hx.jcy", on: id, "request_explanation") {
          $0.informationRequest = .with { $0.items = ["说明不立案理由"] }
        } == "explanation_requested")
    }
  }

  @Test("an action by a non-party gets the same answer as an action on a missing case")
  func strangerLearnsNothing() async throws {
    try await TestBroker.with { broker in
      let opened = try await broker.connect(as: "tj.scjg") { client in try await client.submit(Requests.referral()) }
      let comment: (inout Liaison_V1_ActionBody) -> Void = { $0.comment = .with { $0.text = "?" } }
      let existing = try await Self.refused(broker, "tj.gaj", on: opened.caseID, "comment", comment)
      let missing = try await Self.refused(broker, "tj.gaj", on: "tj.c999", "comment", comment)
      #expect(existing.code == "LIAISON_CASE_NOT_FOUND")
      #expect(existing.code == missing.code && existing.field == missing.field)
      #expect(existing.message == missing.message.replacingOccurrences(of: "tj.c999", with: opened.caseID))
    }
  }

  @Test("Beijing's disputes go to Beijing's justice bureau, not Tianjin's")
  func regionalCoordinator() async throws {
    try await TestBroker.with { broker in
      let dispute = try await broker.connect(as: "bj.scjg") { client in
        try await client.submit(
          Requests.dispute(respondents: ["bj.sthj"]).with { $0.envelope.addressees = ["bj.sfj"] })
      }
      #expect(dispute.state == "applied")
      let towardsTianjin = try await broker.connect(as: "bj.scjg") { client in
        do {
          _ = try await client.submit(
            Requests.dispute(respondents: ["bj.sthj"]).with { $0.envelope.addressees = ["tj.sfj"] })
          return ""
        } catch { return LiaisonClient.errorCode(error) ?? "" }
      }
      #expect(towardsTianjin == "LIAISON_NOT_AUTHORIZED")
    }
  }
}

extension Liaison_V1_SubmitRequest {
  /// A copy changed by `change`.
  func with(_ change: (inout Self) -> Void) -> Self {
    var copy = self
    change(&copy)
    return copy
  }
}
