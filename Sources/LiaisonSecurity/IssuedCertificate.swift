import Crypto
import Foundation
import LiaisonCore
import SwiftASN1
import X509

/// A certificate with its private key, as minted by ``CertificateAuthority``.
public struct IssuedCertificate: Sendable {
  /// The certificate.
  public let certificate: Certificate
  /// Its private key (P-256).
  public let privateKey: P256.Signing.PrivateKey

  public init(certificate: Certificate, privateKey: P256.Signing.PrivateKey) {
    self.certificate = certificate
    self.privateKey = privateKey
  }

  /// The certificate in PEM.
  public func certificatePEM() throws -> String {
    try certificate.serializeAsPEM().pemString
  }

  /// The private key in PKCS#8 PEM.
  public var privateKeyPEM: String { privateKey.pemRepresentation }

  /// Writes `<base>.key` (readable by its owner only, from its first byte) and then `<base>.pem`,
  /// each whole or not at all: a reader that finds the certificate finds its key.
  public func write(to base: String) throws {
    try AtomicFile.store(Array(privateKeyPEM.utf8), to: base + ".key", permissions: 0o600)
    try AtomicFile.store(Array(try certificatePEM().utf8), to: base + ".pem", permissions: 0o644)
  }

  /// Reads `<base>.pem` and `<base>.key`; an error names the file it could not read or parse.
  public static func read(from base: String) throws -> IssuedCertificate {
    let certificate: Certificate
    do {
      certificate = try Certificate(pemEncoded: try String(contentsOfFile: base + ".pem", encoding: .utf8))
    } catch {
      throw LiaisonError(.configInvalid, "cannot read the certificate \(base).pem: \(error)")
    }
    let key: P256.Signing.PrivateKey
    do {
      key = try P256.Signing.PrivateKey(pemRepresentation: try String(contentsOfFile: base + ".key", encoding: .utf8))
    } catch {
      throw LiaisonError(.configInvalid, "cannot read the private key \(base).key: \(error)")
    }
    return IssuedCertificate(certificate: certificate, privateKey: key)
  }
}
