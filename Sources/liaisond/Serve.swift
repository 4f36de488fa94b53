import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonServer

/// `liaisond serve`: a broker with operator-provided certificates.
struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Run a broker with the given certificates and database.")

  @OptionGroup var options: BrokerOptions

  @Option(help: "Broker certificate (PEM).")
  var certificate: String

  @Option(help: "Broker private key (PEM).")
  var key: String

  @Option(help: "CA that issues agency certificates (PEM); the only trust root for clients.")
  var clientCa: String

  @Option(help: "Certificate revocation list of that CA (PEM or DER); re-read when it changes and on SIGHUP.")
  var crl: String?

  @Option(help: "SQLite database file.")
  var database: String

  func run() async throws {
    let directory = try options.loadDirectory()
    let deadlines = try options.loadDeadlines()
    var configuration = BrokerConfiguration(
      region: options.region,
      listener: .init(
        host: options.host, port: options.port, certificatePath: certificate, privateKeyPath: key,
        clientCAPath: clientCa, crlPath: crl),
      databasePath: database)
    configuration.delivery.defaultAckWait = options.ackWaitMs
    try await runBroker(configuration, options: options, directory: directory, deadlines: deadlines) { port in
      say("liaisond (region \(options.region)) listening on \(options.host):\(port)")
    }
  }
}
