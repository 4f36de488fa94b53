import Foundation
import GRPCCore
import LiaisonClient
import LiaisonCore
import LiaisonServer
import LiaisonTesting
import LiaisonWire
import SwiftProtobuf
import Testing

@Suite("Statutory clocks over mutual TLS", .timeLimit(.minutes(2)))
struct DeadlineTests {
  /// 2026-09-30 10:00 Asia/Shanghai, the day before the National Day holiday.
  static let start = ShanghaiTime.instant(Fixtures.date("2026-09-30"), hour: 10)

  @Test("delivery starts the receipt clock, rolled past National Day; the receipt meets it and starts the next")
  func referralClocks() async throws {
    let clock = ManualClock(millis: Self.start)
    try await TestBroker.with(clock: clock) { broker in
      let opened = try await broker.connect(as: "tj.scjg") { client in try await client.submit(Requests.referral()) }
      var view = try await broker.connect(as: "tj.scjg") { client in try await client.getCase(opened.caseID) }
      #expect(view.deadlines.isEmpty, "no clock runs before the receiver has the case")
      try await broker.connect(as: "tj.hp.scjg") { client in
        try await client.subscribe(window: 10) { subscription in
          for try await batch in subscription.deliveries {
            subscription.acknowledge(batch.map(\.deliveryID))
            return
          }
        }
      }
      let started = await eventually {
        let view = try? await broker.connect(as: "tj.scjg") { client in try await client.getCase(opened.caseID) }
        return view?.deadlines.first?.deadlineID == "ref.receipt"
      }
      #expect(started)
      view = try await broker.connect(as: "tj.scjg") { client in try await client.getCase(opened.caseID) }
      let receipt = try #require(view.deadlines.first)
      #expect(receipt.state == .running)
      #expect(receipt.duration == "1 WD")
      #expect(receipt.dueAt.seconds * 1000 == ShanghaiTime.endOfDay(Fixtures.date("2026-10-08")))
      #expect(!receipt.provisional)
      #expect(!receipt.overdue)

      clock.advance(byMillis: 3_600_000)
      _ = try await broker.connect(as: "tj.hp.scjg") { client in
        try await client.act(
          Requests.receipt(opened.caseID, signer: "王伟", role: "法制科科长"))
      }
      view = try await broker.connect(as: "tj.scjg") { client in try await client.getCase(opened.caseID) }
      let byID = Dictionary(uniqueKeysWithValues: view.deadlines.map { ($0.deadlineID, $0) })
      #expect(byID["ref.receipt"]?.state == .met)
      #expect(byID["ref.receipt"]?.metAt.seconds == (Self.start + 3_600_000) / 1000)
      let accept = try #require(byID["ref.accept_decision"])
      #expect(accept.state == .running)
      #expect(
        accept.dueAt.seconds * 1000 == ShanghaiTime.endOfDay(Fixtures.date("2026-10-10")),
        "3 WD: 10-08, 10-09, Sat 10-10")
      let dueSoon = { (days: UInt32) in
        try await broker.connect(as: "tj.hp.scjg") { client in
          try await client.listCases(.with { $0.dueWithinDays = days }).cases.map(\.caseID)
        }
      }
      #expect(try await dueSoon(2).isEmpty, "due at the end of the third working day (Sat 10-10)")
      #expect(try await dueSoon(3) == [opened.caseID])
      clock.advance(byMillis: 20 * 86_400_000)
      view = try await broker.connect(as: "tj.scjg") { client in try await client.getCase(opened.caseID) }
      #expect(view.deadlines.first { $0.deadlineID == "ref.accept_decision" }?.overdue == true)
    }
  }

  @Test("a drill case runs its clocks with drill lengths")
  func drillLengths() async throws {
    try await TestBroker.with { broker in
      var request = Requests.referral()
      request.envelope.drill = true
      let opened = try await broker.connect(as: "tj.scjg") { client in try await client.submit(request) }
      try await broker.connect(as: "tj.hp.scjg") { client in
        try await client.subscribe(window: 10) { subscription in
          for try await batch in subscription.deliveries {
            subscription.acknowledge(batch.map(\.deliveryID))
            return
          }
        }
      }
      let drill = await eventually {
        let view = try? await broker.connect(as: "tj.scjg") { client in try await client.getCase(opened.caseID) }
        return view?.deadlines.first?.duration == "20 S"
      }
      #expect(drill)
    }
  }

  @Test("a criminal transfer's 24-hour delivery clock runs from the head's approval, and the receipt meets it")
  func deliveryFromApproval() async throws {
    let clock = ManualClock(millis: Self.start)
    try await TestBroker.with(clock: clock) { broker in
      let approved = Self.start - 20 * 3_600_000
      let transfer = Requests.criminalTransfer(approvedAtMillis: approved)
      let opened = try await broker.connect(as: "tj.hp.scjg") { client in try await client.submit(transfer) }
      var view = try await broker.connect(as: "tj.hp.scjg") { client in try await client.getCase(opened.caseID) }
      let deliver = try #require(view.deadlines.first { $0.deadlineID == "crim.deliver" })
      #expect(deliver.startedAt.seconds * 1000 == approved)
      #expect(deliver.dueAt.seconds * 1000 == approved + 24 * 3_600_000, "four hours after the transfer")
      let state = try await broker.act("tj.hp.gafj", on: opened.caseID, "receipt") {
        $0.receipt = .with {
          $0.signerName = "李强"
          $0.signerRole = "值班民警"
        }
      }
      #expect(state == "receipted")
      view = try await broker.connect(as: "tj.hp.scjg") { client in try await client.getCase(opened.caseID) }
      #expect(view.deadlines.first { $0.deadlineID == "crim.deliver" }?.state == .met)
    }
  }

  @Test(
    "each dispute respondent answers on its own clock: its answer meets it, a late one escalates to that respondent, and `deadlines` lists it under the respondent"
  )
  func respondentClocks() async throws {
    let clock = ManualClock(millis: ShanghaiTime.instant(Fixtures.date("2026-03-02"), hour: 9))
    try await TestBroker.with(clock: clock) { broker in
      let opened = try await broker.connect(as: "tj.hp.scjg") { client in try await client.submit(Requests.dispute()) }
      let id = opened.caseID
      _ = try await broker.act("tj.hp.sfj", on: id, "accept") {
        $0.registration = .with { $0.registrationNumber = "1" }
      }
      _ = try await broker.act("tj.hp.sfj", on: id, "send_notices") { $0.decision = .with { $0.kind = "notice" } }
      func replies() async throws -> [String: Liaison_V1_DeadlineStatus] {
        let view = try await broker.connect(as: "tj.hp.sfj") { client in try await client.getCase(id) }
        return Dictionary(
          uniqueKeysWithValues: view.deadlines.filter { $0.deadlineID == "disp.reply" }.map { ($0.mustAct[0], $0) })
      }
      var clocks = try await replies()
      #expect(Set(clocks.keys) == ["tj.hp.csgl", "tj.hp.sthj"], "one reply clock per respondent")
      #expect(clocks.values.allSatisfy { $0.perParty && $0.state == .running && $0.duration == "7 WD" })
      _ = try await broker.act("tj.hp.csgl", on: id, "respond") { $0.informationSupply = .with { $0.text = "属市场监管职责" } }
      clocks = try await replies()
      #expect(clocks["tj.hp.csgl"]?.state == .met && clocks["tj.hp.sthj"]?.state == .running)
      // The late respondent is escalated to itself and the coordinator, not the one that answered.
      #expect(await broker.advance(clock, byMillis: 10 * 86_400_000))
      let escalations = try await broker.events("escalate", of: id, as: "tj.hp.sfj").map {
        $0.actionBody.escalation
      }.filter { $0.deadlineID == "disp.reply" }
      #expect(escalations.first?.party == "tj.hp.sthj")
      #expect(escalations.first?.supervisors == ["tj.hp.sthj", "tj.hp.sfj"])
      let due = try await broker.connect(as: "tj.hp.sthj") { client in
        try await client.listCases(.with { $0.overdue = true }).cases
      }
      #expect(due.first?.openDeadlines.filter { $0.deadlineID == "disp.reply" }.map(\.mustAct) == [["tj.hp.sthj"]])
    }
  }

  @Test(
    "a deadline in a year without a schedule is provisional and counted in /metrics; adding the year's calendar counts it again"
  )
  func provisionalRecount() async throws {
    let clock = ManualClock(millis: ShanghaiTime.instant(Fixtures.date("2026-12-30"), hour: 10))
    let metrics: (inout BrokerConfiguration) -> Void = { $0.metrics = .init(port: 0) }
    try await TestBroker.with(configure: metrics, clock: clock) { broker in
      let port = try #require(await broker.broker.metricsListeningPort)
      let opened = try await broker.connect(as: "tj.scjg") { client in try await client.submit(Requests.referral()) }
      #expect(try await broker.receive(1, as: "tj.hp.scjg").count == 1)
      _ = try await broker.connect(as: "tj.hp.scjg") { client in try await client.act(Requests.receipt(opened.caseID)) }
      func accept() async throws -> Liaison_V1_DeadlineStatus? {
        try await broker.connect(as: "tj.scjg") { client in try await client.getCase(opened.caseID) }
          .deadlines.first { $0.deadlineID == "ref.accept_decision" }
      }
      var status = try #require(try await accept())
      #expect(status.provisional && status.dueAt.seconds * 1000 == ShanghaiTime.endOfDay(Fixtures.date("2027-01-05")))
      var text = try await httpGet(port: port, "/metrics").1
      #expect(MetricsTests.value(text, "liaison_calendar_years_missing") == 1, "\(text)")
      #expect(MetricsTests.value(text, "liaison_deadlines_provisional{channel=\"referral\"}") == 1, "\(text)")
      // The operator adds 2027's calendar and reloads.
      let recounted = await broker.broker.replaceDeadlineRules(
        DeadlineRules(
          policies: try Fixtures.policies(),
          calendar: try WorkingCalendar(years: [Fixtures.calendar2026(), Fixtures.hypothetical2027()])))
      #expect(recounted == 1)
      status = try #require(try await accept())
      #expect(!status.provisional && status.dueAt.seconds * 1000 == ShanghaiTime.endOfDay(Fixtures.date("2027-01-06")))
      text = try await httpGet(port: port, "/metrics").1
      #expect(MetricsTests.value(text, "liaison_calendar_years_missing") == 0, "\(text)")
      #expect(MetricsTests.value(text, "liaison_deadlines_provisional{channel=\"referral\"}") == 0, "\(text)")
    }
  }
}
