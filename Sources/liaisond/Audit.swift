import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonStore

/// `liaisond audit verify|head`: checks the tamper-evident audit chain of a database, offline.
struct Audit: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Verify the audit hash chain of a database, or print its head for anchoring elsewhere.",
    subcommands: [Verify.self, Head.self])

  struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Recompute the chain and cross-check it against events and acknowledgements.",
      discussion: "Exit status 0 when intact, 1 when a link is broken (the first broken link is named first).")

    @Option(help: "The SQLite database (a live one, a copy or a restored backup).")
    var database = ".liaison-dev/liaison.sqlite"

    @Option(help: "An exported head (JSON from `audit head`) the chain must still contain unchanged.")
    var head: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
      let report = try AuditVerifier.verify(path: database)
      var problems = report.problems
      if let head {
        let data = try Data(contentsOf: URL(fileURLWithPath: head))
        let anchored = try JSONDecoder().decode(AuditHead.self, from: data)
        if let problem = try anchored.check(database: database) { problems.insert(problem, at: 0) }
      }
      if json {
        let object: [String: Any] = [
          "intact": problems.isEmpty, "links": report.links,
          "kinds": Dictionary(uniqueKeysWithValues: report.byKind.map { ($0.key.rawValue, $0.value) }),
          "head": report.head.map { AuditHead($0).dictionary } ?? [:], "problems": problems,
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
      } else {
        let kinds = report.byKind.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }
        print("audit chain of \(database): \(report.links) links (\(kinds.joined(separator: " ")))")
        if let last = report.head { print("head: link \(last.seq) \(Hex.encode(last.hash))") }
        if problems.isEmpty {
          print("intact: every link hashes its predecessor, and every event and acknowledgement matches its link")
        } else {
          print("BROKEN: \(problems.count) problem(s); the first:")
          for problem in problems { print("  \(problem)") }
        }
      }
      if !problems.isEmpty { throw ExitCode(1) }
    }
  }

  struct Head: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the chain's head (seq, hash, time) as JSON, to anchor it outside the broker.")

    @Option(help: "The SQLite database.")
    var database = ".liaison-dev/liaison.sqlite"

    func run() throws {
      guard let link = try AuditVerifier.head(path: database) else {
        throw ValidationError("the audit chain of \(database) is empty")
      }
      print(try AuditHead(link).json())
    }
  }
}
