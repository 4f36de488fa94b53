import ArgumentParser
import Foundation
import LiaisonClient
import LiaisonCore
import LiaisonSecurity
import LiaisonWire
import SwiftASN1
import SwiftProtobuf
import X509

/// `liaison case`: look at one case.
struct CaseCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "case", abstract: "Look at one case.", subcommands: [Show.self, Verify.self])

  struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a case with its history and deliveries.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case id.") var caseID: String

    func run() async throws {
      let id = caseID
      var view = try await connection.connect { client in try await client.getCase(id) }
      // A sealed clue is opened here when this agency's sealing key is at hand.
      if case .sealed(let sealed) = view.events.first?.body.kind, let path = connection.sealKeyPath,
        let agency = connection.agency
      {
        let key = try ClueSealing.privateKey(file: path)
        view.events[0].body = try ClueSealing.open(sealed, as: agency, privateKey: key).0
      }
      if connection.json {
        say(try view.jsonString())
        return
      }
      let summary = view.summary
      say(
        "case \(summary.caseID)  \(CaseCommand.channelName(summary.channel))  state \(summary.state)\(summary.drill ? "  【演练】drill" : "")"
      )
      say("  title:      \(summary.title.isEmpty ? "(not shown: work secret)" : summary.title)")
      say("  from:       \(summary.sender)")
      say("  to:         \(summary.addressees.joined(separator: ", "))")
      if !summary.copies.isEmpty { say("  copies:     \(summary.copies.joined(separator: ", "))") }
      say("  opened:     \(CaseCommand.time(summary.openedAt))")
      if case .disciplineClue(let letter) = view.events.first?.body.kind {
        say("  clue:       \(letter.referenceNumber)  \(letter.persons.map(\.name).joined(separator: ", "))")
        say("  facts:      \(letter.facts)")
      } else if case .sealed = view.events.first?.body.kind {
        say("  body:       sealed (open it with this agency's sealing key: --seal-key)")
      } else if let first = view.events.first, first.body.kind != nil {
        say("  body:")
        for line in BodyText.lines(first.body) { say(line) }
      }
      say("history:")
      for event in view.events {
        say(
          "  #\(event.sequence) \(CaseCommand.time(event.envelope.time))  \(event.action) by \(event.envelope.sender)  → \(event.state)  (\(event.envelope.eventID))\(event.signature.signature.isEmpty ? "" : "  signed")"
        )
        // What the action said: the receipt's signer, the decision and its reasons, the comment …
        if event.actionBody.kind != nil, ![CaseAction.warn, .escalate].contains(CaseAction(event.action)) {
          for line in BodyText.lines(event.actionBody, indent: "      ") { say(line) }
        }
      }
      if !view.deadlines.isEmpty {
        say("deadlines:")
        for clock in view.deadlines {
          let state: String
          switch clock.state {
          case .met: state = "met \(clock.metLate ? "late, " : "")\(CaseCommand.time(clock.metAt))"
          case .paused:
            state = "paused, \(clock.remaining.isEmpty ? "\(clock.remainingMs / 3_600_000) H" : clock.remaining) left"
          default:
            state =
              clock.overdue ? "OVERDUE since \(CaseCommand.time(clock.dueAt))" : "due \(CaseCommand.time(clock.dueAt))"
          }
          let level = clock.levelReached > 0 ? ", escalated to level \(clock.levelReached)" : ""
          let provisional = clock.provisional ? " (provisional calendar)" : ""
          let who =
            clock.mustAct.isEmpty
            ? "" : " — \(clock.perParty ? "clock of" : "for") \(clock.mustAct.joined(separator: ", "))"
          say("  \(clock.deadlineID) (\(clock.duration), \(clock.basis)): \(state)\(level)\(provisional)\(who)")
        }
      }
      let alerts = view.events.filter { [CaseAction.warn, .escalate].contains(CaseAction($0.action)) }
      if !alerts.isEmpty {
        say("escalations:")
        for event in alerts {
          let notice = event.actionBody.escalation
          // Who it went to: the deliveries of the alert (supervisors and parties).
          let recipients = view.deliveries.filter { $0.eventID == event.envelope.eventID }.map(\.agency)
          let party = notice.party.isEmpty ? "" : " (clock of \(notice.party))"
          let drill = notice.drill ? "【演练】" : ""
          say(
            notice.warning
              ? "  #\(event.sequence) \(drill)warning: \(notice.deadlineID)\(party) due \(CaseCommand.time(notice.dueAt)), to \(recipients.joined(separator: ", "))"
              : "  #\(event.sequence) \(drill)escalation level \(notice.level) on \(notice.deadlineID)\(party) → supervisors \(notice.supervisors.joined(separator: ", ")); sent to \(recipients.joined(separator: ", "))"
          )
        }
      }
      say("deliveries:")
      for delivery in view.deliveries {
        let state =
          delivery.state == .acknowledged ? "acknowledged \(CaseCommand.time(delivery.acknowledgedAt))" : "pending"
        let error = delivery.lastError.isEmpty ? "" : "  last error: \(delivery.lastError)"
        say("  #\(delivery.sequence) → \(delivery.agency): \(state), attempts \(delivery.attempts)\(error)")
      }
    }
  }

  struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check every signature of a case and print the evidence.",
      discussion: """
        Checks each signed event (receipts, acceptances, refusals, decisions, results) offline: the
        signature over the case, action, body, attachments and signing time; the signer certificate
        issued by the CA and valid when it signed; its agency the acting one. Exit status 0 when every
        signature holds, 1 when one does not (or a stage that must be signed is not).
          liaison case verify tj.c1 --as tj.scjg --export tj.c1.json     # fetch, keep the record, check
          liaison case verify --from tj.c1.json --authority ca.pem        # later, without the broker
        """)

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case id (omit with --from).") var caseID: String?

    @Option(help: "Check a case exported earlier (JSON) instead of fetching it.")
    var from: String?

    @Option(help: "Write the fetched case (JSON) to this file, as the record to keep.")
    var export: String?

    @Option(
      help:
        "CA certificate(s) that issued the agencies' certificates, one PEM file (a bundle of each region's CA where regions run their own PKI; default --ca, or the dev CA)."
    )
    var authority: String?

    func run() async throws {
      let view: Liaison_V1_CaseView
      if let from {
        guard let data = FileManager.default.contents(atPath: from) else {
          throw ValidationError("cannot read \(from)")
        }
        view = try Liaison_V1_CaseView(jsonUTF8Data: data)
      } else {
        guard let id = caseID else { throw ValidationError("give a case id, or --from FILE") }
        view = try await connection.connect { client in try await client.getCase(id) }
        if let export { try view.jsonString().write(toFile: export, atomically: true, encoding: .utf8) }
      }
      let caPath = authority ?? connection.ca ?? "\(connection.devDir)/pki/ca.pem"
      guard let pem = try? String(contentsOfFile: caPath, encoding: .utf8),
        let authorities = try? PEMDocument.parseMultiple(pemString: pem).map({ try Certificate(pemDocument: $0) }),
        !authorities.isEmpty
      else {
        throw ValidationError("cannot read the CA certificate(s) in \(caPath) (PEM); pass --authority")
      }
      let results = ActionSigning.check(events: view.events, authorities: authorities)
      let failed = results.filter { $0.problem != nil }
      if connection.json {
        let list: [[String: Any]] = results.map {
          [
            "event": $0.eventID, "action": $0.action, "actor": $0.actor, "signed_at_ms": $0.signedAt,
            "recorded_at_ms": $0.recordedAt, "signer": $0.signer, "serial": $0.serial, "valid": $0.problem == nil,
            "problem": $0.problem ?? "",
          ]
        }
        let object: [String: Any] = ["case": view.summary.caseID, "valid": failed.isEmpty, "signatures": list]
        say(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
      } else {
        let names = authorities.map { "\($0.subject)" }.joined(separator: "; ")
        say("case \(view.summary.caseID): \(results.count) signed stage(s), CA \(names)")
        for item in results {
          let signed = Google_Protobuf_Timestamp(seconds: item.signedAt / 1000)
          let recorded = Google_Protobuf_Timestamp(seconds: item.recordedAt / 1000)
          say("  \(item.problem == nil ? "VALID  " : "INVALID") \(item.eventID) \(item.action) by \(item.actor)")
          say("          signed \(CaseCommand.time(signed)), recorded \(CaseCommand.time(recorded))")
          if !item.signer.isEmpty { say("          certificate \(item.signer) serial \(item.serial)") }
          if let problem = item.problem { say("          \(problem)") }
        }
        say(failed.isEmpty ? "every signature holds" : "\(failed.count) signature(s) do not hold")
      }
      if !failed.isEmpty { throw ExitCode(1) }
    }
  }

  static func channelName(_ channel: Liaison_V1_Channel) -> String {
    switch channel {
    case .referral: "referral"
    case .dispute: "dispute"
    case .criminalTransfer: "criminal_transfer"
    case .disciplineClue: "discipline_clue"
    case .escalation: "escalation"
    default: "?"
    }
  }

  /// Asia/Shanghai local time, to the second.
  static func time(_ timestamp: Google_Protobuf_Timestamp) -> String {
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
    formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(timestamp.seconds)))
  }
}
