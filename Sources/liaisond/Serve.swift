import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonServer

/// `liaisond serve`: a broker with operator-provided certificates, from a configuration file or flags.
struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a broker with the given certificates and database.",
    discussion: """
      liaisond serve --config /etc/liaison/liaisond.yaml     # production (Deploy/config/liaisond.yaml)
      liaisond serve --certificate … --key … --client-ca … --database …   # quick start from flags
      With --config the file is the whole configuration and the other flags are not used.
      """)

  @OptionGroup var options: BrokerOptions

  @Option(help: "Configuration file (YAML; every key documented in Deploy/config/liaisond.yaml).")
  var config: String?

  @Option(help: "Broker certificate (PEM).")
  var certificate: String?

  @Option(help: "Broker private key (PEM).")
  var key: String?

  @Option(help: "CA that issues agency certificates (PEM); the only trust root for clients.")
  var clientCa: String?

  @Option(help: "Certificate revocation list of that CA (PEM or DER); re-read when it changes and on SIGHUP.")
  var crl: String?

  @Option(help: "SQLite database file.")
  var database: String?

  func run() async throws {
    let (configuration, options) = try settings()
    let directory = try options.loadDirectory()
    let deadlines = try options.loadDeadlines()
    try await runBroker(configuration, options: options, directory: directory, deadlines: deadlines) { port in
      say("liaisond (region \(options.region)) listening on \(options.host):\(port)")
    }
  }

  /// The broker configuration and options, from the file or from the flags.
  func settings() throws -> (BrokerConfiguration, BrokerOptions) {
    if let config {
      let (file, problems) = LiaisondConfig.load(config)
      guard problems.isEmpty else {
        throw ValidationError(
          problems.joined(separator: "\n") + "\n(`liaisond check-config --config \(config)` checks every file)")
      }
      return (file.broker, file.options)
    }
    guard let certificate, let key, let clientCa, let database else {
      throw ValidationError("give --config FILE, or --certificate, --key, --client-ca and --database")
    }
    var configuration = BrokerConfiguration(
      region: options.region,
      listener: .init(
        host: options.host, port: options.port, certificatePath: certificate, privateKeyPath: key,
        clientCAPath: clientCa, crlPath: crl),
      databasePath: database)
    configuration.delivery.defaultAckWait = options.ackWaitMs
    configuration.limits.agencyRequestsPerSecond = options.agencyRequestsPerSecond
    configuration.limits.agencyBurst = options.agencyBurst
    return (configuration, options)
  }
}
