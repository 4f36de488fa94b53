import ArgumentParser

@main
struct Liaison: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "liaison",
    abstract: "Hand cases to other agencies through a Liaison broker, and follow them.",
    discussion: """
      Connection settings come from flags or the environment (LIAISON_HOST, LIAISON_PORT, LIAISON_AGENCY,
      LIAISON_CERT, LIAISON_KEY, LIAISON_CA, LIAISON_DEV_DIR). With `liaisond dev` running in this folder,
      `--as <agency>` is enough: the development certificates are found in .liaison-dev/pki.
      Exit codes: 0 success, 1 refused by the broker, 2 usage error, 3 cannot connect.
      """,
    subcommands: [Submit.self, Act.self, Inbox.self, CaseCommand.self, Watch.self, Bench.self])
}
