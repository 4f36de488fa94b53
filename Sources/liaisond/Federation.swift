import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonStore

/// `liaisond federation queue`: the outbound queue towards each peer broker, read from the database
/// (beside a running broker, read-only).
struct Federation: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Inspect federation with the peer brokers of other regions.", subcommands: [Queue.self])

  struct Queue: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the depth and age of the outbound queue towards each peer broker.",
      discussion: """
        A queue grows while its peer is unreachable or refuses this broker's certificate, and drains
        when the link is back. The same figures are in /metrics (liaison_federation_queue_depth,
        liaison_federation_queue_age_seconds, liaison_federation_link_up).
        """)

    @Option(help: "The SQLite database of the broker.")
    var database = ".liaison-dev/liaison.sqlite"

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
      let stats = try SQLiteStore.outboundStats(path: database)
      let now = Int64(Date().timeIntervalSince1970 * 1000)
      if json {
        let rows: [[String: Any]] = stats.map {
          ["peer": $0.peer, "depth": $0.depth, "age_ms": $0.age(now: now), "oldest_queued_at": $0.oldestQueuedAt ?? 0]
        }
        let data = try JSONSerialization.data(withJSONObject: ["queues": rows], options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
        return
      }
      if stats.isEmpty {
        print("no item waits for a peer broker")
        return
      }
      print("peer  depth  oldest")
      for queue in stats {
        let age = Double(queue.age(now: now)) / 1000
        print(
          "\(queue.peer.padding(toLength: 4, withPad: " ", startingAt: 0))  \(String(queue.depth).padding(toLength: 5, withPad: " ", startingAt: 0))  \(String(format: "%.1f", age)) s"
        )
      }
    }
  }
}
