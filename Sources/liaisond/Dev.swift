import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonSecurity
import LiaisonServer

/// `liaisond dev`: a working broker with nothing configured.
struct Dev: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Start a development broker: local data folder, development CA and agency certificates, SQLite, 127.0.0.1.")

  @OptionGroup var options: BrokerOptions

  @Option(help: "Folder for the database and the development certificates.")
  var data = ".liaison-dev"

  @Option(
    help:
      "SQLite database file (default <data>/liaison.sqlite); a second region's dev broker sharing --data needs its own."
  )
  var database: String?

  func run() async throws {
    var published = self.options
    try published.requireDeployFiles()
    let deadlines = try published.loadDeadlines()
    let folder = URL(fileURLWithPath: data).standardizedFileURL.path
    let pki = DevelopmentPKI(folder: "\(folder)/pki", region: published.region)
    let minted = try pki.ensure(directory: try published.loadDirectory())
    // The commissions' development sealing keys are published with the directory.
    published.sealingKeys = published.sealingKeys ?? "\(folder)/pki/agencies"
    let options = published
    let directory = try options.loadDirectory()
    var configuration = BrokerConfiguration(
      region: options.region,
      listener: .init(
        host: options.host, port: options.port, certificatePath: pki.brokerCertificatePath,
        privateKeyPath: pki.brokerKeyPath, clientCAPath: pki.caPath),
      databasePath: database ?? "\(folder)/liaison.sqlite")
    configuration.delivery.defaultAckWait = options.ackWaitMs
    configuration.limits.agencyRequestsPerSecond = options.agencyRequestsPerSecond
    configuration.limits.agencyBurst = options.agencyBurst
    let agencies = directory.agencies.count
    try await runBroker(configuration, options: options, directory: directory, deadlines: deadlines) { port in
      say(
        """
        Liaison development broker (region \(options.region)) listening on \(options.host):\(port) with mutual TLS.
          data:         \(database ?? "\(folder)/liaison.sqlite")
          certificates: \(folder)/pki (\(minted) minted now; CA, broker and \(agencies) agencies)

        Try it from another terminal (the CLI finds these certificates by itself):
          swift run liaison watch --as tj.hp.scjg --count 1 &
          swift run liaison submit referral --as tj.scjg --to tj.hp.scjg --case-name "无照经营" \\
              --facts "和平区南市街道发现无照经营烟草制品" --reference "津市监移〔2026〕1号"
          swift run liaison sign tj.c1 --signer 王伟 --role 法制科科长 --as tj.hp.scjg
          swift run liaison case show tj.c1 --as tj.scjg
          swift run liaison --help      # every command: template, inbox, deadlines, escalations, attach …
        Stop with Ctrl-C (in-flight commits finish first).
        """)
    }
  }
}
