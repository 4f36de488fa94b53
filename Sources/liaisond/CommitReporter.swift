import LiaisonServer
import Logging
import ServiceLifecycle

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
