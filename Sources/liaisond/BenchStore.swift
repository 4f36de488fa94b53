import ArgumentParser
import Dispatch
import Foundation
import LiaisonContract
import LiaisonCore
import LiaisonServer
import LiaisonStore

/// `liaisond bench-store`: the durable store alone, without gRPC or TLS: how many submissions (and
/// acknowledgements) per second the single group-committing writer sustains, and what a commit costs.
struct BenchStore: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench-store",
    abstract: "Measure the SQLite store alone: submissions and acknowledgements per second, commit sizes and times.")

  @Option(help: "Submissions.") var n = 100_000
  @Option(help: "Submissions per call (as in one SubmitBatch).") var batch = 64
  @Option(help: "Calls in flight at once.") var concurrency = 16
  @Option(help: "Bytes of typed content per submission.") var size = 512
  @Option(help: "Database file (default: a new file in a temporary folder).") var database: String?
  @Flag(help: "Run no deadlines (acknowledgements then start none).") var noDeadlines = false
  @OptionGroup var options: BrokerOptions

  func run() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-bench-store-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let statistics = CommitStatistics()
    let store = try SQLiteStore(
      .init(path: database ?? folder.appendingPathComponent("bench.sqlite").path), clock: SystemClock())
    defer { store.close() }
    let engine = CaseEngine(
      .init(
        region: "tj", directory: try options.loadDirectory(), channels: try options.loadChannelPolicy(),
        deadlines: noDeadlines ? nil : try options.loadDeadlines(), notices: ProtobufNotices()))
    let commits = store.commits()
    let sender = AgencyID("tj.scjg")!
    let receiver = AgencyID("tj.hp.scjg")!
    let content = [UInt8](repeating: 0x78, count: size)
    let (n, batch, concurrency) = (self.n, self.batch, self.concurrency)
    let started = DispatchTime.now().uptimeNanoseconds
    try await withThrowingTaskGroup(of: Void.self) { counting in
      counting.addTask {
        for await commit in commits { statistics.record(requests: commit.requests, seconds: commit.seconds) }
      }
      try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<concurrency {
          group.addTask {
            var index = worker * batch
            while index < n {
              let commands = (index..<min(index + batch, n)).map { item in
                CaseCommand.submit(
                  SubmitCommand(
                    sender: sender, operatorName: nil, channel: .referral, workflow: .referral, addressees: [receiver],
                    copies: [],
                    title: "bench", drill: false, confidentiality: 2, idempotencyKey: "k\(item)",
                    requestHash: Array(repeating: UInt8(truncatingIfNeeded: item), count: 32), attachments: [],
                    content: content))
              }
              let results = (try? await store.commit(commands, engine: engine).value.get()) ?? []
              let now = Int64(Date().timeIntervalSince1970 * 1000)
              _ = store.commit(
                results.flatMap(\.committed).flatMap(\.deliveries).map {
                  .acknowledged(
                    Acknowledgement(
                      id: $0.id, attempts: 1, at: now, agency: $0.agency, caseID: $0.caseID, role: $0.role,
                      action: .submit))
                }, engine: engine)
              index += concurrency * batch
            }
          }
        }
        try await group.waitForAll()
      }
      await store.flush()
      counting.cancelAll()
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    let report = statistics.report()
    print(
      "peer=liaison-store scenario=store size=\(size) n=\(n) batch=\(batch) concurrency=\(concurrency) submits_per_s=\(Int(Double(n) / seconds)) elapsed_s=\(String(format: "%.3f", seconds)) \(report)"
    )
  }
}
