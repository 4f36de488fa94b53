import Crypto
import Foundation
import LiaisonCore
import LiaisonSecurity
import LiaisonTesting
import Testing
import X509

@Suite("Certificate identity and development PKI")
struct CertificateIdentityTests {
  @Test("the agency and operator come from the URI SAN")
  func principal() throws {
    let authority = try CertificateAuthority(name: "t")
    let issued = try authority.issueAgency("liaison://agency/tj.scjg/wangwei", commonName: "bj.gaj")
    let principal = try CertificateIdentity.principal(of: issued.certificate, directory: try Fixtures.directory())
    #expect(principal.agency.rawValue == "tj.scjg", "the CN plays no part")
    #expect(principal.operatorName == "wangwei")
  }

  @Test("a certificate without an agency URI is refused")
  func noURI() throws {
    let authority = try CertificateAuthority(name: "t")
    let issued = try authority.issue(commonName: "tj.scjg", names: [.dnsName("x")], usages: [.clientAuth], days: 1)
    #expect(throws: LiaisonError.self) {
      _ = try CertificateIdentity.principal(of: issued.certificate, directory: try Fixtures.directory())
    }
  }

  @Test("a certificate for an agency outside the directory is refused with a clear error")
  func unknownAgency() throws {
    let authority = try CertificateAuthority(name: "t")
    let issued = try authority.issueAgency("liaison://agency/sh.scjg", commonName: "sh.scjg")
    let directory = try Fixtures.directory()
    do throws(LiaisonError) {
      _ = try CertificateIdentity.principal(of: issued.certificate, directory: directory)
      Issue.record("expected a refusal")
    } catch {
      #expect(error.code == .agencyNotInDirectory)
      #expect(error.message.contains("sh.scjg"))
    }
  }

  @Test("development PKI mints a CA, a broker and every agency once, and keeps them on restart")
  func developmentPKI() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let directory = try Fixtures.directory()
    let pki = DevelopmentPKI(folder: folder.path, region: "tj")
    #expect(try pki.ensure(directory: directory) == directory.agencies.count + 2)
    #expect(try pki.ensure(directory: directory) == 0)
    let broker = try IssuedCertificate.read(from: "\(folder.path)/broker-tj")
    let names = try #require(try broker.certificate.extensions.subjectAlternativeNames)
    #expect(names.contains(.uniformResourceIdentifier("liaison://broker/tj")))
    #expect(names.contains(.dnsName("localhost")))
    let key = try FileManager.default.attributesOfItem(atPath: pki.agencyBase(Fixtures.agency("tj.scjg")) + ".key")
    #expect((key[.posixPermissions] as? Int) == 0o600)
  }

  @Test("two brokers minting one folder at once end with one CA that issued every certificate")
  func concurrentMinting() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let directory = try Fixtures.directory()
    let minted = try await withThrowingTaskGroup(of: Int.self) { group in
      for region in ["tj", "tj", "tj", "tj"] {
        group.addTask { try DevelopmentPKI(folder: folder.path, region: region).ensure(directory: directory) }
      }
      return try await group.reduce(0, +)
    }
    #expect(minted == directory.agencies.count + 2, "everything minted once")
    let ca = try IssuedCertificate.read(from: "\(folder.path)/ca")
    for agency in directory.agencies {
      let issued = try IssuedCertificate.read(from: "\(folder.path)/agencies/\(agency.id.rawValue)")
      #expect(ca.certificate.publicKey.isValidSignature(issued.certificate.signature, for: issued.certificate))
      #expect(
        issued.certificate.publicKey == Certificate.PublicKey(issued.privateKey.publicKey), "key and certificate pair")
    }
  }

  @Test("an unreadable or broken key is named in the error")
  func unreadableKey() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let pki = DevelopmentPKI(folder: folder.path, region: "tj")
    try pki.ensure(directory: try Fixtures.directory())
    try "not a key".write(toFile: "\(folder.path)/ca.key", atomically: true, encoding: .utf8)
    do {
      _ = try IssuedCertificate.read(from: "\(folder.path)/ca")
      Issue.record("a broken key was read")
    } catch let error as LiaisonError {
      #expect(error.message.contains("\(folder.path)/ca.key"), "\(error.message)")
    }
    try FileManager.default.removeItem(atPath: "\(folder.path)/ca.key")
    #expect(throws: LiaisonError.self) { try pki.ensure(directory: try Fixtures.directory()) }
  }
}
