import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonWire
import SwiftProtobuf

/// The workflow actions as verbs with typed flags. Each builds the action's body and goes through
/// ``Act/send(_:_:)``; receipts, acceptances, refusals and decisions are signed there.
enum Verbs {
  static let all: [any ParsableCommand.Type] = [
    Sign.self, Accept.self, Reject.self, Forward.self, RequestInfo.self, Supply.self, Decide.self, Withdraw.self,
    Comment.self,
  ]

  static func request(_ caseID: String, _ action: CaseAction, _ body: (inout Liaison_V1_ActionBody) -> Void)
    -> Liaison_V1_ActRequest
  {
    var request = Liaison_V1_ActRequest.with {
      $0.caseID = caseID
      $0.action = action.rawValue
    }
    body(&request.body)
    return request
  }

  struct Sign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Sign for a case you received (签收; a signed receipt).")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case id.") var caseID: String
    @Option(help: "Name of the person signing.") var signer: String
    @Option(help: "Role of the person signing.") var role: String

    func run() async throws {
      try await Act.send(
        Verbs.request(caseID, .receipt) {
          $0.receipt = .with {
            $0.signerName = signer
            $0.signerRole = role
          }
        }, connection)
    }
  }

  struct Accept: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Accept a case with your registration number (受理/立案; signed).",
      discussion: "Criminal transfers are accepted with `decide <case> file`; this is for referrals and disputes.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case id.") var caseID: String
    @Option(help: "Your registration number.") var number: String

    func run() async throws {
      try await Act.send(
        Verbs.request(caseID, "accept") { $0.registration = .with { $0.registrationNumber = number } }, connection)
    }
  }

  struct Reject: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Refuse a case: not competent (不予受理/退回; signed). Use `forward` to pass it on instead.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case id.") var caseID: String
    @Option(help: "Why, with the legal basis.") var reason: String

    func run() async throws {
      try await Act.send(
        Verbs.request(caseID, "decline") {
          $0.decline = .with {
            $0.reason = .notCompetent
            $0.explanation = reason
          }
        }, connection)
    }
  }

  struct Forward: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Forward a case to the competent agency (转送).")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case id.") var caseID: String
    @Option(help: "The competent agency.") var to: String
    @Option(help: "Why it is competent.") var reason: String

    func run() async throws {
      try await Act.send(
        Verbs.request(caseID, .forward) {
          $0.forward = .with {
            $0.to = to
            $0.reason = reason
          }
        }, connection)
    }
  }

  struct RequestInfo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "request-info", abstract: "Ask the sender for more information (补充材料); pauses the clock.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case id.") var caseID: String
    @Option(help: "One item asked for (repeatable).") var item: [String]

    func run() async throws {
      try await Act.send(
        Verbs.request(caseID, "request_info") { $0.informationRequest = .with { $0.items = item } }, connection)
    }
  }

  struct Supply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Answer an information request; the clock resumes.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case id.") var caseID: String
    @Option(help: "The answer.") var text: String

    func run() async throws {
      try await Act.send(
        Verbs.request(caseID, "supply_info") { $0.informationSupply = .with { $0.text = text } }, connection)
    }
  }

  struct Decide: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Record a decision (signed): file / not_file a criminal transfer, issue_opinion on a dispute, …",
      discussion: "liaison decide tj.c3 file --number 津和公立〔2026〕5号 --reasons \"涉嫌销售伪劣产品罪\" --as tj.hp.gafj")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case id.") var caseID: String
    @Argument(help: "The decision action (file, not_file, issue_opinion, decide, uphold, …).") var action: String
    @Option(help: "Document number of the decision.") var number: String = ""
    @Option(help: "Reasons and legal basis.") var reasons: String = ""
    @Option(help: "Kind of decision, when it differs from the action name.") var kind: String?

    func run() async throws {
      try await Act.send(
        Verbs.request(caseID, CaseAction(action)) {
          $0.decision = .with {
            $0.kind = kind ?? action
            $0.number = number
            $0.reasons = reasons
          }
        }, connection)
    }
  }

  struct Withdraw: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Withdraw a case you sent (撤回).")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case id.") var caseID: String
    @Option(help: "Why.") var reason: String

    func run() async throws {
      try await Act.send(Verbs.request(caseID, .withdraw) { $0.withdrawal = .with { $0.reason = reason } }, connection)
    }
  }

  struct Comment: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Add a remark to a case (any party or supervisor).")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case id.") var caseID: String
    @Option(help: "The remark.") var text: String

    func run() async throws {
      try await Act.send(Verbs.request(caseID, .comment) { $0.comment = .with { $0.text = text } }, connection)
    }
  }
}
