import GRPCCore
import GRPCNIOTransportHTTP2
import LiaisonCore
import LiaisonSecurity
import X509

/// Finds the caller of an RPC: the verified client certificate of the connection, read through the
/// Posix HTTP/2 transport, interpreted by ``CertificateIdentity`` against the current directory.
/// Identity is passed explicitly to handlers (a task-local would not reach streaming handlers).
final class Authenticator: Sendable {
  /// The rules in force (the directory identities are checked against).
  private let rules: RuleBook
  /// Regions served by peer brokers: their brokers may call Federation; their agencies may not
  /// call this broker.
  let peerRegions: Set<String>

  init(rules: RuleBook, peerRegions: Set<String> = []) {
    self.rules = rules
    self.peerRegions = peerRegions
  }

  /// The directory in force (a reload replaces it; calls already authenticated keep their principal).
  var currentDirectory: Directory { rules.directory }

  /// The verified client certificate of the connection.
  func certificate(_ context: ServerContext) -> Certificate? {
    (context.transportSpecific as? HTTP2ServerTransport.Posix.Context)?.peerCertificate
  }

  /// The caller's principal, or a status error that says why there is none.
  func principal(_ context: ServerContext) throws -> Principal {
    guard let transport = context.transportSpecific as? HTTP2ServerTransport.Posix.Context,
      let certificate = transport.peerCertificate
    else {
      throw LiaisonError(.unauthenticated, "no verified client certificate on this connection").status
    }
    let principal: Principal
    do {
      principal = try CertificateIdentity.principal(of: certificate, directory: currentDirectory)
    } catch {
      throw error.status
    }
    guard !peerRegions.contains(principal.agency.region) else {
      throw LiaisonError(
        .wrongRegion,
        "agency \(principal.agency) belongs to region \(principal.agency.region), which its own broker serves; connect to that broker"
      ).status
    }
    return principal
  }

  /// The region of the peer broker calling Federation: its certificate must carry exactly one
  /// `liaison://broker/<region>` URI and no agency URI, for a configured peer.
  func peerRegion(_ context: ServerContext) throws -> String {
    guard let certificate = certificate(context) else {
      throw LiaisonError(.unauthenticated, "no verified client certificate on this connection").status
    }
    let brokers = CertificateIdentity.uris(of: certificate).filter { $0.hasPrefix("liaison://broker/") }
    guard brokers.count == 1, CertificateIdentity.agencyURIs(of: certificate).isEmpty else {
      throw LiaisonError(
        .federationRefused, "Federation is for peer brokers: the certificate must name one liaison://broker/<region>"
      ).status
    }
    let region = String(brokers[0].dropFirst("liaison://broker/".count))
    guard peerRegions.contains(region) else {
      throw LiaisonError(.federationRefused, "broker \(region) is not a configured peer of this broker").status
    }
    return region
  }
}
