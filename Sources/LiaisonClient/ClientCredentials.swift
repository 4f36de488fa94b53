import Foundation

/// The TLS material a client presents and trusts: its agency certificate and key, and the CA that
/// issued the broker's certificate (the only trust root; the system store is not used).
public struct ClientCredentials: Sendable {
  /// PEM of the client certificate (chain).
  public var certificatePEM: String
  /// PEM of the client's private key.
  public var privateKeyPEM: String
  /// PEM of the CA that issued the broker's certificate.
  public var trustRootPEM: String

  public init(certificatePEM: String, privateKeyPEM: String, trustRootPEM: String) {
    self.certificatePEM = certificatePEM
    self.privateKeyPEM = privateKeyPEM
    self.trustRootPEM = trustRootPEM
  }

  /// Reads the three PEM files.
  public static func files(certificate: String, privateKey: String, trustRoot: String) throws -> ClientCredentials {
    ClientCredentials(
      certificatePEM: try String(contentsOfFile: certificate, encoding: .utf8),
      privateKeyPEM: try String(contentsOfFile: privateKey, encoding: .utf8),
      trustRootPEM: try String(contentsOfFile: trustRoot, encoding: .utf8))
  }
}
