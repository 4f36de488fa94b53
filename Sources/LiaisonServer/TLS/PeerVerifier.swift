import LiaisonCore
import LiaisonSecurity
import Logging
import NIOCore
import NIOSSL
import SwiftASN1
import X509

/// Verifies certificates during the TLS handshake, against the CAs this broker trusts
/// (``TrustAnchor``): the chain must end at one of them, every certificate must be within its
/// validity period and none may be on that CA's revocation list, and the CA must vouch for what the
/// leaf names (a peer region's CA only for that region's broker). A broker accepting a call tries
/// every anchor; a broker dialling a peer trusts only the anchor for that peer (its own CA when
/// configured, else ours) and requires the peer's broker URI.
final class PeerVerifier: Sendable {
  /// Our CA first, then the peer regions' own CAs.
  private let anchors: [TrustAnchor]
  private let logger: Logger

  /// Loads our CA and CRL and every peer's own CA and CRL; any that is unreadable, or a CRL that is
  /// not its CA's, stops the broker from starting.
  init(caPath: String, crlPath: String?, peers: [BrokerConfiguration.Peer] = [], logger: Logger) throws {
    var anchors = [try TrustAnchor(caPath: caPath, crlPath: crlPath, region: nil, logger: logger)]
    for peer in peers {
      guard let peerCA = peer.caPath else { continue }
      anchors.append(try TrustAnchor(caPath: peerCA, crlPath: peer.crlPath, region: peer.region, logger: logger))
    }
    self.anchors = anchors
    self.logger = logger
  }

  /// Serials currently revoked, over every CA.
  var revokedCount: Int { anchors.reduce(0) { $0 + $1.revokedCount } }

  /// Re-reads every CRL now; the first that is refused is thrown (the others are still read).
  func reload() throws(LiaisonError) {
    var refused: LiaisonError?
    for anchor in anchors {
      do { try anchor.reload() } catch { refused = refused ?? error }
    }
    if let refused { throw refused }
  }

  /// Re-reads the CRLs whose files changed.
  func reloadIfChanged() {
    for anchor in anchors { anchor.reloadIfChanged() }
  }

  /// The anchors a peer's broker certificate may chain to: the peer region's own CA when one is
  /// configured, else ours.
  private func anchors(forPeer region: String) -> [TrustAnchor] {
    let own = anchors.filter { $0.region == region }
    return own.isEmpty ? [anchors[0]] : own
  }

  /// The TLS handshake's verification callback.
  /// - Parameter peer: when this broker dials a peer, its region: the leaf must chain to that
  ///   peer's anchor and carry `liaison://broker/<region>`.
  func verify(
    _ presented: [NIOSSLCertificate], _ promise: EventLoopPromise<NIOSSLVerificationResultWithMetadata>,
    peer: String? = nil
  ) {
    let candidates = peer.map(anchors(forPeer:)) ?? anchors
    let requiredURI = peer.map { "liaison://broker/\($0)" }
    let logger = self.logger
    let side = peer.map { "peer broker \($0), dialled" } ?? "caller"
    Task {
      do {
        let chain = try presented.map { try Certificate(derEncoded: try $0.toDERBytes()) }
        guard let leaf = chain.first else {
          promise.succeed(.failed)
          return
        }
        var reasons: [String] = []
        for anchor in candidates {
          var verifier = Verifier(rootCertificates: CertificateStore(anchor.roots)) {
            RFC5280Policy()
            RevocationPolicy(list: anchor.list)
          }
          switch await verifier.validate(leaf: leaf, intermediates: CertificateStore(chain.dropFirst())) {
          case .validCertificate(let validated):
            if !anchor.vouches(for: leaf) {
              reasons.append(
                "issued by the CA of peer region \(anchor.region ?? "?"), which vouches only for liaison://broker/\(anchor.region ?? "?")"
              )
              continue
            }
            if let requiredURI, !CertificateIdentity.uris(of: leaf).contains(requiredURI) {
              reasons.append("it does not name \(requiredURI)")
              continue
            }
            let certificates = try validated.map {
              var serializer = DER.Serializer()
              try serializer.serialize($0)
              return try NIOSSLCertificate(bytes: serializer.serializedBytes, format: .der)
            }
            promise.succeed(.certificateVerified(VerificationMetadata(NIOSSL.ValidatedCertificateChain(certificates))))
            return
          case .couldNotValidate(let failures):
            reasons += failures.map { "\($0.policyFailureReason)" }
          }
        }
        logger.warning(
          "certificate refused at the handshake",
          metadata: [
            "side": "\(side)", "subject": "\(leaf.subject)", "serial": "\(leaf.serialNumber)",
            "reason": "\(reasons.isEmpty ? "no chain to a trusted CA" : reasons.joined(separator: "; "))",
          ])
        promise.succeed(.failed)
      } catch {
        logger.warning(
          "certificate refused at the handshake", metadata: ["side": "\(side)", "reason": "\(error)"])
        promise.succeed(.failed)
      }
    }
  }
}

/// Refuses a chain in which a certificate is on the revocation list.
struct RevocationPolicy: VerifierPolicy {
  let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = []
  let list: CertificateRevocationList?

  mutating func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) async -> PolicyEvaluationResult {
    guard let list, let revoked = chain.first(where: list.revokes) else { return .meetsPolicy }
    return .failsToMeetPolicy(reason: "certificate \(revoked.serialNumber) (\(revoked.subject)) is revoked")
  }
}
