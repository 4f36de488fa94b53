import ArgumentParser
import Foundation
import LiaisonClient
import LiaisonWire
import SwiftProtobuf

/// `liaison deadlines`: statutory deadlines due soon or missed, grouped by the agency that must act.
struct Deadlines: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Deadlines due within N working days, and missed ones, grouped by the agency that must act.")

  @OptionGroup var connection: ConnectionOptions
  @Option(help: "Due within this many working days (0: only overdue).") var within = 3
  @Flag(help: "Only deadlines already missed.") var overdue = false

  func run() async throws {
    let request = Liaison_V1_ListCasesRequest.with {
      $0.pageSize = 500
      if overdue || within == 0 { $0.overdue = true } else { $0.dueWithinDays = UInt32(within) }
    }
    let json = connection.json
    let text = try await connection.connect { client -> String in
      let cases = try await client.listCases(request).cases.sorted { $0.nextDueAt.seconds < $1.nextDueAt.seconds }
      if json {
        return try Liaison_V1_ListCasesResponse.with { $0.cases = cases }.jsonString()
      }
      guard !cases.isEmpty else { return overdue ? "no deadline missed" : "nothing due within \(within) working days" }
      let names = try await CaseTable.names(
        client, cases.flatMap { [$0.sender] + $0.addressees + $0.openDeadlines.flatMap(\.mustAct) })
      // Each deadline under each agency that must act to meet it (the police for a filing decision,
      // the sender for a hand-over, each respondent for its reply).
      var groups: [String: [(Liaison_V1_CaseSummary, Liaison_V1_DeadlineStatus)]] = [:]
      for item in cases {
        for deadline in item.openDeadlines {
          for agency in deadline.mustAct { groups[agency, default: []].append((item, deadline)) }
        }
      }
      return groups.keys.sorted().map { agency in
        let rows = groups[agency]!.sorted { $0.1.dueAt.seconds < $1.1.dueAt.seconds }
        let missed = rows.count { $0.1.overdue }
        var table = TextTable(header: ["CASE", "CHANNEL", "STATE", "DEADLINE", "DUE", "LEFT", "TITLE"])
        for (item, deadline) in rows {
          table.rows.append([
            item.caseID, CaseCommand.channelName(item.channel), item.state, deadline.deadlineID,
            CaseCommand.time(deadline.dueAt) + (deadline.provisional ? "*" : ""), CaseTable.left(until: deadline.dueAt),
            CaseTable.title(item),
          ])
        }
        return "\(names[agency] ?? agency) (\(agency)): \(rows.count) due, \(missed) overdue\n" + table.render()
      }.joined(separator: "\n\n") + CaseTable.provisionalNote(cases.flatMap(\.openDeadlines))
    }
    say(text)
  }
}
