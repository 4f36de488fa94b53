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

  /// Creates whatever is missing; returns how many certificates were minted. Holds a lock on the
  /// folder (`.lock`) meanwhile, so that two brokers started at once on one folder mint one CA.
  @discardableResult
  public func ensure(directory: Directory) throws -> Int {
    try FileManager.default.createDirectory(atPath: "\(folder)/agencies", withIntermediateDirectories: true)
    return try FileLock.withLock("\(folder)/.lock") { try mintMissing(directory) }
  }

  private func mintMissing(_ directory: Directory) throws -> Int {
    let files = FileManager.default
    var minted = 0
    let authority: CertificateAuthority
    let keyPath = "\(folder)/ca.key"
    if files.fileExists(atPath: caPath) != files.fileExists(atPath: keyPath) {
      // A new CA would leave every certificate minted so far untrusted.
      let missing = files.fileExists(atPath: caPath) ? keyPath : caPath
      throw LiaisonError(
        .configInvalid,
        "the development CA is incomplete: \(missing) is missing; remove \(folder) to mint a new PKI (the CLI's certificates change)"
      )
    }
    if files.fileExists(atPath: caPath) {
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
      try AtomicFile.store(
        Array(Hex.encode(key.rawRepresentation).utf8), to: agencyBase(agency.id) + ".seal.key", permissions: 0o600)
      try AtomicFile.store(
        Array(Hex.encode(key.publicKey.rawRepresentation).utf8), to: agencyBase(agency.id) + ".seal.pub",
        permissions: 0o644)
    }
    for agency in directory.agencies where !files.fileExists(atPath: agencyBase(agency.id) + ".pem") {
      try authority.issueAgency("liaison://agency/\(agency.id.rawValue)", commonName: agency.id.rawValue)
        .write(to: agencyBase(agency.id))
      minted += 1
    }
    return minted
  }
}
