import ArgumentParser
import Foundation
import GRPCCore
import LiaisonClient
import LiaisonCore

/// Where the broker is and who we are.
struct ConnectionOptions: ParsableArguments {
  @Option(help: "Broker host (env LIAISON_HOST, config host).")
  var host = CLIConfig.value("host") ?? "127.0.0.1"

  @Option(help: "Broker port (env LIAISON_PORT, config port).")
  var port = Int(CLIConfig.value("port") ?? "") ?? 7443

  @Option(name: .customLong("as"), help: "Act as this agency, using its development certificate (env LIAISON_AGENCY).")
  var agencyFlag: String?

  @Option(name: .customLong("cert"), help: "Client certificate PEM (env LIAISON_CERT); overrides --as.")
  var certFlag: String?

  @Option(name: .customLong("key"), help: "Client private key PEM (env LIAISON_KEY).")
  var keyFlag: String?

  @Option(name: .customLong("ca"), help: "CA that issued the broker certificate (env LIAISON_CA).")
  var caFlag: String?

  var agency: String? { agencyFlag ?? CLIConfig.value("agency") ?? CLIConfig.values["as"] }
  var cert: String? { certFlag ?? CLIConfig.value("cert") }
  var key: String? { keyFlag ?? CLIConfig.value("key") }
  var ca: String? { caFlag ?? CLIConfig.value("ca") }

  @Option(help: "Data folder of `liaisond dev` (env LIAISON_DEV_DIR, config dev_dir).")
  var devDir = CLIConfig.value("dev_dir") ?? ".liaison-dev"

  @Option(help: "Private sealing key (64 hex digits) to open discipline clues; default the agency's dev key.")
  var sealKey: String?

  /// The sealing key file of the agency, if one is configured or found in the dev folder.
  var sealKeyPath: String? {
    if let sealKey = sealKey ?? CLIConfig.value("seal_key") { return sealKey }
    guard let agency else { return nil }
    let path = "\(devDir)/pki/agencies/\(agency).seal.key"
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }

  @Flag(help: "Print machine-readable JSON.")
  var json = false

  func credentials(as agency: String? = nil) throws -> ClientCredentials {
    let pki = "\(devDir)/pki"
    if agency == nil, let cert, let key {
      return try ClientCredentials.files(certificate: cert, privateKey: key, trustRoot: ca ?? "\(pki)/ca.pem")
    }
    guard let who = agency ?? self.agency else {
      throw ValidationError("say who you are: --as <agency id> (with liaisond dev) or --cert/--key/--ca")
    }
    let base = "\(pki)/agencies/\(who)"
    guard FileManager.default.fileExists(atPath: base + ".pem") else {
      throw ValidationError(
        "no development certificate for '\(who)' in \(pki)/agencies; is `liaisond dev` running here, and is the id in the directory?"
      )
    }
    return try ClientCredentials.files(
      certificate: base + ".pem", privateKey: base + ".key", trustRoot: ca ?? "\(pki)/ca.pem")
  }

  /// Connects as the configured (or given) agency and runs `body`, turning failures into messages
  /// and exit codes.
  func connect<R: Sendable>(as agency: String? = nil, _ body: (LiaisonClient) async throws -> R) async throws -> R {
    let credentials = try credentials(as: agency)
    do {
      return try await LiaisonClient.connect(host: host, port: port, credentials: credentials, body)
    } catch let error as RPCError {
      if LiaisonClient.errorCode(error) != nil {
        let field = LiaisonClient.errorField(error).map { " [field \($0)]" } ?? ""
        printError("refused: \(error.message)\(field)")
        throw ExitCode(1)
      }
      if error.code == .unavailable {
        printError(
          "cannot reach the broker at \(host):\(port): \(error.message)\n(is it running? is --port right? a refused handshake means the certificate is unknown, expired or revoked)"
        )
        throw ExitCode(3)
      }
      printError("\(error.code): \(error.message)")
      throw ExitCode(1)
    } catch let error as LiaisonError {
      printError("refused before sending: \(error)\(error.fieldPath.map { " [field \($0)]" } ?? "")")
      throw ExitCode(1)
    }
  }
}

func printError(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}

func say(_ text: String) {
  FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
