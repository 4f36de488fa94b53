import Foundation
import GRPCCore
import LiaisonClient
import LiaisonCore
import LiaisonSecurity
import LiaisonServer
import LiaisonTesting
import SwiftASN1
import Testing
import X509

@Suite("Revocation and expiry at the handshake", .timeLimit(.minutes(2)))
struct RevocationTests {
  /// Whether a new connection as `agency` can list its cases.
  static func canConnect(_ broker: TestBroker, as agency: String) async -> Bool {
    do {
      _ = try await broker.connect(as: agency) { client in try await client.listCases() }
      return true
    } catch {
      return false
    }
  }

  static func crl(_ path: String) -> (inout BrokerConfiguration) -> Void {
    { $0.listener.crlPath = path }
  }

  static func serial(_ pki: TestPKI, _ agency: String) throws -> Certificate.SerialNumber {
    try IssuedCertificate.read(from: try pki.agency("liaison://agency/\(agency)")).certificate.serialNumber
  }

  @Test("a revoked certificate is refused after the CRL file changes; other connections stay open")
  func revokeOnChange() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let pki = try TestPKI(folder: folder)
    let crl = folder.file("ca.crl")
    try pki.authority.revocationList(revoking: []).write(toFile: crl, atomically: true, encoding: .utf8)
    try await TestBroker.with(folder: folder, pki: pki, configure: Self.crl(crl)) { broker in
      #expect(await Self.canConnect(broker, as: "tj.scjg"))
      // tj.hp.scjg keeps one connection open across the revocation of tj.scjg.
      try await broker.connect(as: "tj.hp.scjg") { survivor in
        _ = try await survivor.listCases()
        let revoked = try pki.authority.revocationList(revoking: [try Self.serial(pki, "tj.scjg")])
        try revoked.write(toFile: crl, atomically: true, encoding: .utf8)
        // The broker polls the file once a second.
        #expect(await eventually(within: 10) { !(await Self.canConnect(broker, as: "tj.scjg")) })
        _ = try await survivor.listCases()
      }
      #expect(await Self.canConnect(broker, as: "tj.hp.scjg"), "only the revoked certificate is refused")
    }
  }

  @Test("a reload (SIGHUP) applies a DER list at once; a list from another CA is refused and the old one kept")
  func reloadAndForeignList() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let pki = try TestPKI(folder: folder)
    let crl = folder.file("ca.crl.der")
    func write(_ pem: String) throws {
      try Data(try PEMDocument(pemString: pem).derBytes).write(to: URL(fileURLWithPath: crl))
    }
    try write(try pki.authority.revocationList(revoking: []))
    try await TestBroker.with(folder: folder, pki: pki, configure: Self.crl(crl)) { broker in
      #expect(await Self.canConnect(broker, as: "tj.scjg"))
      let serial = try Self.serial(pki, "tj.scjg")
      try write(try pki.rogue.revocationList(revoking: [serial]))
      #expect(throws: LiaisonError.self) { try broker.broker.reloadRevocations() }
      #expect(await Self.canConnect(broker, as: "tj.scjg"), "a foreign list changes nothing")
      try write(try pki.authority.revocationList(revoking: [serial]))
      try broker.broker.reloadRevocations()
      #expect(!(await Self.canConnect(broker, as: "tj.scjg")))
    }
    // A broker does not start with a list that is not its CA's.
    try write(try pki.rogue.revocationList(revoking: []))
    await #expect(throws: LiaisonError.self) {
      try await TestBroker.with(folder: folder, pki: pki, configure: Self.crl(crl)) { _ in }
    }
  }

  @Test("expired and not-yet-valid certificates are refused at the handshake")
  func validityPeriod() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let pki = try TestPKI(folder: folder)
    let now = Date()
    // Written where TestPKI looks for these agencies' certificates, so connect(as:) uses them.
    try pki.authority.issue(
      commonName: "tj.gaj", names: [.uniformResourceIdentifier("liaison://agency/tj.gaj")], usages: [.clientAuth],
      days: 1, now: now.addingTimeInterval(-30 * 86400)
    ).write(to: folder.file("agency-tj.gaj"))
    try pki.authority.issue(
      commonName: "tj.sfj", names: [.uniformResourceIdentifier("liaison://agency/tj.sfj")], usages: [.clientAuth],
      days: 30, now: now, notBefore: now.addingTimeInterval(86400)
    ).write(to: folder.file("agency-tj.sfj"))
    try await TestBroker.with(folder: folder, pki: pki) { broker in
      #expect(!(await Self.canConnect(broker, as: "tj.gaj")), "expired")
      #expect(!(await Self.canConnect(broker, as: "tj.sfj")), "not yet valid")
      #expect(await Self.canConnect(broker, as: "tj.scjg"))
    }
  }

  @Test("the CRLs we issue pass openssl's parser and signature check, and read back")
  func opensslList() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let pki = try TestPKI(folder: folder)
    let serial = try Self.serial(pki, "tj.scjg")
    let pem = try pki.authority.revocationList(revoking: [serial])
    try pem.write(toFile: folder.file("list.crl"), atomically: true, encoding: .utf8)
    let (status, text) = try runTool(
      "/usr/bin/openssl", ["crl", "-in", folder.file("list.crl"), "-CAfile", pki.caPath, "-noout", "-text"])
    #expect(status == 0, "\(text)")
    #expect(text.contains("verify OK"), "\(text)")
    let hex = Hex.encode(serial.bytes).uppercased()
    #expect(text.contains("Serial Number: \(hex)"), "\(text)")
    let list = try CertificateRevocationList(bytes: Array(pem.utf8))
    try list.verify(issuer: pki.authority.root.certificate)
    #expect(list.revokedSerials.count == 1)
    #expect(throws: LiaisonError.self) { try list.verify(issuer: pki.rogue.root.certificate) }
    #expect(throws: LiaisonError.self) { try CertificateRevocationList(bytes: Array("not a crl".utf8)) }
  }
}
