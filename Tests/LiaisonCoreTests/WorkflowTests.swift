import Foundation
import LiaisonCore
import LiaisonTesting
import Testing

@Suite("Channel workflows")
struct WorkflowTests {
  /// One row of a workflow table in Protocol/SPEC.md.
  struct SpecRow: Hashable {
    var action: CaseAction
    var from: Set<String>?  // nil: any state
    var to: String?
    var by: Set<WorkflowRole>
    var body: String
  }

  /// The workflow tables of Protocol/SPEC.md, by workflow name: the specification the code must match.
  static let spec: [String: (initial: String, rows: [SpecRow])] = {
    let text = (try? String(contentsOfFile: "\(Fixtures.repositoryRoot)/Protocol/SPEC.md", encoding: .utf8)) ?? ""
    var tables: [String: (initial: String, rows: [SpecRow])] = [:]
    var current: String?
    for line in text.split(separator: "\n").map(String.init) {
      if line.hasPrefix("### Workflow `") {
        current = String(line.dropFirst("### Workflow `".count).prefix { $0 != "`" })
        tables[current!] = ("", [])
      } else if let name = current, let range = line.range(of: "A new case is `") {
        tables[name]!.initial = String(line[range.upperBound...].prefix { $0 != "`" })
      } else if let name = current, line.hasPrefix("| `") {
        let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        func list(_ cell: String) -> [String] {
          cell.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        tables[name]!.rows.append(
          SpecRow(
            action: CaseAction(cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))),
            from: cells[1] == "any" ? nil : Set(list(cells[1])), to: cells[2] == "—" ? nil : cells[2],
            by: Set(list(cells[3]).compactMap(WorkflowRole.init(rawValue:))), body: cells[4]))
      } else if line.hasPrefix("## ") {
        current = nil
      }
    }
    return tables
  }()

  static let names = WorkflowTable.all.keys.sorted()

  static func record(_ table: WorkflowTable, state: String) -> CaseRecord {
    var record = CaseRecord(
      id: "tj.c1", channel: .referral, state: state, sender: Fixtures.agency("tj.scjg"), operatorName: nil,
      addressees: [Fixtures.agency("tj.hp.gafj")], copies: [Fixtures.agency("tj.hp.jcy")], title: "t", drill: false,
      confidentiality: 2, openedAt: 0, updatedAt: 0, lastSequence: 1, workflow: table.name)
    record.supervisors = [Fixtures.agency("tj.hp.gov")]
    return record
  }

  static let actors: [WorkflowRole: AgencyID] = [
    .sender: Fixtures.agency("tj.scjg"), .receiver: Fixtures.agency("tj.hp.gafj"), .copy: Fixtures.agency("tj.hp.jcy"),
    .supervisor: Fixtures.agency("tj.hp.gov"),
  ]

  @Test("SPEC.md documents every workflow of the code, with its first state")
  func everyWorkflowDocumented() {
    #expect(Set(Self.spec.keys) == Set(WorkflowTable.all.keys))
    for (name, table) in WorkflowTable.all {
      #expect(Self.spec[name]?.initial == table.initialState, "\(name)")
    }
  }

  @Test("every action, in every state, by every role, is allowed exactly as SPEC.md says", arguments: names)
  func everyTransition(_ name: String) throws {
    let table = try #require(WorkflowTable.all[name])
    let rows = try #require(Self.spec[name]?.rows)
    let states = Set(table.states).union(rows.flatMap { Array($0.from ?? []) + ($0.to.map { [$0] } ?? []) })
    let actions = Set(table.actions).union(rows.map(\.action))
    var allowedCount = 0
    for state in states.sorted() {
      for action in actions.sorted() {
        for role in WorkflowRole.allCases {
          let row = rows.first { $0.action == action && ($0.from?.contains(state) ?? true) && $0.by.contains(role) }
          var machine = try CaseStateMachine(Self.record(table, state: state))
          let body = WorkflowBody(rawValue: rows.first { $0.action == action }?.body ?? "")
          let destination = body == .forward ? Fixtures.agency("tj.hx.gafj") : nil
          do {
            let transition = try machine.apply(action, by: Self.actors[role]!, body: body, forwardTo: destination)
            #expect(row != nil, "\(name): \(role) may not take '\(action)' in '\(state)', but the code allowed it")
            #expect(transition.to == (row?.to ?? state), "\(name): '\(action)' from '\(state)'")
            allowedCount += 1
          } catch {
            #expect(row == nil, "\(name): \(role) may take '\(action)' in '\(state)': \(error)")
            #expect(error.code == .actionNotAllowed)
            #expect(error.message.contains("'\(state)'") && error.message.contains("allowed:"))
          }
        }
      }
    }
    #expect(allowedCount > 0)
  }

  @Test("an action with the wrong body, an unknown action and a stranger are refused precisely")
  func refusals() throws {
    var machine = try CaseStateMachine(Self.record(.referral, state: "sent"))
    do {
      _ = try machine.apply("receipt", by: Self.actors[.receiver]!, body: .comment)
      Issue.record("wrong body accepted")
    } catch {
      #expect(error.code == .fieldRequired)
      #expect(error.fieldPath == "body.receipt")
    }
    #expect(throws: LiaisonError.self) { try machine.apply("fly", by: Self.actors[.receiver]!, body: nil) }
    do {
      _ = try machine.apply("comment", by: Fixtures.agency("tj.gaj"), body: .comment)
      Issue.record("stranger accepted")
    } catch {
      #expect(error.code == .caseNotFound, "a stranger learns nothing: the answer for a missing case")
      #expect(error.message == "case 'tj.c1' does not exist or tj.gaj is not a party to it")
    }
    #expect(machine.record.state == "sent", "refusals change nothing")
  }

  @Test("each addressee signs its own receipt: a later one keeps the state, a second one is refused")
  func receiptPerAddressee() throws {
    var record = Self.record(.referral, state: "sent")
    let (first, second) = (Fixtures.agency("tj.hp.gafj"), Fixtures.agency("tj.hx.gafj"))
    record.addressees = [first, second]
    var machine = try CaseStateMachine(record)
    #expect(try machine.apply("receipt", by: first, body: .receipt).to == "receipted")
    #expect(machine.allowedActions(for: second).first == "receipt")
    #expect(!machine.allowedActions(for: first).contains("receipt"))
    #expect(try machine.apply("accept", by: first, body: .registration).to == "accepted")
    #expect(try machine.apply("receipt", by: second, body: .receipt).to == "accepted", "a late receipt keeps the state")
    #expect(machine.record.receipted == [first, second])
    for agency in [first, second] {
      #expect(throws: LiaisonError.self) { try machine.apply("receipt", by: agency, body: .receipt) }
    }
  }

  @Test("a forward makes the destination an addressee and keeps the forwarder as a copy")
  func forward() throws {
    var machine = try CaseStateMachine(Self.record(.referral, state: "receipted"))
    let transition = try machine.apply(
      "forward", by: Fixtures.agency("tj.hp.gafj"), body: .forward, forwardTo: Fixtures.agency("tj.hx.gafj"))
    #expect(transition.to == "forwarded")
    #expect(machine.record.addressees.map(\.rawValue) == ["tj.hx.gafj"])
    #expect(machine.record.copies.map(\.rawValue) == ["tj.hp.jcy", "tj.hp.gafj"])
    #expect(machine.allowedActions(for: Fixtures.agency("tj.hx.gafj")).contains("receipt"))
    #expect(!machine.allowedActions(for: Fixtures.agency("tj.hp.gafj")).contains("receipt"))
  }

  @Test("a criminal transfer through supplement, non-filing, reconsideration and procuratorate supervision to filing")
  func criminalTransferPath() throws {
    var machine = try CaseStateMachine(Self.record(.criminalTransfer, state: "transferred"))
    let (sender, police, procuratorate) = (Self.actors[.sender]!, Self.actors[.receiver]!, Self.actors[.copy]!)
    let steps: [(CaseAction, AgencyID, WorkflowBody, String)] = [
      ("receipt", police, .receipt, "receipted"),
      ("request_supplement", police, .informationRequest, "supplement_requested"),
      ("supplement", sender, .informationSupply, "receipted"),
      ("not_file", police, .decision, "not_filed"),
      ("request_reconsideration", sender, .informationRequest, "reconsideration_requested"),
      ("uphold", police, .decision, "reconsideration_upheld"),
      ("suggest_supervision", sender, .informationRequest, "supervision_suggested"),
      ("request_explanation", procuratorate, .informationRequest, "explanation_requested"),
      ("explain", police, .informationSupply, "under_review"),
      ("order_filing", procuratorate, .decision, "filing_ordered"),
      ("file", police, .decision, "filed"),
      ("hand_over", sender, .result, "handed_over"),
      ("conclude", police, .result, "closed"),
    ]
    for (action, actor, body, state) in steps {
      _ = try machine.apply(action, by: actor, body: body)
      #expect(machine.record.state == state, "after \(action)")
    }
    #expect(machine.allowedActions(for: sender) == ["comment"])
  }

  @Test("a dispute with two respondents who both answer reaches an opinion and compliance")
  func disputePath() throws {
    var record = Self.record(.dispute, state: "applied")
    record.addressees = [Fixtures.agency("tj.sfj")]
    record.copies = [Fixtures.agency("tj.hp.scjg"), Fixtures.agency("tj.hx.scjg")]
    var machine = try CaseStateMachine(record)
    let coordinator = Fixtures.agency("tj.sfj")
    _ = try machine.apply("accept", by: coordinator, body: .registration)
    _ = try machine.apply("send_notices", by: coordinator, body: .decision)
    for respondent in ["tj.hp.scjg", "tj.hx.scjg"] {
      let transition = try machine.apply("respond", by: Fixtures.agency(respondent), body: .informationSupply)
      #expect(transition.to == "awaiting_responses")
    }
    _ = try machine.apply("begin_coordination", by: coordinator, body: .decision)
    _ = try machine.apply("issue_opinion", by: coordinator, body: .decision)
    #expect(machine.record.state == "opinion_issued")
    _ = try machine.apply("report_compliance", by: Fixtures.agency("tj.hp.scjg"), body: .result)
    #expect(machine.record.state == "closed")
  }

  @Test("new cases start in their workflow's first state; variants are chosen by the body")
  func workflowChoice() {
    #expect(CaseStateMachine.workflow(for: .referral).initialState == "sent")
    #expect(CaseStateMachine.workflow(for: .referral, assistance: true).name == "referral.assistance")
    #expect(CaseStateMachine.workflow(for: .criminalTransfer).initialState == "transferred")
    #expect(CaseStateMachine.workflow(for: .criminalTransfer, reverse: true).name == "criminal_transfer.reverse")
    #expect(CaseStateMachine.workflow(for: .dispute).initialState == "applied")
    #expect(CaseStateMachine.workflow(for: .disciplineClue).name == "discipline_clue")
  }
}
