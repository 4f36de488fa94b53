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
      let names = try await CaseTable.names(client, cases.flatMap { [$0.sender] + $0.addressees })
      // Who must act: the receivers, whose clocks these are (receipt, acceptance, decision …).
      var groups: [String: [Liaison_V1_CaseSummary]] = [:]
      for item in cases { groups[item.addressees.first ?? item.sender, default: []].append(item) }
      return groups.keys.sorted().map { agency in
        let missed = groups[agency]!.count { CaseTable.left($0).hasPrefix("overdue") }
        return "\(names[agency] ?? agency) (\(agency)): \(groups[agency]!.count) due, \(missed) overdue\n"
          + CaseTable.render(groups[agency]!, names: names)
      }.joined(separator: "\n\n")
    }
    say(text)
  }
}
