import Foundation
import LiaisonClient
import LiaisonCore
import LiaisonSecurity
import LiaisonServer
import LiaisonStore
import LiaisonTesting
import LiaisonWire
import SwiftProtobuf
import Testing

/// Drills (演练) and work secrets (工作秘密) mean what the proto says, over mutual TLS.
@Suite("Drills and work secrets", .timeLimit(.minutes(2)))
struct DrillAndSecrecyTests {
  static let monday = ShanghaiTime.instant(Fixtures.date("2026-03-02"), hour: 9)

  @Test("a drill's alerts say it is a drill, and drills are left out of the metrics")
  func drillsStayOutOfStatistics() async throws {
    let clock = ManualClock(millis: Self.monday)
    let metrics: (inout BrokerConfiguration) -> Void = { $0.metrics = .init(port: 0) }
    try await TestBroker.with(configure: metrics, clock: clock) { broker in
      let port = try #require(await broker.broker.metricsListeningPort)
      let (real, drill) = try await broker.connect(as: "tj.hp.scjg") { client in
        (
          try await client.submit(Requests.criminalTransfer(approvedAtMillis: Self.monday)),
          try await client.submit(Requests.criminalTransfer(drill: true, approvedAtMillis: Self.monday))
        )
      }
      // Both transfers' 24-hour delivery clocks run out; only the real one counts.
      #expect(await broker.advance(clock, byMillis: 25 * 3_600_000))
      for (id, isDrill) in [(real.caseID, false), (drill.caseID, true)] {
        let alerts = try await broker.events("escalate", of: id, as: "tj.hp.scjg")
        #expect(!alerts.isEmpty)
        #expect(alerts.allSatisfy { $0.actionBody.escalation.drill == isDrill && $0.envelope.drill == isDrill })
      }
      var text = ""
      let counted = await eventually {
        text = (try? await httpGet(port: port, "/metrics").1) ?? ""
        return MetricsTests.value(text, "liaison_submissions_total") == 1
          && MetricsTests.value(text, "liaison_deadlines_missed{channel=\"criminal_transfer\"}") == 1
      }
      #expect(counted, "\(text)")
      let escalations = text.split(separator: "\n").filter { $0.hasPrefix("liaison_escalations_total{") }
        .compactMap { Double($0.split(separator: " ").last!) }.reduce(0, +)
      let realAlerts = try await broker.events("escalate", of: real.caseID, as: "tj.hp.scjg").count
      #expect(escalations == Double(realAlerts), "\(text)")
    }
  }

  @Test(
    "a work secret's content is shown to its handlers only: a supervisor an escalation added sees ids, times and deadlines, not the body, title or attachments; every read is an audit link"
  )
  func workSecret() async throws {
    let clock = ManualClock(millis: Self.monday)
    try await TestBroker.with(clock: clock) { broker in
      let evidence: [UInt8] = Array("询问笔录".utf8)
      let digest = Hex.encode(RequestDigest.sha256(evidence))
      let opened = try await broker.connect(as: "tj.scjg") { client in
        _ = try await client.putAttachment(evidence, title: "笔录", sha256: digest)
        var request = Requests.referral()
        request.envelope.confidentiality = .workSecret
        request.envelope.attachments = [.with { $0.sha256 = digest }]
        return try await client.submit(request)
      }
      let id = opened.caseID
      #expect(try await broker.receive(1, as: "tj.hp.scjg").count == 1)  // starts the receipt clock
      // The receipt is missed: after a working day the receiver's superior (tj.hp.gov) is alerted.
      #expect(await broker.advance(clock, byMillis: 4 * 86_400_000))
      let supervisorView = try await broker.connect(as: "tj.hp.gov") { client in try await client.getCase(id) }
      #expect(supervisorView.summary.title.isEmpty, "the title comes from the body")
      #expect(supervisorView.events.first?.body.kind == nil, "no body")
      #expect(supervisorView.events.first?.envelope.attachments.isEmpty == true)
      #expect(!supervisorView.deadlines.isEmpty, "deadlines are shown")
      let alerts = supervisorView.events.filter { $0.action == "escalate" }
      #expect(alerts.contains { $0.actionBody.escalation.supervisors.contains("tj.hp.gov") }, "alerts are shown")
      let handlerView = try await broker.connect(as: "tj.hp.scjg") { client in try await client.getCase(id) }
      #expect(handlerView.summary.title == "无照经营" && handlerView.events.first?.body.referral.caseName == "无照经营")
      // Attachments: the handler may download (an audit link), the supervisor may not.
      do {
        _ = try await broker.connect(as: "tj.hp.gov") { client in try await client.getAttachment(digest) }
        Issue.record("the supervisor downloaded a work secret's attachment")
      } catch {
        #expect(LiaisonClient.errorCode(error) == "LIAISON_ATTACHMENT_NOT_FOUND")
      }
      let downloaded = try await broker.connect(as: "tj.hp.scjg") { client in try await client.getAttachment(digest) }
      #expect(downloaded == evidence)
      // What the supervisor receives: the alerts with their notices, later events without content.
      _ = try await broker.connect(as: "tj.scjg") { client in
        try await client.act(Requests.comment(id, "请尽快签收：当事人住所地在和平区"))
      }
      let naming = alerts.count { $0.actionBody.escalation.supervisors.contains("tj.hp.gov") }
      let delivered = try await broker.receive(naming + 1, as: "tj.hp.gov")
      let comment = try #require(delivered.first { $0.event.action == "comment" })
      #expect(comment.event.actionBody.kind == nil, "\(comment.event)")
      #expect(delivered.contains { $0.event.action == "escalate" && $0.event.actionBody.escalation.level >= 1 })
      await broker.broker.store.flush()
      let report = try AuditVerifier.verify(path: broker.folder.file("liaison.sqlite"))
      #expect(report.isIntact, "\(report.problems)")
      #expect(report.byKind[.attachmentRead] == 1, "the handler's download")
      #expect(report.byKind[.read] == 2, "each GetCase of the work secret")
    }
  }
}
