import ArgumentParser
import Foundation
import LiaisonClient
import LiaisonCore
import LiaisonWire
import SwiftProtobuf

/// `liaison act`: take a workflow action on a case.
struct Act: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Take an action on a case (receipt, accept, reject, forward, comment, withdraw, …).",
    discussion: """
      liaison act tj.c1 help --as tj.hp.scjg        (the actions you may take now, with their options)
      liaison act tj.c1 receipt --signer-name 王伟 --signer-role 法制科科长 --as tj.hp.scjg
      liaison act tj.c1 accept --registration-number 津和市监立〔2026〕7号 --as tj.hp.scjg
      liaison act tj.c1 comment --text 请尽快反馈 --as tj.scjg
      """)

  @OptionGroup var connection: ConnectionOptions

  @Argument(help: "Case id.") var caseID: String
  @Argument(help: "Action name.") var action: String

  @Option(help: "receipt: the signer's name.") var signerName: String?
  @Option(help: "receipt: the signer's role.") var signerRole: String?
  @Option(help: "accept/registration: the registration number.") var registrationNumber: String?
  @Option(help: "forward: destination agency.") var to: String?
  @Option(help: "Why: the reason of a decline, forward or withdrawal, or a decision's reasons.") var reason: String?
  @Option(help: "Text of a comment, an information request or answer, or a result's summary.") var text: String?
  @Option(help: "Kind of a decision or result (e.g. file, not_file, penalty).") var kind: String?
  @Option(help: "Number of a decision or result document.") var number: String?
  @Option(help: "Idempotency key. Default: a new random key.") var idempotencyKey: String?

  /// The options each kind of body takes.
  static func options(_ body: WorkflowBody) -> String {
    switch body {
    case .receipt: "--signer-name NAME --signer-role ROLE (signed)"
    case .registration: "--registration-number NUMBER (signed)"
    case .decline: "--reason TEXT (signed)"
    case .forward: "--to AGENCY --reason TEXT"
    case .comment: "--text TEXT"
    case .informationRequest: "--text ITEM"
    case .informationSupply: "--text TEXT"
    case .decision: "[--kind KIND] [--number NUMBER] --reason TEXT (signed)"
    case .withdrawal: "--reason TEXT"
    case .result: "[--kind KIND] [--number NUMBER] --text SUMMARY (signed)"
    case .escalation: "(raised by the broker)"
    }
  }

  func run() async throws {
    if action == "help" {
      let id = caseID
      let view = try await connection.connect { client in try await client.getCase(id) }
      if connection.json {
        say(try Liaison_V1_CaseView.with { $0.allowedActions = view.allowedActions }.jsonString())
        return
      }
      guard !view.allowedActions.isEmpty else {
        say("\(id) is \(view.summary.state): no action is yours to take now")
        return
      }
      say("\(id) is \(view.summary.state); you may now:")
      for name in view.allowedActions {
        let body = WorkflowTable.all.values.lazy.compactMap { $0.body(of: CaseAction(name)) }.first
        say("  \(name)  \(body.map(Self.options) ?? "")")
      }
      return
    }
    guard let body = WorkflowTable.all.values.lazy.compactMap({ $0.body(of: CaseAction(action)) }).first else {
      let known = Set(WorkflowTable.all.values.flatMap(\.actions)).sorted().map(\.rawValue).joined(separator: ", ")
      throw ValidationError("unknown action '\(action)'; actions: \(known)")
    }
    var request = Liaison_V1_ActRequest.with {
      $0.caseID = caseID
      $0.action = action
      $0.idempotencyKey = idempotencyKey ?? UUID().uuidString
    }
    switch body {
    case .escalation:
      throw ValidationError("'\(action)' is raised by the broker, not by agencies")
    case .receipt:
      request.body.receipt = .with {
        $0.signerName = signerName ?? ""
        $0.signerRole = signerRole ?? ""
      }
    case .registration: request.body.registration = .with { $0.registrationNumber = registrationNumber ?? "" }
    case .decline:
      request.body.decline = .with {
        $0.reason = action == "dispute" ? .disputed : .notCompetent
        $0.explanation = reason ?? ""
      }
    case .forward:
      request.body.forward = .with {
        $0.to = to ?? ""
        $0.reason = reason ?? ""
      }
    case .comment: request.body.comment = .with { $0.text = text ?? "" }
    case .informationRequest: request.body.informationRequest = .with { $0.items = text.map { [$0] } ?? [] }
    case .informationSupply: request.body.informationSupply = .with { $0.text = text ?? "" }
    case .decision:
      request.body.decision = .with {
        $0.kind = kind ?? action
        $0.number = number ?? ""
        $0.reasons = reason ?? ""
      }
    case .withdrawal: request.body.withdrawal = .with { $0.reason = reason ?? "" }
    case .result:
      request.body.result = .with {
        $0.kind = kind ?? action
        $0.decisionNumber = number ?? ""
        $0.summary = text ?? ""
      }
    }
    try await Self.send(request, connection)
  }

  /// Sends an action (signed by the client library when it must be) and prints the result.
  static func send(_ request: Liaison_V1_ActRequest, _ connection: ConnectionOptions) async throws {
    var request = request
    if request.idempotencyKey.isEmpty { request.idempotencyKey = UUID().uuidString }
    let sent = request
    let response = try await connection.connect { client in try await client.act(sent) }
    if connection.json {
      say(try response.jsonString())
    } else if response.forwarded {
      say(
        "\(sent.action) on \(sent.caseID) is stored and forwarded to the case's home broker, which cannot be reached now; it keeps the time you took it and its outcome (the event, or a refusal) will be delivered to you (`liaison watch`)"
      )
    } else {
      let signed = response.event.signature.signature.isEmpty ? "" : ", signed"
      say(
        "\(response.event.action) recorded on \(sent.caseID) as event \(response.event.envelope.eventID) (#\(response.event.sequence)\(signed)); state \(response.event.state)"
      )
    }
  }
}
