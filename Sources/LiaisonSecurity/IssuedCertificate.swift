import Crypto
import Foundation
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

  /// Writes `<base>.pem` and `<base>.key` (the key readable by its owner only).
  public func write(to base: String) throws {
    try Data(certificatePEM().utf8).write(to: URL(fileURLWithPath: base + ".pem"), options: .atomic)
    let keyURL = URL(fileURLWithPath: base + ".key")
    try Data(privateKeyPEM.utf8).write(to: keyURL, options: .atomic)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyURL.path)
  }

  /// Reads `<base>.pem` and `<base>.key`.
  public static func read(from base: String) throws -> IssuedCertificate {
    let pem = try String(contentsOfFile: base + ".pem", encoding: .utf8)
    let key = try String(contentsOfFile: base + ".key", encoding: .utf8)
    return IssuedCertificate(
      certificate: try Certificate(pemEncoded: pem), privateKey: try P256.Signing.PrivateKey(pemRepresentation: key))
  }
}
