import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import LiaisonClient
import LiaisonCore
import LiaisonServer
import LiaisonTesting
import LiaisonWire
import SwiftProtobuf
import Testing

/// Sends bytes as they are, to put malformed protobuf on the wire.
struct RawBytes: MessageSerializer, MessageDeserializer {
  func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
  func deserialize<Bytes: GRPCContiguousBytes>(_ bytes: Bytes) throws -> [UInt8] {
    bytes.withUnsafeBytes { Array($0) }
  }
}

@Suite("Hostile input", .timeLimit(.minutes(2)))
struct HostileInputTests {
  static func code(_ body: () async throws -> Void) async -> String? {
    do {
      try await body()
      return nil
    } catch {
      return LiaisonClient.errorCode(error) ?? "\((error as? RPCError)?.code ?? .unknown)"
    }
  }

  @Test("malformed protobuf is refused as INVALID_ARGUMENT and stores nothing; the broker keeps serving")
  func malformed() async throws {
    try await TestBroker.with { broker in
      let base = try broker.pki.agency("liaison://agency/tj.scjg")
      let credentials = try ClientCredentials.files(
        certificate: base + ".pem", privateKey: base + ".key", trustRoot: broker.pki.caPath)
      let transport = try LiaisonClient.transport(host: "127.0.0.1", port: broker.port, credentials: credentials)
      let garbage: [[UInt8]] = [
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], [0x0A, 0x7F, 0x01], [0x0F],
      ]
      try await withGRPCClient(transport: transport) { client in
        for bytes in garbage {
          do {
            _ = try await client.unary(
              request: ClientRequest(message: bytes), descriptor: Liaison_V1_Broker.Method.Submit.descriptor,
              serializer: RawBytes(), deserializer: RawBytes(), options: .defaults
            ) { try $0.message }
            Issue.record("malformed bytes \(bytes) were accepted")
          } catch let error as RPCError {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("deserialize"), "\(error.message)")
          }
        }
      }
      let listed = try await broker.connect(as: "tj.scjg") { client in try await client.listCases() }
      #expect(listed.cases.isEmpty)
    }
  }

  @Test("a body over the configured limit is refused with the limit named, and stores nothing")
  func oversized() async throws {
    let limit: (inout BrokerConfiguration) -> Void = { $0.limits.maxBodyBytes = 4096 }
    try await TestBroker.with(configure: limit) { broker in
      var request = Requests.referral()
      request.body.referral.factsSummary = String(repeating: "无照经营", count: 500)
      let message = await Self.code {
        _ = try await broker.connect(as: "tj.scjg") { client in try await client.submit(request) }
      }
      #expect(message == "LIAISON_TOO_LARGE")
      let listed = try await broker.connect(as: "tj.scjg") { client in try await client.listCases() }
      #expect(listed.cases.isEmpty)
    }
  }

  @Test("a flood from one agency is limited to its own rate; other agencies are unaffected")
  func flood() async throws {
    let clock = ManualClock()
    let configure: (inout BrokerConfiguration) -> Void = {
      $0.limits.agencyRequestsPerSecond = 10
      $0.limits.agencyBurst = 20
    }
    try await TestBroker.with(configure: configure, clock: clock) { broker in
      let (accepted, refused) = try await broker.connect(as: "tj.scjg") { client in
        var accepted = 0
        var refused: [String] = []
        for index in 0..<50 {
          do {
            _ = try await client.submit(Requests.referral(key: "flood-\(index)"))
            accepted += 1
          } catch {
            refused.append(LiaisonClient.errorCode(error) ?? "\(error)")
          }
        }
        return (accepted, refused)
      }
      #expect(accepted == 20, "the burst")
      #expect(refused.count == 30 && refused.allSatisfy { $0 == "LIAISON_RATE_LIMITED" })
      // Meanwhile another agency sends as usual.
      let other = try await broker.connect(as: "tj.hx.scjg") { client in
        try await client.submit(Requests.referral(to: ["tj.hp.scjg"], key: "other"))
      }
      #expect(other.state == "sent")
      // A second later the flooding agency has ten more.
      clock.advance(byMillis: 1000)
      let again = try await broker.connect(as: "tj.scjg") { client in
        try await client.submit(Requests.referral(key: "flood-50"))
      }
      #expect(!again.duplicate)
    }
  }

  @Test("logs never contain bodies, identity numbers or keys")
  func logsStayClean() async throws {
    let logs = LogCapture()
    try await TestBroker.with(logs: logs) { broker in
      var request = Requests.referral()
      request.body.referral.parties = [
        .with {
          $0.name = "刘某某"
          $0.idKind = .residentID
          $0.idNumber = "120101199001011234"
        }
      ]
      let opened = try await broker.connect(as: "tj.scjg") { client in try await client.submit(request) }
      _ = try await broker.connect(as: "tj.hp.scjg") { client in
        try await client.act(
          Requests.receipt(opened.caseID, signer: "王伟", role: "法制科科长"))
      }
      // Refusals are logged by code, not by content.
      var bad = Requests.referral(to: ["tj.nowhere"])
      bad.body.referral.factsSummary = "某某某身份证号120101199001011234"
      _ = await Self.code { _ = try await broker.connect(as: "tj.scjg") { client in try await client.submit(bad) } }
      let key = try String(contentsOfFile: try broker.pki.agency("liaison://agency/tj.scjg") + ".key", encoding: .utf8)
      let keyLine = key.split(separator: "\n")[1]
      for secret in ["刘某某", "120101199001011234", "和平区南市街道发现无照经营烟草制品", "王伟", String(keyLine)] {
        #expect(!logs.text.contains(secret), "'\(secret)' is in the logs")
      }
      #expect(logs.text.contains("subscriber") || logs.text.contains("broker"), "the capture saw the logs")
    }
  }
}
