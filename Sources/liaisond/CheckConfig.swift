import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonSecurity
import LiaisonServer
import SwiftASN1
import X509

/// `liaisond check-config`: validates a configuration file and every file it names, printing every
/// problem with its file and line; exit status 1 when there is one.
struct CheckConfig: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check-config",
    abstract: "Check the configuration, certificates, CRL, directory, channel policy, deadline policies and calendars.")

  @Option(help: "Configuration file.")
  var config = "/etc/liaison/liaisond.yaml"

  @Flag(help: "Print every configuration key with its default (key=default) and exit.")
  var listKeys = false

  func run() throws {
    if listKeys {
      for key in LiaisondConfig.keys { print("\(key.path)=\(key.byDefault)") }
      return
    }
    let (file, configProblems) = LiaisondConfig.load(config)
    var problems = configProblems
    var found: [String] = []
    let options = file.options
    func check(_ what: String, _ body: () throws -> String) {
      do {
        found.append("\(what): \(try body())")
      } catch let error as LiaisonError {
        problems.append(error.message)
      } catch let error as ValidationError {
        problems.append(error.message)
      } catch {
        problems.append("\(what): \(error)")
      }
    }
    check("directory") { "\(try options.loadDirectory().agencies.count) agencies" }
    check("channel policy") { "\(try options.loadChannelPolicy().rules.count) rules" }
    var warnings: [String] = []
    check("deadlines") {
      let rules = try options.loadDeadlines()
      if let warning = rules.calendarWarning(at: Int64(Date().timeIntervalSince1970 * 1000)) {
        warnings.append("calendar: \(warning)")
      }
      return
        "\(rules.policies.policies.count) clocks, official calendars \(rules.calendar.officialYears.map(String.init).joined(separator: ", "))"
    }
    var ca: Certificate?
    check("client CA") {
      let certificate = try Self.certificate(file.clientCA)
      ca = certificate
      return "\(certificate.subject), valid until \(certificate.notValidAfter)"
    }
    check("broker certificate") {
      let certificate = try Self.certificate(file.certificate)
      let uris = CertificateIdentity.uris(of: certificate)
      guard uris.contains("liaison://broker/\(file.region)") else {
        throw LiaisonError(
          .configInvalid, "\(file.certificate): the broker certificate does not name liaison://broker/\(file.region)")
      }
      guard certificate.notValidAfter > Date() else {
        throw LiaisonError(.configInvalid, "\(file.certificate): expired on \(certificate.notValidAfter)")
      }
      return "\(uris.joined(separator: ", ")), valid until \(certificate.notValidAfter)"
    }
    check("broker key") {
      guard FileManager.default.isReadableFile(atPath: file.key) else {
        throw LiaisonError(.configInvalid, "\(file.key): cannot read the broker's private key")
      }
      return file.key
    }
    if let crl = file.crl {
      check("revocation list") { "\(try Self.revocationList(crl, issuer: ca).revokedSerials.count) revoked" }
    }
    if !file.peers.isEmpty {
      check("federation") {
        let federation = try options.federation()
        let regions = Set(try options.loadDirectory().regions.map(\.id))
        for peer in federation.peers where !regions.contains(peer.region) {
          throw LiaisonError(.configInvalid, "\(config): peer region '\(peer.region)' is not declared in the directory")
        }
        for peer in federation.peers {
          guard let caPath = peer.caPath else { continue }
          let peerCA = try Self.certificate(caPath)
          if let crlPath = peer.crlPath { _ = try Self.revocationList(crlPath, issuer: peerCA) }
        }
        return federation.peers.map {
          "\($0.region) at \($0.host):\($0.port)\($0.caPath.map { " (own CA \($0))" } ?? "")"
        }.joined(separator: ", ")
      }
    }
    let folder = URL(fileURLWithPath: file.database).deletingLastPathComponent().path
    if !FileManager.default.isWritableFile(atPath: folder) {
      problems.append("\(config): database folder \(folder) is not writable")
    }
    for line in found { print("ok    \(line)") }
    for warning in warnings { print("WARN  \(warning)") }
    for problem in problems { print("ERROR \(problem)") }
    if !problems.isEmpty { throw ExitCode(1) }
    print("configuration \(config) is valid")
  }

  /// Reads a CRL and checks it is `issuer`'s (when known) and not out of date.
  static func revocationList(_ path: String, issuer: Certificate?) throws -> CertificateRevocationList {
    let list = try CertificateRevocationList(contentsOf: path)
    if let issuer {
      do {
        try list.verify(issuer: issuer)
      } catch {
        throw LiaisonError(.configInvalid, "\(path): \(error.message)")
      }
    }
    if let next = list.nextUpdate, next < Date() {
      throw LiaisonError(.configInvalid, "\(path): out of date since \(next); publish a new one (liaison-pki crl)")
    }
    return list
  }

  static func certificate(_ path: String) throws -> Certificate {
    guard let pem = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw LiaisonError(.configInvalid, "\(path): cannot read the certificate")
    }
    do {
      return try Certificate(pemEncoded: pem)
    } catch {
      throw LiaisonError(.configInvalid, "\(path): not a PEM certificate (\(error))")
    }
  }
}
