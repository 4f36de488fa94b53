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
    subcommands: [
      Dev.self, Serve.self, CheckConfig.self, AuthorizationTableCommand.self, Audit.self, Federation.self, Backup.self,
      Restore.self, BenchStore.self, BenchDeadlines.self,
    ])
}

/// Runs a broker until SIGTERM or SIGINT, then drains it.
func runBroker(
  _ configuration: BrokerConfiguration, options: BrokerOptions, directory: Directory, deadlines: DeadlineRules,
  announce: @escaping @Sendable (Int) -> Void
) async throws {
  let level = Logger.Level(rawValue: options.logLevel) ?? .info
  if options.logFormat == "json" {
    LoggingSystem.bootstrap { label in JSONLogHandler(label: label, logLevel: level) }
  } else {
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = level
      return handler
    }
  }
  var configuration = configuration
  configuration.federation = try options.federation()
  if options.metricsPort > 0 {
    configuration.metrics = .init(host: options.metricsHost, port: options.metricsPort)
  }
  let logger = Logger(label: "liaisond")
  // Commit statistics are collected only when they are reported: their samples accumulate until read.
  let reportEvery = ProcessInfo.processInfo.environment["LIAISON_COMMIT_REPORT_SECONDS"].flatMap(Int.init)
  let statistics: CommitStatistics? = reportEvery == nil ? nil : CommitStatistics()
  var observer: (@Sendable (Int, Double) -> Void)?
  if let statistics { observer = { statistics.record(requests: $0, seconds: $1) } }
  let broker = try LiaisonBroker(
    configuration: configuration, directory: directory, channels: try options.loadChannelPolicy(), deadlines: deadlines,
    logger: logger,
    batchObserver: observer)
  // The broker's parts first (they stop last, the store at the very end), then the process's own.
  var services: [ServiceGroupConfiguration.ServiceConfiguration] = broker.services.map { .init(service: $0) }
  services += [
    .init(service: Announcer(broker: broker, announce: announce)),
    .init(service: ReloadService(broker: broker, options: options, logger: logger)),
  ]
  if let file = options.auditHeadFile {
    services.append(
      .init(
        service: AuditAnchor(
          database: configuration.databasePath, file: file, every: max(options.auditHeadSeconds, 1), logger: logger)))
  }
  if let every = reportEvery, let statistics {
    services.append(.init(service: CommitReporter(statistics: statistics, every: every, logger: logger)))
  }
  var group = ServiceGroupConfiguration(
    services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
  // A part that does not stop in time (a client holding a stream open) is cancelled: SIGTERM ends
  // the process within seconds, after the store closed.
  group.maximumGracefulShutdownDuration = .seconds(10)
  try await ServiceGroup(configuration: group).run()
}

/// Writes a line to standard output at once (stdout is a pipe in tests and under systemd).
func say(_ text: String) {
  FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
