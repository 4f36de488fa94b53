import ArgumentParser
import Foundation
import LiaisonClient
import LiaisonCore
import LiaisonWire
import SwiftProtobuf

/// `liaison escalations`: cases a missed deadline escalated to you, and their acknowledgement.
struct Escalations: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Escalations: list the cases you supervise because a deadline was missed; acknowledge one.",
    subcommands: [List.self, Acknowledge.self], defaultSubcommand: List.self)

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Cases escalated to you, with their alerts.")
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
      let json = connection.json
      let text = try await connection.connect { client -> String in
        let cases = try await client.listCases(
          .with {
            $0.role = .supervising
            $0.pageSize = 500
          }
        ).cases
        var lines: [String] = []
        for item in cases {
          let view = try await client.getCase(item.caseID)
          for event in view.events where [CaseAction.warn, .escalate].contains(CaseAction(event.action)) {
            let notice = event.actionBody.escalation
            lines.append(
              "\(item.caseID)  \(event.action) level \(notice.level)  \(notice.deadlineID) due \(CaseCommand.time(notice.dueAt))  overdue \(notice.overdueMs / 3_600_000)h  \(notice.basis)"
            )
          }
          for event in view.events where CaseAction(event.action) == .acknowledgeEscalation {
            lines.append("\(item.caseID)  acknowledged by \(event.envelope.sender): \(event.actionBody.comment.text)")
          }
        }
        if json {
          return try Liaison_V1_ListCasesResponse.with { $0.cases = cases }.jsonString()
        }
        guard !cases.isEmpty else { return "no escalations" }
        let names = try await CaseTable.names(client, cases.flatMap { [$0.sender] + $0.addressees })
        return CaseTable.render(cases, names: names) + "\n\nalerts:\n" + lines.map { "  " + $0 }.joined(separator: "\n")
      }
      say(text)
    }
  }

  struct Acknowledge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "ack", abstract: "Acknowledge an escalation with a comment; repeats of the alert stop.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case id.") var caseID: String
    @Option(help: "What you are doing about it.") var comment: String

    func run() async throws {
      try await Act.send(
        Verbs.request(caseID, .acknowledgeEscalation) { $0.comment = .with { $0.text = comment } }, connection)
    }
  }
}
