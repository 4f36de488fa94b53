import Foundation
import LiaisonClient
import LiaisonCore
import LiaisonWire
import SwiftProtobuf

/// Lists of cases as tables with the agencies' Chinese names, the next statutory deadline and the
/// time left (negative: overdue). Shared by `inbox`, `deadlines` and `escalations`.
enum CaseTable {
  /// The directory's names of these agencies.
  static func names(_ client: LiaisonClient, _ ids: [String]) async throws -> [String: String] {
    let unique = Array(Set(ids)).sorted()
    guard !unique.isEmpty else { return [:] }
    return Dictionary(uniqueKeysWithValues: try await client.agencies(unique).map { ($0.id, $0.name) })
  }

  /// The time left of a case's next running clock ("" when there is none).
  static func left(_ summary: Liaison_V1_CaseSummary, now: Date = Date()) -> String {
    summary.hasNextDueAt ? left(until: summary.nextDueAt, now: now) : ""
  }

  /// "3d 4h", "5h 20m", "45m", "<1m", or the same after "overdue " once the due time has passed.
  static func left(until due: Google_Protobuf_Timestamp, now: Date = Date()) -> String {
    let seconds = Int(Double(due.seconds) - now.timeIntervalSince1970)
    let magnitude = abs(seconds)
    let text =
      switch magnitude {
      case 86400...: "\(magnitude / 86400)d \(magnitude % 86400 / 3600)h"
      case 3600...: "\(magnitude / 3600)h \(magnitude % 3600 / 60)m"
      case 60...: "\(magnitude / 60)m"
      default: "<1m"
      }
    return seconds <= 0 ? "overdue \(text)" : text
  }

  /// A footnote when some listed due times are provisional (their year has no official schedule).
  static func provisionalNote(_ deadlines: [Liaison_V1_DeadlineStatus]) -> String {
    let provisional = deadlines.filter(\.provisional)
    guard !provisional.isEmpty else { return "" }
    let years = Set(provisional.map { ShanghaiTime.date(of: $0.dueAt.seconds * 1000).year }).sorted().map(String.init)
      .joined(separator: ", ")
    return
      "\n\n* \(provisional.count) due time(s) are provisional: \(years) has no official holiday schedule yet (weekends and fixed holidays only); they are counted again when the operator adds Deploy/calendar/cn-\(years.split(separator: ",").first ?? "").yaml"
  }

  /// 演练 before a drill case's title: every list marks drills.
  static func title(_ summary: Liaison_V1_CaseSummary) -> String {
    summary.drill ? "【演练】\(summary.title)" : summary.title
  }

  static func render(_ cases: [Liaison_V1_CaseSummary], names: [String: String]) -> String {
    var table = TextTable(header: ["CASE", "CHANNEL", "STATE", "FROM", "TO", "NEXT DEADLINE", "DUE", "LEFT", "TITLE"])
    for item in cases {
      let due = item.hasNextDueAt ? CaseCommand.time(item.nextDueAt) : ""
      table.rows.append([
        item.caseID, CaseCommand.channelName(item.channel), item.state, names[item.sender] ?? item.sender,
        item.addressees.map { names[$0] ?? $0 }.joined(separator: "、"), item.nextDeadlineID, due, left(item),
        title(item),
      ])
    }
    return table.render() + provisionalNote(cases.flatMap(\.openDeadlines))
  }
}
