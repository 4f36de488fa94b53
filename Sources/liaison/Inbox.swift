import ArgumentParser
import Foundation
import LiaisonClient
import LiaisonWire
import SwiftProtobuf

/// `liaison inbox`: the caller's cases.
struct Inbox: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List your cases, newest first, with the next deadline and the time left.")

  enum Role: String, ExpressibleByArgument, CaseIterable { case any, sent, received, copied, supervising }

  @OptionGroup var connection: ConnectionOptions
  @Option(help: "Which cases: any, sent, received, copied, supervising.") var role: Role = .any
  @Option(help: "Only cases in this state.") var state: String?
  @Option(help: "At most this many.") var limit = 50

  func run() async throws {
    let request = Liaison_V1_ListCasesRequest.with {
      $0.role = [.any: .any, .sent: .sent, .received: .received, .copied: .copied, .supervising: .supervising][role]!
      $0.state = state ?? ""
      $0.pageSize = UInt32(limit)
    }
    let json = connection.json
    let text = try await connection.connect { client -> String in
      let response = try await client.listCases(request)
      if json { return try response.jsonString() }
      let names = try await CaseTable.names(client, response.cases.flatMap { [$0.sender] + $0.addressees })
      return response.cases.isEmpty ? "no cases" : CaseTable.render(response.cases, names: names)
    }
    say(text)
  }
}
