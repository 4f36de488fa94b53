import ArgumentParser
import Foundation
import LiaisonClient
import LiaisonWire
import SwiftProtobuf

/// `liaison case`: look at one case.
struct CaseCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "case", abstract: "Look at one case.", subcommands: [Show.self])

  struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a case with its history and deliveries.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case id.") var caseID: String

    func run() async throws {
      let id = caseID
      let view = try await connection.connect { client in try await client.getCase(id) }
      if connection.json {
        say(try view.jsonString())
        return
      }
      let summary = view.summary
      say("case \(summary.caseID)  \(CaseCommand.channelName(summary.channel))  state \(summary.state)")
      say("  title:      \(summary.title)")
      say("  from:       \(summary.sender)")
      say("  to:         \(summary.addressees.joined(separator: ", "))")
      if !summary.copies.isEmpty { say("  copies:     \(summary.copies.joined(separator: ", "))") }
      say("  opened:     \(CaseCommand.time(summary.openedAt))")
      say("history:")
      for event in view.events {
        say(
          "  #\(event.sequence) \(CaseCommand.time(event.envelope.time))  \(event.action) by \(event.envelope.sender)  → \(event.state)  (\(event.envelope.eventID))"
        )
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
