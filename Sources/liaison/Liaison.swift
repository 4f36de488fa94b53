import ArgumentParser
import Foundation

@main
struct Liaison: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "liaison",
    abstract: "Hand cases to other agencies through a Liaison broker, and follow them.",
    discussion: """
      Connection settings come from flags, the environment (LIAISON_HOST, LIAISON_PORT, LIAISON_AGENCY,
      LIAISON_CERT, LIAISON_KEY, LIAISON_CA, LIAISON_DEV_DIR, LIAISON_SEAL_KEY) or a config file
      ($LIAISON_CONFIG, ./liaison.yaml or ~/.config/liaison/config.yaml with keys host, port, as, cert,
      key, ca, dev_dir, seal_key), in that order. With `liaisond dev` running in this folder,
      `--as <agency>` is enough: the development certificates are found in .liaison-dev/pki.
      Every command takes --json for scripts.
      Exit codes: 0 success, 1 refused (by the broker, or a check here such as a bad signature),
      2 usage error or invalid input (nothing sent), 3 cannot connect (or the handshake was refused).
      Shell completion: liaison --generate-completion-script bash|zsh|fish.
      """,
    subcommands: [
      Template.self, Submit.self, Inbox.self, CaseCommand.self, Watch.self, Deadlines.self, Escalations.self,
      Attach.self, Act.self,
    ] + Verbs.all + [Bench.self])

  /// Runs the command; a usage error (an unknown option, a missing argument, a bad value) exits 2 as
  /// documented, not the parser's 64.
  static func main() async {
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
      let message = fullMessage(for: error)
      if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
      Foundation.exit(2)
    }
  }
}
