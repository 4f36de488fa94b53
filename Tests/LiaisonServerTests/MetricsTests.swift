import Foundation
import LiaisonClient
import LiaisonServer
import LiaisonTesting
import LiaisonWire
import Testing

@Suite("Metrics and health endpoints", .timeLimit(.minutes(2)))
struct MetricsTests {
  /// The value of the sample line that starts with `prefix`.
  static func value(_ text: String, _ prefix: String) -> Double? {
    text.split(separator: "\n").first { $0.hasPrefix(prefix + " ") }.flatMap { Double($0.split(separator: " ").last!) }
  }

  @Test("a scrape shows deliveries, acknowledgements, commits, open deadlines and connected agencies")
  func scrape() async throws {
    let metrics: (inout BrokerConfiguration) -> Void = { $0.metrics = .init(port: 0) }
    try await TestBroker.with(configure: metrics) { broker in
      let port = try #require(await broker.broker.metricsListeningPort)
      #expect(try await httpGet(port: port, "/livez").0 == 200)
      #expect(try await httpGet(port: port, "/readyz") == (200, "ready\n"))
      #expect(try await httpGet(port: port, "/nothing").0 == 404)
      _ = try await broker.connect(as: "tj.scjg") { client in try await client.submit(Requests.referral()) }
      let text = try await broker.connect(as: "tj.hp.scjg") { client in
        try await client.subscribe(ackWait: .seconds(30), window: 16) { subscription in
          for try await batch in subscription.deliveries {
            subscription.acknowledge(batch.map(\.deliveryID))
            break
          }
          // While this agency is connected, once its acknowledgement is committed (the receipt
          // deadline starts then) and counted:
          var text = ""
          _ = await eventually {
            text = (try? await httpGet(port: port, "/metrics").1) ?? ""
            return Self.value(text, "liaison_acknowledgements_total") == 1
              && Self.value(text, "liaison_deadlines_open{channel=\"referral\"}") == 1
          }
          return text
        }
      }
      #expect(Self.value(text, "liaison_submissions_total") == 1, "\(text)")
      #expect(Self.value(text, "liaison_deliveries_total") == 1)
      #expect(Self.value(text, "liaison_redeliveries_total") == 0)
      #expect(Self.value(text, "liaison_acknowledgements_total") == 1)
      #expect(Self.value(text, "liaison_connected_agencies") == 1)
      #expect(Self.value(text, "liaison_deadlines_open{channel=\"referral\"}") == 1, "the receipt clock")
      #expect(Self.value(text, "liaison_deadlines_missed{channel=\"referral\"}") == 0)
      #expect((Self.value(text, "liaison_commit_seconds_count") ?? 0) >= 1)
      #expect(text.contains("liaison_commit_batch_requests_bucket"))
      #expect(text.contains("# HELP liaison_deliveries_total"))
    }
  }
}
