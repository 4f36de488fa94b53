import ArgumentParser
import Dispatch
import Foundation
import LiaisonCore
import LiaisonSecurity
import LiaisonServer
import LiaisonStore
import Logging

/// `liaisond bench-deadlines`: a broker holding a million open statutory clocks: its start-up time,
/// its resident memory, and how late alarms fire while the million stay open.
struct BenchDeadlines: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench-deadlines",
    abstract: "Measure start-up, memory and alarm lateness of a broker with many open deadlines.")

  @OptionGroup var options: BrokerOptions
  @Option(help: "Open deadlines (not due during the run).") var open = 1_000_000
  @Option(help: "Deadlines due during the run, whose lateness is measured.") var probes = 200
  @Option(help: "Milliseconds between two probes' due times.") var spacing = 25

  func run() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-bench-deadlines-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let directory = try options.loadDirectory()
    let deadlines = try options.loadDeadlines()
    let pki = DevelopmentPKI(folder: "\(folder)/pki", region: "tj")
    try pki.ensure(directory: directory)
    let database = "\(folder)/liaison.sqlite"
    let sender = AgencyID("tj.hp.scjg")!
    let police = AgencyID("tj.hp.gafj")!
    let clock = SystemClock()

    // The open deadlines, due in ten days and later: written before the broker starts.
    let seeding = Self.nanos()
    do {
      let store = try SQLiteStore(.init(path: database), clock: clock)
      try store.insertSyntheticDeadlines(
        count: open, firstDue: clock.nowMillis() + 10 * 86_400_000, spacing: 1000, sender: sender, receiver: police)
      store.close()
    }
    let seedSeconds = Double(Self.nanos() - seeding) / 1e9

    var logger = Logger(label: "bench-deadlines")
    logger.logLevel = .warning
    let started = Self.nanos()
    let broker = try LiaisonBroker(
      configuration: BrokerConfiguration(
        region: "tj",
        listener: .init(
          host: "127.0.0.1", port: 0, certificatePath: pki.brokerCertificatePath, privateKeyPath: pki.brokerKeyPath,
          clientCAPath: pki.caPath),
        databasePath: database),
      directory: directory, channels: try options.loadChannelPolicy(), deadlines: deadlines, logger: logger)
    let (probes, spacing) = (self.probes, Int64(self.spacing))
    let line = try await withThrowingTaskGroup(of: String?.self) { group in
      group.addTask {
        try await broker.run()
        return nil
      }
      _ = try await broker.listeningPort
      let startupMillis = Double(Self.nanos() - started) / 1e6
      try broker.store.insertSyntheticDeadlines(
        count: probes, firstDue: clock.nowMillis() + 2000, spacing: spacing, sender: sender, receiver: police)
      let deadline = Date().addingTimeInterval(Double(probes) * Double(spacing) / 1000 + 30)
      var times: [(due: Int64, raised: Int64)] = []
      while Date() < deadline {
        times = try await broker.store.escalationTimes()
        if times.count >= probes { break }
        try await Task.sleep(for: .milliseconds(200))
      }
      let lateness = times.map { $0.raised - $0.due }.sorted()
      func percentile(_ p: Double) -> Int64 {
        lateness.isEmpty ? -1 : lateness[min(lateness.count - 1, Int(Double(lateness.count) * p))]
      }
      let line =
        "peer=liaison scenario=deadlines open=\(open) probes=\(probes) fired=\(times.count) seed_s=\(String(format: "%.1f", seedSeconds)) startup_ms=\(Int(startupMillis)) rss_mb=\(Self.residentMegabytes()) fire_p50_ms=\(percentile(0.5)) fire_p99_ms=\(percentile(0.99)) fire_max_ms=\(lateness.last ?? -1)"
      await broker.beginShutdown()
      return line
    }
    print(line)
  }

  static func nanos() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

  /// This process's resident set size, from /proc/self/status.
  static func residentMegabytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
      let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
    else { return -1 }
    return kilobytes / 1024
  }
}
