import Foundation
import LiaisonCore
import LiaisonSecurity
import Logging
import NIOCore
import NIOSSL
import SwiftASN1
import Synchronization
import X509

/// Verifies client certificates during the TLS handshake: the chain must end at our CA (the only
/// trust root), every certificate must be within its validity period, and none may be on the
/// certificate revocation list. The list is re-read when its file changes (``reloadIfChanged()``,
/// polled by the broker) or on request (SIGHUP); connections already open are not dropped, new
/// handshakes use the new list. A list that does not parse or is not signed by our CA is refused and
/// the previous one stays in force.
final class PeerVerifier: Sendable {
  private struct State {
    var list: CertificateRevocationList?
    var modified: Date?
  }

  private let roots: [Certificate]
  private let crlPath: String?
  private let state = Mutex(State())
  private let logger: Logger

  /// Loads the CA and, when configured, the CRL; a CRL that is unreadable or not the CA's stops the
  /// broker from starting (better than serving with revocations silently off).
  init(caPath: String, crlPath: String?, logger: Logger) throws {
    let pem = try String(contentsOfFile: caPath, encoding: .utf8)
    roots = try PEMDocument.parseMultiple(pemString: pem).map { try Certificate(pemDocument: $0) }
    self.crlPath = crlPath
    self.logger = logger
    if crlPath != nil { try reload() }
  }

  /// Serials currently revoked.
  var revokedCount: Int { state.withLock { $0.list?.revokedSerials.count ?? 0 } }

  /// Re-reads the CRL file now.
  func reload() throws(LiaisonError) {
    guard let crlPath else { return }
    let modified = Self.modificationDate(crlPath)
    let list = try CertificateRevocationList(contentsOf: crlPath)
    if !roots.contains(where: { (try? list.verify(issuer: $0)) != nil }) {
      try list.verify(issuer: roots[0])  // throws the reason: another issuer or a bad signature
    }
    state.withLock { $0 = State(list: list, modified: modified) }
    logger.info("revocation list loaded", metadata: ["crl": "\(crlPath)", "revoked": "\(list.revokedSerials.count)"])
  }

  /// Re-reads the CRL when its file's modification time changed; a bad file is logged and ignored.
  func reloadIfChanged() {
    guard let crlPath else { return }
    let modified = Self.modificationDate(crlPath)
    guard modified != state.withLock({ $0.modified }) else { return }
    do {
      try reload()
    } catch {
      // Remember the time so that one bad file is reported once, not on every poll.
      state.withLock { $0.modified = modified }
      logger.error(
        "revocation list refused, keeping the previous one", metadata: ["crl": "\(crlPath)", "reason": "\(error)"])
    }
  }

  private static func modificationDate(_ path: String) -> Date? {
    (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
  }

  /// The TLS handshake's verification callback.
  /// - Parameter requiredURI: a URI the leaf must carry (a peer broker's `liaison://broker/<region>`
  ///   when this broker dials it).
  func verify(
    _ presented: [NIOSSLCertificate], _ promise: EventLoopPromise<NIOSSLVerificationResultWithMetadata>,
    requiredURI: String? = nil
  ) {
    let list = state.withLock { $0.list }
    let roots = self.roots
    let logger = self.logger
    Task {
      do {
        let chain = try presented.map { try Certificate(derEncoded: try $0.toDERBytes()) }
        guard let leaf = chain.first else {
          promise.succeed(.failed)
          return
        }
        var verifier = Verifier(rootCertificates: CertificateStore(roots)) {
          RFC5280Policy()
          RevocationPolicy(list: list)
        }
        switch await verifier.validate(leaf: leaf, intermediates: CertificateStore(chain.dropFirst())) {
        case .validCertificate(let validated):
          if let requiredURI, !CertificateIdentity.uris(of: leaf).contains(requiredURI) {
            logger.warning(
              "peer certificate refused at the handshake",
              metadata: ["subject": "\(leaf.subject)", "reason": "it does not name \(requiredURI)"])
            promise.succeed(.failed)
            return
          }
          let certificates = try validated.map {
            var serializer = DER.Serializer()
            try serializer.serialize($0)
            return try NIOSSLCertificate(bytes: serializer.serializedBytes, format: .der)
          }
          promise.succeed(.certificateVerified(VerificationMetadata(NIOSSL.ValidatedCertificateChain(certificates))))
        case .couldNotValidate(let failures):
          let reasons = failures.map { "\($0.policyFailureReason)" }.joined(separator: "; ")
          logger.warning(
            "client certificate refused at the handshake",
            metadata: [
              "subject": "\(leaf.subject)", "serial": "\(leaf.serialNumber)",
              "reason": "\(reasons.isEmpty ? "no chain to the Liaison CA" : reasons)",
            ])
          promise.succeed(.failed)
        }
      } catch {
        logger.warning("client certificate refused at the handshake", metadata: ["reason": "\(error)"])
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
