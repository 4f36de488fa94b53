import LiaisonCore
import LiaisonTesting
import Testing

@Suite("Generic case workflow")
struct CaseWorkflowTests {
  let record = CaseRecord(
    id: "tj.c1", channel: .referral, state: "submitted", sender: Fixtures.agency("tj.scjg"), operatorName: nil,
    addressees: [Fixtures.agency("tj.hp.scjg")], copies: [Fixtures.agency("tj.hp.sfj")], title: "t", drill: false,
    confidentiality: 2, openedAt: 0, updatedAt: 0, lastSequence: 1)

  @Test(
    "who may take which action",
    arguments: [
      ("tj.hp.scjg", "receipt", "receipted"), ("tj.hp.scjg", "accept", "accepted"),
      ("tj.hp.scjg", "reject", "rejected"),
      ("tj.scjg", "withdraw", "withdrawn"), ("tj.hp.sfj", "comment", "submitted"),
      ("tj.scjg", "request_info", "submitted"),
    ])
  func allowed(_ actor: String, _ action: String, _ next: String) throws {
    let transition = try CaseWorkflow.transition(record, actor: Fixtures.agency(actor), action: action, forwardTo: nil)
    #expect(transition.state == next)
  }

  @Test(
    "refusals name the state and the allowed actions",
    arguments: [("tj.scjg", "receipt"), ("tj.hp.scjg", "withdraw"), ("tj.hp.sfj", "accept")])
  func refused(_ actor: String, _ action: String) {
    #expect {
      _ = try CaseWorkflow.transition(record, actor: Fixtures.agency(actor), action: action, forwardTo: nil)
    } throws: { error in
      let error = error as! LiaisonError
      return error.code == .actionNotAllowed && error.message.contains("'submitted'")
        && error.message.contains("allowed:")
    }
  }

  @Test("an agency that is not a party cannot act")
  func stranger() {
    #expect(throws: LiaisonError(.notAParty, "tj.gaj is not a party to case tj.c1")) {
      _ = try CaseWorkflow.transition(record, actor: Fixtures.agency("tj.gaj"), action: "comment", forwardTo: nil)
    }
  }

  @Test("a forward adds its destination as an addressee")
  func forward() throws {
    let transition = try CaseWorkflow.transition(
      record, actor: Fixtures.agency("tj.hp.scjg"), action: "forward", forwardTo: Fixtures.agency("tj.hx.scjg"))
    #expect(transition.state == "forwarded")
    #expect(transition.newAddressees == [Fixtures.agency("tj.hx.scjg")])
  }

  @Test("a terminal case takes comments only")
  func terminal() throws {
    var withdrawn = record
    withdrawn.state = "withdrawn"
    #expect(CaseWorkflow.allowedActions(withdrawn, role: .addressee) == ["comment"])
    #expect(throws: LiaisonError.self) {
      _ = try CaseWorkflow.transition(withdrawn, actor: Fixtures.agency("tj.hp.scjg"), action: "accept", forwardTo: nil)
    }
  }
}
