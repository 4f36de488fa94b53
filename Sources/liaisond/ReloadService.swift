import Foundation
import LiaisonCore
import LiaisonServer
import Logging
import ServiceLifecycle
import UnixSignals

/// Re-reads the directory, the channel policy, the deadline policies and the calendars on SIGHUP. A set of files that
/// does not load is refused as a whole (the log names the file, line and reason) and the broker
/// keeps the configuration it had.
struct ReloadService: Service {
  let broker: LiaisonBroker
  let options: BrokerOptions
  let logger: Logger

  func run() async throws {
    let signals = await UnixSignalsSequence(trapping: .sighup)
    logger.info("reload on SIGHUP: directory, channel policy, deadline policies, calendars, revocation lists")
    await cancelWhenGracefulShutdown {
      for await _ in signals {
        do {
          let directory = try options.loadDirectory()
          let deadlines = try options.loadDeadlines()
          let channels = try options.loadChannelPolicy()
          try broker.reloadRevocations()
          broker.replaceDirectory(directory)
          broker.replaceChannelPolicy(channels)
          let recounted = await broker.replaceDeadlineRules(deadlines)
          logger.info(
            "configuration reloaded",
            metadata: [
              "agencies": "\(directory.agencies.count)", "clocks": "\(deadlines.policies.policies.count)",
              "provisional_cases_recounted": "\(recounted)",
            ])
          if let warning = deadlines.calendarWarning(at: Int64(Date().timeIntervalSince1970 * 1000)) {
            logger.warning("\(warning)")
          }
        } catch {
          logger.error("configuration reload refused, keeping the previous one", metadata: ["reason": "\(error)"])
        }
      }
    }
  }
}
