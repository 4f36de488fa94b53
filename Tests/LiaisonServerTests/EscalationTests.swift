import Foundation
import GRPCCore
import LiaisonClient
import LiaisonCore
import LiaisonServer
import LiaisonTesting
import LiaisonWire
import SwiftProtobuf
import Testing

@Suite("Escalation of missed deadlines over mutual TLS", .serialized, .timeLimit(.minutes(3)))
struct EscalationTests {
  static let day: Int64 = 86_400_000

  static func transfer(drill: Bool = false) -> Liaison_V1_SubmitRequest {
    var request = Requests.criminalTransfer(drill: drill)
    request.idempotencyKey = UUID().uuidString
    return request
  }

  /// The police take delivery (acknowledge) and sign the receipt.
  static func receive(_ broker: TestBroker, _ caseID: String) async throws {
    try await broker.connect(as: "tj.hp.gafj") { client in
      try await client.subscribe(window: 10) { subscription in
        for try await batch in subscription.deliveries {
          subscription.acknowledge(batch.map(\.deliveryID))
          return
        }
      }
      _ = try await client.act(
        Requests.receipt(caseID, signer: "李强", role: "值班民警"))
    }
  }

  @Test("a missed filing decision escalates to the procuratorate and the government, then to the police's superior")
  func ladder() async throws {
    let clock = ManualClock(millis: ShanghaiTime.instant(Fixtures.date("2026-03-02"), hour: 9))
    try await TestBroker.with(clock: clock) { broker in
      let opened = try await broker.connect(as: "tj.hp.scjg") { client in try await client.submit(Self.transfer()) }
      try await Self.receive(broker, opened.caseID)
      #expect(try await broker.events("escalate", of: opened.caseID, as: "tj.hp.scjg").isEmpty)

      // 2026-03-05 is the last of the 3 natural days; a minute after its end the decision is late.
      // (The broker's scheduler runs on the manual clock: moving it raises the alerts.)
      #expect(await broker.advance(clock, byMillis: 3 * Self.day + 15 * 3_600_000 + 60_000))
      let view = try await broker.connect(as: "tj.hp.gov") { client in try await client.getCase(opened.caseID) }
      let escalations = view.events.filter { $0.action == "escalate" }
      let filing = try #require(escalations.first { $0.actionBody.escalation.deadlineID == "crim.filing_decision" })
      #expect(filing.envelope.sender == "tj.liaison")
      #expect(filing.actionBody.escalation.level == 1)
      #expect(filing.actionBody.escalation.supervisors == ["tj.hp.jcy", "tj.hp.gov"])
      #expect(filing.actionBody.escalation.basis == "Decree310 Art8")
      #expect(filing.actionBody.escalation.overdueMs == 60_000)
      let deadline = try #require(view.deadlines.first { $0.deadlineID == "crim.filing_decision" })
      #expect(deadline.overdue && deadline.levelReached == 1)

      let supervising = try await broker.connect(as: "tj.hp.gov") { client in
        try await client.listCases(.with { $0.role = .supervising })
      }
      #expect(supervising.cases.map(\.caseID) == [opened.caseID])
      let overdue = try await broker.connect(as: "tj.hp.scjg") { client in
        try await client.listCases(.with { $0.overdue = true })
      }
      #expect(overdue.cases.map(\.caseID) == [opened.caseID])
      #expect(overdue.cases.first?.hasNextDueAt == true, "the listing carries the case's next running clock")

      // The procuratorate (copied on the transfer) receives the escalation as a delivery.
      let delivered = try await broker.connect(as: "tj.hp.jcy") { client in
        try await client.subscribe(window: 100) { subscription in
          var actions: [String] = []
          for try await batch in subscription.deliveries {
            actions += batch.map(\.event.action)
            subscription.acknowledge(batch.map(\.deliveryID))
            if actions.contains("escalate") { return actions }
          }
          return actions
        }
      }
      #expect(delivered.contains("escalate"))
      // Named by the ladder, the copied procuratorate also supervises: it lists the case as
      // supervising and may acknowledge the escalation.
      let procuratorate = try await broker.connect(as: "tj.hp.jcy") { client in
        try await client.listCases(.with { $0.role = .supervising })
      }
      #expect(procuratorate.cases.map(\.caseID) == [opened.caseID])
      _ = try await broker.connect(as: "tj.hp.jcy") { client in
        try await client.act(
          .with {
            $0.caseID = opened.caseID
            $0.action = "acknowledge_escalation"
            $0.body.comment = .with { $0.text = "已电话督促和平分局依法审查" }
          })
      }

      // A day later the second level alerts the municipal police bureau, once, then repeats daily
      // until the superior acknowledges.
      func filingAlerts() async throws -> [Liaison_V1_EscalationNotice] {
        try await broker.events("escalate", of: opened.caseID, as: "tj.hp.scjg").map(\.actionBody.escalation)
          .filter { $0.deadlineID == "crim.filing_decision" }
      }
      let firstLevel = try await filingAlerts().count
      #expect(await broker.advance(clock, byMillis: Self.day))
      #expect(try await filingAlerts().count == firstLevel + 1)
      #expect(try await filingAlerts().last?.level == 2)
      #expect(await broker.advance(clock, byMillis: Self.day))
      #expect(try await filingAlerts().count == firstLevel + 2, "a repeat of the second level")
      _ = try await broker.connect(as: "tj.gaj") { client in
        try await client.act(
          .with {
            $0.caseID = opened.caseID
            $0.action = "acknowledge_escalation"
            $0.body.comment = .with { $0.text = "已督办，请和平分局当日作出立案决定" }
          })
      }
      let after = try await broker.connect(as: "tj.hp.scjg") { client in try await client.getCase(opened.caseID) }
      #expect(await broker.advance(clock, byMillis: 3 * Self.day))
      let later = try await broker.connect(as: "tj.hp.scjg") { client in try await client.getCase(opened.caseID) }
      let filingAlerts = later.events.filter { $0.actionBody.escalation.deadlineID == "crim.filing_decision" }
      #expect(
        filingAlerts.count
          == after.events.filter { $0.actionBody.escalation.deadlineID == "crim.filing_decision" }.count)
      #expect(later.events.contains { $0.action == "acknowledge_escalation" && $0.envelope.sender == "tj.gaj" })
      // The metrics count the alerts by kind and ladder level.
      let metrics = String(decoding: await broker.broker.scrape(), as: UTF8.self)
      #expect(metrics.contains("liaison_escalations_total{kind=\"escalate\",level=\"1\"}"), "\(metrics)")
      #expect(metrics.contains("liaison_escalations_total{kind=\"escalate\",level=\"2\"}"))
    }
  }

  @Test("deadlines missed while the broker was down fire once when it starts again")
  func missedWhileDown() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let pki = try TestPKI(folder: folder)
    let clock = ManualClock(millis: ShanghaiTime.instant(Fixtures.date("2026-03-02"), hour: 9))
    let caseID = try await TestBroker.with(folder: folder, pki: pki, clock: clock) { broker in
      let opened = try await broker.connect(as: "tj.hp.scjg") { client in try await client.submit(Self.transfer()) }
      try await Self.receive(broker, opened.caseID)
      return opened.caseID
    }
    clock.advance(byMillis: 10 * Self.day)  // down for ten days
    try await TestBroker.with(folder: folder, pki: pki, clock: clock) { broker in
      // At start the scheduler fires what was missed while down.
      #expect(await broker.advance(clock, byMillis: 0))
      let view = try await broker.connect(as: "tj.hp.scjg") { client in try await client.getCase(caseID) }
      let filing = view.events.filter { $0.actionBody.escalation.deadlineID == "crim.filing_decision" }
      #expect(filing.map(\.actionBody.escalation.level) == [1, 2], "each level once; nine missed repeats collapsed")
      #expect(!filing.contains { $0.actionBody.escalation.warning }, "no pre-warning for a clock already overdue")
      #expect(await broker.broker.fireDueAlarms() == 0, "nothing fires twice")
    }
  }

  @Test("a drill transfer escalates to the procuratorate in seconds, by the scheduler on its own")
  func drill() async throws {
    try await TestBroker.with { broker in
      let opened = try await broker.connect(as: "tj.hp.scjg") { client in
        try await client.submit(Self.transfer(drill: true))
      }
      try await Self.receive(broker, opened.caseID)
      let started = Date()
      let escalation = try await broker.connect(as: "tj.hp.jcy") { client in
        try await client.subscribe(window: 100) { subscription in
          for try await batch in subscription.deliveries {
            subscription.acknowledge(batch.map(\.deliveryID))
            if let event = batch.map(\.event).first(where: {
              $0.action == "escalate" && $0.actionBody.escalation.deadlineID == "crim.filing_decision"
            }) {
              return event
            }
          }
          throw RPCError(code: .unavailable, message: "no escalation")
        }
      }
      #expect(escalation.actionBody.escalation.supervisors.contains("tj.hp.jcy"))
      #expect(Date().timeIntervalSince(started) < 45, "drill filing decision is 30 s")
    }
  }
}

