import Foundation
import LiaisonCore
import LiaisonSecurity
import Logging
import SwiftASN1
import Synchronization
import X509

/// A CA this broker trusts at the handshake, with its certificate revocation list and what it may
/// vouch for. Our own CA (`tls.client_ca`) issues the agencies' certificates and, where the regions
/// share one PKI, the peer brokers'. A peer region's own CA (`federation.peer_ca.<region>`) vouches
/// for one certificate subject only: that region's broker, `liaison://broker/<region>` — never an
/// agency, never another region's broker.
///
/// The list is re-read when its file changes (``reloadIfChanged()``, polled by the broker) or on
/// request (SIGHUP); a list that does not parse or is not signed by this CA is refused and the
/// previous one stays in force.
final class TrustAnchor: Sendable {
  private struct State {
    var list: CertificateRevocationList?
    var modified: Date?
  }

  /// The CA certificates (a PEM file may hold several, e.g. during a CA rollover).
  let roots: [Certificate]
  /// `nil` for our CA; a peer region for that region's CA.
  let region: String?
  private let crlPath: String?
  private let state = Mutex(State())
  private let logger: Logger

  /// Loads the CA and, when configured, its CRL; an unreadable CA or a CRL that is unreadable or not
  /// this CA's stops the broker from starting (better than serving with revocations silently off).
  init(caPath: String, crlPath: String?, region: String?, logger: Logger) throws(LiaisonError) {
    let owner = region.map { "the CA of peer region \($0)" } ?? "the client CA"
    do {
      let pem = try String(contentsOfFile: caPath, encoding: .utf8)
      roots = try PEMDocument.parseMultiple(pemString: pem).map { try Certificate(pemDocument: $0) }
    } catch {
      throw LiaisonError(.configInvalid, "\(caPath): cannot read \(owner) as PEM certificates (\(error))")
    }
    guard !roots.isEmpty else { throw LiaisonError(.configInvalid, "\(caPath): \(owner) holds no certificate") }
    self.region = region
    self.crlPath = crlPath
    self.logger = logger
    if crlPath != nil { try reload() }
  }

  /// The revocation list in force, if any.
  var list: CertificateRevocationList? { state.withLock { $0.list } }

  /// Serials currently revoked.
  var revokedCount: Int { state.withLock { $0.list?.revokedSerials.count ?? 0 } }

  /// Whether a certificate that chains to this CA may be used: any, for our CA; for a peer region's
  /// CA, only one naming exactly that region's broker URI and nothing else.
  func vouches(for leaf: Certificate) -> Bool {
    guard let region else { return true }
    return CertificateIdentity.uris(of: leaf) == ["liaison://broker/\(region)"]
  }

  /// Re-reads the CRL file now.
  func reload() throws(LiaisonError) {
    guard let crlPath else { return }
    let modified = Self.modificationDate(crlPath)
    let list = try CertificateRevocationList(contentsOf: crlPath)
    if !roots.contains(where: { (try? list.verify(issuer: $0)) != nil }) {
      try list.verify(issuer: roots[0])  // throws the reason: another issuer or a bad signature
    }
    state.withLock { $0 = State(list: list, modified: modified) }
    logger.info(
      "revocation list loaded",
      metadata: ["crl": "\(crlPath)", "revoked": "\(list.revokedSerials.count)", "issuer": "\(region ?? "ours")"])
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
}
