import Crypto
import Foundation
import LiaisonCore

/// The certificates of a development broker, minted in Swift under one folder:
///
/// ```
/// <folder>/ca.pem, ca.key                 the development CA (trust root for both sides)
/// <folder>/broker-<region>.pem, .key      the broker (liaison://broker/<region>, localhost, 127.0.0.1)
/// <folder>/agencies/<id>.pem, .key        one client certificate per agency of the directory
/// <folder>/agencies/<id>.seal.key, .pub   X25519 sealing key of each supervision commission (hex)
/// ```
///
/// Existing files are kept, so restarting `liaisond dev` keeps the certificates the CLI uses;
/// agencies added to the directory get certificates on the next start.
public struct DevelopmentPKI: Sendable {
  /// The folder holding everything.
  public let folder: String
  /// The broker's region.
  public let region: String

  public init(folder: String, region: String) {
    self.folder = folder
    self.region = region
  }

  /// The CA certificate.
  public var caPath: String { "\(folder)/ca.pem" }
  /// The broker certificate.
  public var brokerCertificatePath: String { "\(folder)/broker-\(region).pem" }
  /// The broker key.
  public var brokerKeyPath: String { "\(folder)/broker-\(region).key" }
  /// The certificate base path (without extension) of an agency.
  public func agencyBase(_ agency: AgencyID) -> String { "\(folder)/agencies/\(agency.rawValue)" }

  /// Creates whatever is missing; returns how many certificates were minted.
  @discardableResult
  public func ensure(directory: Directory) throws -> Int {
    let files = FileManager.default
    try files.createDirectory(atPath: "\(folder)/agencies", withIntermediateDirectories: true)
    var minted = 0
    let authority: CertificateAuthority
    if files.fileExists(atPath: caPath), files.fileExists(atPath: "\(folder)/ca.key") {
      authority = CertificateAuthority(root: try IssuedCertificate.read(from: "\(folder)/ca"))
    } else {
      authority = try CertificateAuthority(name: "Liaison development CA")
      try authority.root.write(to: "\(folder)/ca")
      minted += 1
    }
    if !files.fileExists(atPath: brokerCertificatePath) {
      try authority.issueBroker(region: region).write(to: "\(folder)/broker-\(region)")
      minted += 1
    }
    for agency in directory.agencies
    where agency.kinds.contains(.supervision) && !files.fileExists(atPath: agencyBase(agency.id) + ".seal.key") {
      let key = Curve25519.KeyAgreement.PrivateKey()
      let keyURL = URL(fileURLWithPath: agencyBase(agency.id) + ".seal.key")
      try Data(Hex.encode(key.rawRepresentation).utf8).write(to: keyURL, options: .atomic)
      try files.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyURL.path)
      try Data(Hex.encode(key.publicKey.rawRepresentation).utf8)
        .write(to: URL(fileURLWithPath: agencyBase(agency.id) + ".seal.pub"), options: .atomic)
    }
    for agency in directory.agencies where !files.fileExists(atPath: agencyBase(agency.id) + ".pem") {
      try authority.issueAgency("liaison://agency/\(agency.id.rawValue)", commonName: agency.id.rawValue)
        .write(to: agencyBase(agency.id))
      minted += 1
    }
    return minted
  }
}
