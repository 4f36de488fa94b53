import Foundation
import LiaisonCore
import LiaisonSecurity
import SwiftASN1
import Synchronization
import X509

/// Certificates minted for one test in a temporary folder: a CA, a broker certificate, agency
/// certificates on demand, and a second, unrelated CA for "foreign certificate" tests.
public struct TestPKI: Sendable {
  /// Where the files are.
  public let folder: TemporaryDirectory
  /// The CA the broker trusts.
  public let authority: CertificateAuthority
  /// A CA the broker does not trust.
  public let rogue: CertificateAuthority
  private static let minting = Mutex(())

  public init(folder: TemporaryDirectory, region: String = "tj") throws {
    self.folder = folder
    authority = try CertificateAuthority(name: "Liaison test CA")
    rogue = try CertificateAuthority(name: "Liaison test CA")
    try authority.root.write(to: folder.file("ca"))
    try authority.issueBroker(region: region).write(to: folder.file("broker"))
  }

  public var caPath: String { folder.file("ca.pem") }
  public var brokerCertificatePath: String { folder.file("broker.pem") }
  public var brokerKeyPath: String { folder.file("broker.key") }

  /// Mints another region's broker certificate (`liaison://broker/<region>`) from the same CA, for
  /// a peer broker; returns the base path of its `.pem` and `.key`.
  public func broker(region: String, rogue useRogue: Bool = false) throws -> String {
    let base = folder.file((useRogue ? "rogue-broker-" : "broker-") + region)
    try (useRogue ? rogue : authority).issueBroker(region: region).write(to: base)
    return base
  }

  /// Writes a revocation list of the trusted CA, revoking the certificates in `certificatePaths`
  /// (PEM; none: a list that revokes nothing).
  public func writeRevocationList(revoking certificatePaths: String..., to path: String) throws {
    let serials = try certificatePaths.map {
      try Certificate(pemEncoded: String(contentsOfFile: $0, encoding: .utf8)).serialNumber
    }
    try authority.revocationList(revoking: serials).write(toFile: path, atomically: true, encoding: .utf8)
  }

  /// Mints (or reuses) the certificate of `uri` signed by the trusted CA (or the rogue one) and
  /// returns the base path of its `.pem` and `.key`.
  public func agency(_ uri: String, rogue useRogue: Bool = false, days: Int = 30) throws -> String {
    let name = uri.replacingOccurrences(of: "liaison://agency/", with: "").replacingOccurrences(of: "/", with: "_")
    let base = folder.file((useRogue ? "rogue-" : "agency-") + name)
    // Concurrent connections of one agency must not see a certificate whose key is still being written.
    try Self.minting.withLock { _ in
      if !FileManager.default.fileExists(atPath: base + ".key") {
        try (useRogue ? rogue : authority).issueAgency(uri, commonName: name, days: days).write(to: base)
      }
    }
    return base
  }
}
