import ArgumentParser
import Foundation
import LiaisonClient
import LiaisonWire
import SwiftProtobuf

/// `liaison inbox`: the caller's cases.
struct Inbox: AsyncParsableCommand {
  static let configuration = CommandConfiguration(abstract: "List your cases, newest first.")

  enum Role: String, ExpressibleByArgument, CaseIterable { case any, sent, received, copied }

  @OptionGroup var connection: ConnectionOptions
  @Option(help: "Which cases: any, sent, received, copied.") var role: Role = .any
  @Option(help: "Only cases in this state.") var state: String?
  @Option(help: "At most this many.") var limit = 50

  func run() async throws {
    let request = Liaison_V1_ListCasesRequest.with {
      $0.role = [.any: .any, .sent: .sent, .received: .received, .copied: .copied][role]!
      $0.state = state ?? ""
      $0.pageSize = UInt32(limit)
    }
    let response = try await connection.connect { client in try await client.listCases(request) }
    if connection.json {
      say(try response.jsonString())
      return
    }
    say(
      "CASE".padding(toLength: 12, withPad: " ", startingAt: 0)
        + "CHANNEL".padding(toLength: 19, withPad: " ", startingAt: 0)
        + "STATE".padding(toLength: 12, withPad: " ", startingAt: 0)
        + "FROM".padding(toLength: 14, withPad: " ", startingAt: 0) + "TITLE")
    for item in response.cases {
      say(
        item.caseID.padding(toLength: 12, withPad: " ", startingAt: 0)
          + CaseCommand.channelName(item.channel).padding(toLength: 19, withPad: " ", startingAt: 0)
          + item.state.padding(toLength: 12, withPad: " ", startingAt: 0)
          + item.sender.padding(toLength: 14, withPad: " ", startingAt: 0) + item.title)
    }
  }
}