@Suite("Dispute coordination over mutual TLS", .timeLimit(.minutes(2)))
struct DisputeTests {
  @Test("a dispute with two respondents: both answer, the coordinator issues an opinion, compliance closes it")
  func twoRespondents() async throws {
    try await TestBroker.with { broker in
      let application = Requests.dispute()
      let opened = try await broker.connect(as: "tj.hp.scjg") { client in try await client.submit(application) }
      #expect(opened.state == "applied")
      func act(_ agency: String, _ action: String, _ body: (inout Liaison_V1_ActionBody) -> Void) async throws -> String
      {
        try await broker.act(agency, on: opened.caseID, action, body)
      }
      #expect(
        try await act("tj.hp.sfj", "accept") { $0.registration = .with { $0.registrationNumber = "和司协〔2026〕2号" } }
          == "accepted")
      #expect(
        try await act("tj.hp.sfj", "send_notices") { $0.decision = .with { $0.kind = "notice" } }
          == "awaiting_responses")
      #expect(
        try await act("tj.hp.csgl", "respond") { $0.informationSupply = .with { $0.text = "属市场监管职责" } }
          == "awaiting_responses")
      #expect(
        try await act("tj.hp.sthj", "respond") { $0.informationSupply = .with { $0.text = "油烟排放属生态环境职责" } }
          == "awaiting_responses")
      #expect(
        try await act("tj.hp.sfj", "begin_coordination") { $0.decision = .with { $0.kind = "meeting" } }
          == "under_coordination")
      #expect(
        try await act("tj.hp.sfj", "issue_opinion") {
          $0.decision = .with {
            $0.kind = "opinion"
            $0.number = "和司协意〔2026〕1号"
          }
        } == "opinion_issued")
      #expect(
        try await act("tj.hp.csgl", "report_compliance") { $0.result = .with { $0.kind = "complied" } } == "closed")
      let view = try await broker.connect(as: "tj.hp.sthj") { client in try await client.getCase(opened.caseID) }
      #expect(view.summary.copies == ["tj.hp.csgl", "tj.hp.sthj"], "respondents are copied by the broker")
      #expect(view.events.filter { $0.action == "respond" }.map(\.envelope.sender) == ["tj.hp.csgl", "tj.hp.sthj"])
    }
  }
}
