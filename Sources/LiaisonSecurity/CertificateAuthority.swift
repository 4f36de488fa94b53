import Crypto
import Foundation
import SwiftASN1
import X509

/// A certificate authority minted in Swift, for `liaisond dev` and tests: it issues broker
/// certificates (`liaison://broker/<region>`, with DNS and IP names) and agency certificates
/// (`liaison://agency/<id>[/<operator>]`). Production PKI uses the openssl scripts in Deploy/pki.
public struct CertificateAuthority: Sendable {
  /// The CA's own certificate and key.
  public let root: IssuedCertificate

  /// Creates a new self-signed CA valid for `days` days.
  public init(name: String, days: Int = 825, now: Date = Date()) throws {
    let key = P256.Signing.PrivateKey()
    let subject = try DistinguishedName {
      OrganizationName("Liaison")
      CommonName(name)
    }
    let certificate = try Certificate(
      version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
      notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(Double(days) * 86400),
      issuer: subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
      extensions: try Certificate.Extensions {
        Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
        Critical(KeyUsage(keyCertSign: true, cRLSign: true))
        SubjectKeyIdentifier(hash: .init(key.publicKey))
      },
      issuerPrivateKey: .init(key))
    root = IssuedCertificate(certificate: certificate, privateKey: key)
  }

  /// Wraps an existing CA.
  public init(root: IssuedCertificate) {
    self.root = root
  }

  /// Issues a broker (server) certificate for `region`, valid for the given DNS names and IPv4
  /// addresses, also usable as a client certificate towards federation peers.
  public func issueBroker(
    region: String, dnsNames: [String] = ["localhost"], ipv4: [[UInt8]] = [[127, 0, 0, 1]], days: Int = 397,
    now: Date = Date()
  ) throws -> IssuedCertificate {
    var names: [GeneralName] = [.uniformResourceIdentifier("liaison://broker/\(region)")]
    names += dnsNames.map { .dnsName($0) }
    names += ipv4.map { .ipAddress(ASN1OctetString(contentBytes: ArraySlice($0))) }
    return try issue(
      commonName: "liaison broker \(region)", names: names, usages: [.serverAuth, .clientAuth], days: days, now: now)
  }

  /// Issues an agency client certificate for a principal.
  public func issueAgency(_ uri: String, commonName: String, days: Int = 397, now: Date = Date()) throws
    -> IssuedCertificate
  {
    try issue(
      commonName: commonName, names: [.uniformResourceIdentifier(uri)], usages: [.clientAuth], days: days, now: now)
  }

  /// Issues an end-entity certificate.
  public func issue(
    commonName: String, names: [GeneralName], usages: [ExtendedKeyUsage.Usage], days: Int, now: Date = Date(),
    notBefore: Date? = nil
  ) throws -> IssuedCertificate {
    let key = P256.Signing.PrivateKey()
    let subject = try DistinguishedName {
      OrganizationName("Liaison")
      CommonName(commonName)
    }
    let certificate = try Certificate(
      version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
      notValidBefore: notBefore ?? now.addingTimeInterval(-3600),
      notValidAfter: now.addingTimeInterval(Double(days) * 86400),
      issuer: root.certificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
      extensions: try Certificate.Extensions {
        Critical(BasicConstraints.notCertificateAuthority)
        Critical(KeyUsage(digitalSignature: true))
        try ExtendedKeyUsage(usages)
        SubjectAlternativeNames(names)
        AuthorityKeyIdentifier(keyIdentifier: try root.certificate.extensions.subjectKeyIdentifier?.keyIdentifier)
      },
      issuerPrivateKey: .init(root.privateKey))
    return IssuedCertificate(certificate: certificate, privateKey: key)
  }
}
