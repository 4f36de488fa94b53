import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonSecurity
import LiaisonServer
import Logging
import ServiceLifecycle
import UnixSignals

@main
struct Liaisond: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "liaisond",
    abstract: "The Liaison broker: typed, acknowledged, durable case hand-offs between agencies over mutual TLS.",
    subcommands: [Dev.self, Serve.self, BenchStore.self])
}

/// Options shared by the commands that run a broker.
struct BrokerOptions: ParsableArguments {
  @Option(help: "Interface to listen on.")
  var host = "127.0.0.1"

  @Option(help: "TCP port (0 picks a free one).")
  var port = 7443

  @Option(help: "This broker's region: tj, bj or he.")
  var region = "tj"

  @Option(help: "Agency directory (YAML).")
  var directory = "Deploy/directory/directory.yaml"

  @Option(help: "Ack wait when a subscriber asks for none, in milliseconds.")
  var ackWaitMs: Int64 = 30000

  func loadDirectory() throws -> Directory {
    guard let text = try? String(contentsOfFile: directory, encoding: .utf8) else {
      throw ValidationError("cannot read the directory file '\(directory)'; pass --directory PATH")
    }
    return try Directory(yaml: text, file: directory)
  }
}

/// Runs a broker until SIGTERM or SIGINT, then drains it.
func runBroker(_ configuration: BrokerConfiguration, directory: Directory, announce: @escaping @Sendable (Int) -> Void)
  async throws
{
  LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = .info
    return handler
  }
  let logger = Logger(label: "liaisond")
  let statistics = CommitStatistics()
  let broker = try LiaisonBroker(
    configuration: configuration, directory: directory, logger: logger,
    batchObserver: { statistics.record(requests: $0, seconds: $1) })
  var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
    .init(service: broker), .init(service: Announcer(broker: broker, announce: announce)),
  ]
  if let every = ProcessInfo.processInfo.environment["LIAISON_COMMIT_REPORT_SECONDS"].flatMap(Int.init) {
    services.append(.init(service: CommitReporter(statistics: statistics, every: every, logger: logger)))
  }
  let group = ServiceGroup(
    configuration: .init(
      services: services,
      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
  try await group.run()
}

/// Logs group-commit statistics periodically (set LIAISON_COMMIT_REPORT_SECONDS).
struct CommitReporter: Service {
  let statistics: CommitStatistics
  let every: Int
  let logger: Logger

  func run() async throws {
    while !Task.isShuttingDownGracefully, !Task.isCancelled {
      try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(every)) }
      let report = statistics.report()
      if report.commits > 0 { logger.info("store commits", metadata: ["stats": "\(report)"]) }
    }
  }
}

/// Prints the listening port once the broker listens.
struct Announcer: Service {
  let broker: LiaisonBroker
  let announce: @Sendable (Int) -> Void

  func run() async throws {
    announce(try await broker.listeningPort)
    try? await gracefulShutdown()
  }
}

/// Writes a line to standard output at once (stdout is a pipe in tests and under systemd).
func say(_ text: String) {
  FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
