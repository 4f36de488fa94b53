import Foundation
import GRPCCore
import LiaisonClient
import LiaisonServer
import LiaisonTesting
import LiaisonWire
import SwiftProtobuf
import Testing

@Suite("Transport security and identity", .timeLimit(.minutes(2)))
struct SecurityTests {
  /// Runs `openssl s_client` (an independent TLS client) and returns what it printed.
  static func sClient(port: Int, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
    process.arguments = ["s_client", "-connect", "127.0.0.1:\(port)", "-alpn", "h2"] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    let input = Pipe()
    process.standardInput = input
    try process.run()
    // Keep stdin open briefly so a TLS 1.3 server's late alert is read, then close it.
    Thread.sleep(forTimeInterval: 0.5)
    try input.fileHandleForWriting.close()
    let deadline = Date().addingTimeInterval(10)
    while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning { process.terminate() }
    return String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  }

  @Test("a client without a certificate is refused (openssl s_client)")
  func noCertificate() async throws {
    try await TestBroker.with { broker in
      let output = try Self.sClient(port: broker.port, ["-CAfile", broker.pki.caPath])
      #expect(output.contains("certificate required") || output.contains("alert handshake failure"), "\(output)")
    }
  }

  @Test("TLS 1.1 is refused (openssl s_client), TLS 1.3 with a valid certificate is accepted")
  func protocolVersions() async throws {
    try await TestBroker.with { broker in
      let base = try broker.pki.agency("liaison://agency/tj.scjg")
      let credentials = ["-cert", base + ".pem", "-key", base + ".key", "-CAfile", broker.pki.caPath]
      let old = try Self.sClient(port: broker.port, ["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"] + credentials)
      #expect(old.contains("alert protocol version") || old.contains("no protocols available"), "\(old)")
      let modern = try Self.sClient(port: broker.port, ["-tls1_3"] + credentials)
      #expect(modern.contains("TLSv1.3"), "\(modern)")
      #expect(modern.contains("Verify return code: 0"))
    }
  }

  @Test("a certificate from another CA is refused")
  func foreignCA() async throws {
    try await TestBroker.with { broker in
      await #expect(throws: RPCError.self) {
        try await broker.connect(as: "tj.scjg", rogue: true) { client in
          _ = try await client.listCases()
        }
      }
    }
  }

  @Test("a certificate whose agency is not in the directory is refused with a clear error")
  func agencyNotInDirectory() async throws {
    try await TestBroker.with { broker in
      do {
        _ = try await broker.connect(as: "sh.scjg") { client in try await client.listCases() }
        Issue.record("expected a refusal")
      } catch {
        #expect(LiaisonClient.errorCode(error) == "LIAISON_AGENCY_NOT_IN_DIRECTORY")
        #expect((error as? RPCError)?.code == .permissionDenied)
        #expect((error as? RPCError)?.message.contains("sh.scjg") == true)
      }
    }
  }

  @Test("a body that names another sender cannot change who the sender is")
  func senderFromCertificateOnly() async throws {
    try await TestBroker.with { broker in
      var forged = Requests.referral()
      forged.envelope.sender = "tj.gaj"
      do {
        _ = try await broker.connect(as: "tj.scjg") { client in try await client.submit(forged) }
        Issue.record("expected a refusal")
      } catch {
        #expect(LiaisonClient.errorCode(error) == "LIAISON_SENDER_MISMATCH")
        #expect(LiaisonClient.errorField(error) == "envelope.sender")
      }
      let listed = try await broker.connect(as: "tj.scjg") { client in try await client.listCases() }
      #expect(listed.cases.isEmpty, "nothing was stored")
      // With the field left empty (or equal), the certificate's agency is the sender, and the
      // operator name comes from the certificate too.
      let submitted = try await broker.connect(as: "liaison://agency/tj.scjg/wangwei") { client in
        try await client.submit(Requests.referral())
      }
      let view = try await broker.connect(as: "tj.hp.scjg") { client in try await client.getCase(submitted.caseID) }
      #expect(view.events[0].envelope.sender == "tj.scjg")
      #expect(view.events[0].envelope.operator == "wangwei")
    }
  }

  @Test("a case is visible to its parties only")
  func readAccess() async throws {
    try await TestBroker.with { broker in
      let submitted = try await broker.connect(as: "tj.scjg") { client in try await client.submit(Requests.referral()) }
      do {
        _ = try await broker.connect(as: "tj.gaj") { client in try await client.getCase(submitted.caseID) }
        Issue.record("expected a refusal")
      } catch {
        #expect(LiaisonClient.errorCode(error) == "LIAISON_CASE_NOT_FOUND")
      }
    }
  }
}
