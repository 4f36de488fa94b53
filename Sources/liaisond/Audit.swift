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
      discussion: """
        Exit status 0 when intact; 1 when the chain is broken or differs from an anchored head (the \
        first broken link is named first); 64 when the arguments are bad: no database there, not a \
        Liaison database, or a head file that cannot be read.
        """)

    @Option(help: "The SQLite database (a live one, a copy or a restored backup).")
    var database = ".liaison-dev/liaison.sqlite"

    @Option(
      help: """
        Exported heads the chain must still contain unchanged: the JSON of `audit head`, or the file \
        the broker's --audit-head-file writes (one JSON line per export; every line is checked).
        """)
    var head: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
      let report: AuditVerifier.Report
      do {
        report = try AuditVerifier.verify(path: database)
      } catch {
        throw Audit.usage("cannot verify \(database): \(error)")
      }
      var problems = report.problems
      if let head {
        let anchors: [AuditHead]
        do {
          anchors = try AuditHead.read(file: head)
        } catch {
          throw Audit.usage("\(error)")
        }
        // Every exported head must still be in the chain; the first that is not is named first.
        let broken = try anchors.compactMap { try $0.check(database: database) }
        problems.insert(contentsOf: broken.prefix(1), at: 0)
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

  /// Prints `message` and gives the exit status of a bad argument (64, EX_USAGE), distinct from a
  /// broken chain (1).
  static func usage(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("liaisond audit verify: \(message)\n".utf8))
    return ExitCode(64)
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
