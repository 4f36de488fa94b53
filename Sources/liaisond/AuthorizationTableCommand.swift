import ArgumentParser
import Foundation
import LiaisonCore

/// `liaisond authorization-table`: prints the authorization table of a channel policy in Markdown,
/// the table Protocol/SPEC.md §4a shows for the shipped policy (a test keeps the two equal).
struct AuthorizationTableCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "authorization-table",
    abstract: "Print who may open which channel towards whom, and who may take which action (Markdown).",
    discussion: """
      The table is generated from the channel policy and the workflow tables; Protocol/SPEC.md §4a
      prints it for Deploy/authorization/channels.yaml. Run it on your own policy to review a change.
      """)

  @Option(help: "Channel policy (YAML).")
  var authorization = "Deploy/authorization/channels.yaml"

  func run() throws {
    guard let text = try? String(contentsOfFile: authorization, encoding: .utf8) else {
      throw ValidationError("cannot read the channel policy file '\(authorization)'; pass --authorization PATH")
    }
    print(AuthorizationTable(policy: try ChannelPolicy(yaml: text, file: authorization)).markdown, terminator: "")
  }
}
