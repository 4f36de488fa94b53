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
}
