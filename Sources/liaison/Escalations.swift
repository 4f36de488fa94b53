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
        var alerts: [Liaison_V1_Event] = []
        for item in cases {
          let view = try await client.getCase(item.caseID)
          for event in view.events where [CaseAction.warn, .escalate].contains(CaseAction(event.action)) {
            let notice = event.actionBody.escalation
            alerts.append(event)
            let late = CaseTable.left(
              until: notice.dueAt, now: Date(timeIntervalSince1970: Double(event.envelope.time.seconds)))
            lines.append(
              "\(notice.drill ? "【演练】" : "")\(item.caseID)  \(event.action) level \(notice.level)  \(notice.deadlineID)\(notice.party.isEmpty ? "" : " of \(notice.party)") due \(CaseCommand.time(notice.dueAt))  \(late)  → \(notice.supervisors.joined(separator: ", "))  \(notice.basis)"
            )
          }
          for event in view.events where CaseAction(event.action) == .acknowledgeEscalation {
            alerts.append(event)
            lines.append("\(item.caseID)  acknowledged by \(event.envelope.sender): \(event.actionBody.comment.text)")
          }
        }
        if json {
          // The cases and their alerts (warn, escalate and acknowledge_escalation events).
          let listed = try Liaison_V1_ListCasesResponse.with { $0.cases = cases }.jsonString()
          var object = (try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [String: Any]) ?? [:]
          object["alerts"] = try alerts.map { try JSONSerialization.jsonObject(with: Data($0.jsonString().utf8)) }
          return String(
            decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
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
