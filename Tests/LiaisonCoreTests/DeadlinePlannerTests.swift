import LiaisonCore
import LiaisonTesting
import Testing

@Suite("Case clocks and escalation ladders")
struct DeadlinePlannerTests {
  let policies: PolicySet
  let calendar: WorkingCalendar

  init() throws {
    policies = try Fixtures.policies()
    calendar = try Fixtures.calendar()
  }

  func planner(_ workflow: String, drill: Bool = false) -> DeadlinePlanner {
    DeadlinePlanner(policies: policies.policies(for: workflow), calendar: calendar, drill: drill)
  }

  func at(_ date: String, _ hour: Int, _ minute: Int = 0) -> Int64 {
    ShanghaiTime.instant(Fixtures.date(date), hour: hour, minute: minute)
  }

  static let hour: Int64 = 3_600_000
  static let day: Int64 = 86_400_000

  func clock(_ id: String, in clocks: [CaseDeadline]) throws -> CaseDeadline {
    try #require(clocks.first { $0.policyID == id })
  }

  @Test("a police receipt starts the 3-natural-day filing clock, rolled past National Day")
  func filingDecisionDue() throws {
    var clocks: [CaseDeadline] = []
    planner("criminal_transfer").apply(event: "receipt", state: "receipted", at: at("2026-09-30", 10), to: &clocks)
    let filing = try clock("crim.filing_decision", in: clocks)
    #expect(filing.dueAt == ShanghaiTime.endOfDay(Fixtures.date("2026-10-08")))
    #expect(!filing.provisional)
    #expect(try clock("crim.forward", in: clocks).dueAt == at("2026-10-01", 10), "24 H runs through the holiday")
  }

  @Test("a stop event meets the clock; a pause state holds it and resuming counts the days left again")
  func stopAndPause() throws {
    let planner = planner("criminal_transfer")
    var clocks: [CaseDeadline] = []
    let start = at("2026-03-02", 9)
    planner.apply(event: "receipt", state: "receipted", at: start, to: &clocks)
    let due = try clock("crim.filing_decision", in: clocks).dueAt
    planner.apply(event: "request_supplement", state: "supplement_requested", at: start + Self.day, to: &clocks)
    #expect(try clock("crim.filing_decision", in: clocks).status == .paused)
    #expect(try clock("crim.forward", in: clocks).status == .met)
    #expect(try clock("crim.supplement", in: clocks).status == .running)
    planner.apply(event: "supplement", state: "receipted", at: start + 3 * Self.day, to: &clocks)
    let resumed = try clock("crim.filing_decision", in: clocks)
    #expect(resumed.status == .running)
    #expect(due == ShanghaiTime.endOfDay(Fixtures.date("2026-03-05")))
    // Paused on Tuesday with 2 of its 3 natural days left; resumed on Thursday: Friday, Saturday,
    // and Saturday is a rest day, so Monday.
    #expect(resumed.dueAt == ShanghaiTime.endOfDay(Fixtures.date("2026-03-09")), "the days left, counted again")
    #expect(resumed.counting == .naturalDays)
    planner.apply(event: "not_file", state: "not_filed", at: start + 4 * Self.day, to: &clocks)
    #expect(try clock("crim.filing_decision", in: clocks).status == .met)
    #expect(try clock("crim.recon_window", in: clocks).status == .running)
  }

  @Test(
    "a working-day clock paused on the day it started and resumed on Friday has its 3 working days again from Friday"
  )
  func workingDayPause() throws {
    let planner = planner("referral")
    var clocks: [CaseDeadline] = []
    planner.apply(event: "receipt", state: "receipted", at: at("2026-03-02", 9), to: &clocks)
    #expect(try clock("ref.accept_decision", in: clocks).dueAt == ShanghaiTime.endOfDay(Fixtures.date("2026-03-05")))
    planner.apply(event: "request_info", state: "info_requested", at: at("2026-03-02", 10), to: &clocks)
    let paused = try clock("ref.accept_decision", in: clocks)
    #expect(paused.status == .paused)
    #expect(paused.remaining == 3 && paused.remainingText == "3 WD")
    planner.apply(event: "supply_info", state: "receipted", at: at("2026-03-06", 10), to: &clocks)
    // Monday, Tuesday, Wednesday: not "Monday", as continuous time would give.
    #expect(try clock("ref.accept_decision", in: clocks).dueAt == ShanghaiTime.endOfDay(Fixtures.date("2026-03-11")))
    // Paused again on Tuesday (Monday and Tuesday used), resumed the next Monday: one day left.
    planner.apply(event: "request_info", state: "info_requested", at: at("2026-03-10", 15), to: &clocks)
    #expect(try clock("ref.accept_decision", in: clocks).remaining == 1)
    planner.apply(event: "supply_info", state: "receipted", at: at("2026-03-16", 9), to: &clocks)
    #expect(try clock("ref.accept_decision", in: clocks).dueAt == ShanghaiTime.endOfDay(Fixtures.date("2026-03-17")))
  }

  @Test("an hours clock paused and resumed keeps its time left to the millisecond")
  func hoursPause() throws {
    let policy = DeadlinePolicy(
      id: "t.hours", workflow: "criminal_transfer", duration: DeadlineDuration(24, .hours), start: "receipt",
      stop: ["file"], pause: ["supplement_requested"])
    let planner = DeadlinePlanner(policies: [policy], calendar: calendar, drill: false)
    var clocks: [CaseDeadline] = []
    let start = at("2026-03-02", 9)
    planner.apply(event: "receipt", state: "receipted", at: start, to: &clocks)
    planner.apply(event: "request_supplement", state: "supplement_requested", at: start + 5 * Self.hour, to: &clocks)
    #expect(clocks[0].remaining == 19 * Self.hour)
    planner.apply(event: "supplement", state: "receipted", at: start + 50 * Self.hour, to: &clocks)
    #expect(clocks[0].dueAt == start + 69 * Self.hour)
  }

  @Test(
    "per-party clocks: each addressee's receipt clock starts with its own delivery and stops with its own receipt; a withdrawal ends them all"
  )
  func perAddressee() throws {
    let planner = planner("referral")
    let (first, second) = (Fixtures.agency("tj.hp.scjg"), Fixtures.agency("tj.hx.scjg"))
    func parties(_ actor: String) -> DeadlinePlanner.Parties {
      .init(
        actor: Fixtures.agency(actor), receivers: [first, second], respondents: [], directory: try? Fixtures.directory()
      )
    }
    var clocks: [CaseDeadline] = []
    let start = at("2026-03-02", 9)
    planner.apply(event: "delivered", by: parties("tj.hp.scjg"), state: "sent", at: start, to: &clocks)
    planner.apply(event: "delivered", by: parties("tj.hx.scjg"), state: "sent", at: start + Self.day, to: &clocks)
    #expect(clocks.map(\.party) == [first, second])
    #expect(
      clocks.map(\.dueAt) == [
        ShanghaiTime.endOfDay(Fixtures.date("2026-03-03")), ShanghaiTime.endOfDay(Fixtures.date("2026-03-04")),
      ])
    planner.apply(event: "receipt", by: parties("tj.hp.scjg"), state: "receipted", at: start + Self.hour, to: &clocks)
    var receipts: [CaseDeadline] { clocks.filter { $0.policyID == "ref.receipt" } }
    #expect(receipts.map(\.status) == [.met, .running], "the first addressee's receipt meets its own clock only")
    planner.apply(event: "withdraw", by: parties("tj.scjg"), state: "withdrawn", at: start + 3 * Self.day, to: &clocks)
    #expect(receipts.map(\.status) == [.met, .met])
    #expect(receipts[1].metLate, "the second addressee had not signed by its due time")
    #expect(!receipts[0].metLate)
  }

  @Test("a clock limited to some kinds runs only for addressees of those kinds (ref.forward_police)")
  func kindsLimited() throws {
    let planner = planner("referral")
    let (police, market) = (Fixtures.agency("tj.hp.gafj"), Fixtures.agency("tj.hp.scjg"))
    func parties(_ actor: AgencyID) -> DeadlinePlanner.Parties {
      .init(actor: actor, receivers: [police, market], respondents: [], directory: try? Fixtures.directory())
    }
    var clocks: [CaseDeadline] = []
    planner.apply(event: "receipt", by: parties(market), state: "receipted", at: at("2026-03-02", 9), to: &clocks)
    #expect(!clocks.contains { $0.policyID == "ref.forward_police" }, "the market bureau is not the police")
    planner.apply(event: "receipt", by: parties(police), state: "receipted", at: at("2026-03-02", 10), to: &clocks)
    let forward = try clock("ref.forward_police", in: clocks)
    #expect(forward.party == police && forward.dueAt == at("2026-03-03", 10))
  }

  @Test("in December, deadlines may fall in 2027, which has no schedule yet: a warning names cn-2027.yaml")
  func calendarGap() throws {
    let rules = DeadlineRules(policies: policies, calendar: calendar)
    #expect(rules.yearsWithoutSchedule(from: at("2026-12-02", 9)) == [2027])
    #expect(rules.yearsWithoutSchedule(from: at("2026-03-02", 9)).isEmpty, "90 ND from March stay in 2026")
    let warning = try #require(rules.calendarWarning(at: at("2026-12-02", 9)))
    #expect(warning.contains("2027") && warning.contains("Deploy/calendar/cn-2027.yaml"))
    #expect(rules.calendarWarning(at: at("2026-03-02", 9)) == nil)
    let full = DeadlineRules(
      policies: policies, calendar: try WorkingCalendar(years: [Fixtures.calendar2026(), Fixtures.hypothetical2027()]))
    #expect(full.yearsWithoutSchedule(from: at("2026-12-02", 9)).isEmpty)
  }

  @Test("a provisional deadline is counted again when its year's schedule is added: same start, same length")
  func recountOnNewCalendar() throws {
    var clocks: [CaseDeadline] = []
    planner("referral").apply(event: "receipt", state: "receipted", at: at("2026-12-30", 10), to: &clocks)
    var accept = try clock("ref.accept_decision", in: clocks)
    // 12-31, then (weekends and 1 January only) 01-04 and 01-05.
    #expect(accept.provisional && accept.dueAt == ShanghaiTime.endOfDay(Fixtures.date("2027-01-05")))
    let withSchedule = DeadlinePlanner(
      policies: policies.policies(for: "referral"),
      calendar: try WorkingCalendar(years: [Fixtures.calendar2026(), Fixtures.hypothetical2027()]), drill: false)
    #expect(withSchedule.recompute(at: at("2026-12-31", 9), deadlines: &clocks))
    accept = try clock("ref.accept_decision", in: clocks)
    // 12-31, then 01-05 and 01-06 (rest until Monday 01-04 in the schedule).
    #expect(!accept.provisional && accept.dueAt == ShanghaiTime.endOfDay(Fixtures.date("2027-01-06")))
    #expect(accept.alarm.nextAt == ShanghaiTime.endOfDay(Fixtures.date("2027-01-06")) - Self.day, "warned a day before")
    #expect(!withSchedule.recompute(at: at("2026-12-31", 9), deadlines: &clocks), "nothing left to count")
  }

  @Test("the ladder: pre-warning, first level at expiry, next level a day later, repeating daily")
  func ladder() throws {
    let planner = planner("criminal_transfer")
    var clocks: [CaseDeadline] = []
    planner.apply(event: "receipt", state: "receipted", at: at("2026-03-02", 9), to: &clocks)
    let due = try clock("crim.filing_decision", in: clocks).dueAt
    #expect(due == ShanghaiTime.endOfDay(Fixtures.date("2026-03-05")))
    func alerts(at now: Int64) -> [DeadlineAlert] {
      planner.fire(at: now, deadlines: &clocks).filter { $0.policyID == "crim.filing_decision" }
    }
    #expect(alerts(at: due - Self.day - 1).isEmpty)
    #expect(alerts(at: due - Self.day).map(\.kind) == [.warning])
    let first = alerts(at: due)
    #expect(
      first.map(\.kind) == [
        .escalation(level: 0, repeat: 0, targets: [.init(.receiver, .procuratorate), .init(.receiver, .government)])
      ])
    #expect(alerts(at: due + Self.day - 1).isEmpty)
    let second = alerts(at: due + Self.day + 5 * Self.hour)
    #expect(second.map(\.kind) == [.escalation(level: 1, repeat: 0, targets: [.init(.receiver, .parent)])])
    #expect(second.first?.overdueBy == Self.day + 5 * Self.hour)
    #expect(alerts(at: due + 2 * Self.day + 5 * Self.hour).count == 1, "repeats a day after the last alert")
  }

  @Test("after downtime a missed deadline fires once per level, not once per missed repeat")
  func downtime() throws {
    let planner = planner("criminal_transfer")
    var clocks: [CaseDeadline] = []
    planner.apply(event: "receipt", state: "receipted", at: at("2026-03-02", 9), to: &clocks)
    let due = try clock("crim.filing_decision", in: clocks).dueAt
    let alerts = planner.fire(at: due + 10 * Self.day, deadlines: &clocks).filter {
      $0.policyID == "crim.filing_decision"
    }
    #expect(alerts.map(\.kind).count == 2, "level 0 and level 1 (its nine missed repeats collapsed); no warning")
    #expect(planner.fire(at: due + 10 * Self.day, deadlines: &clocks).isEmpty, "nothing fires twice")
  }

  @Test("a drill runs the same ladder in seconds")
  func drill() throws {
    let planner = planner("criminal_transfer", drill: true)
    var clocks: [CaseDeadline] = []
    let start = at("2026-03-02", 9)
    planner.apply(event: "receipt", state: "receipted", at: start, to: &clocks)
    let filing = try clock("crim.filing_decision", in: clocks)
    #expect(filing.dueAt == start + 30_000)
    var fired: [DeadlineAlert] = []
    for second in stride(from: Int64(0), through: 40, by: 1) {
      fired += planner.fire(at: start + second * 1000, deadlines: &clocks).filter {
        $0.policyID == "crim.filing_decision"
      }
    }
    #expect(fired.first?.kind == .warning)
    let firstLevel = DeadlineAlert.Kind.escalation(
      level: 0, repeat: 0, targets: [.init(.receiver, .procuratorate), .init(.receiver, .government)])
    #expect(fired.contains { $0.kind == firstLevel })
    #expect(fired.contains { if case .escalation(1, _, _) = $0.kind { true } else { false } })
  }

  @Test("information-only clocks raise nothing; restarting a clock replaces it")
  func informationOnlyAndRestart() throws {
    let planner = planner("criminal_transfer")
    var clocks: [CaseDeadline] = []
    let start = at("2026-03-02", 9)
    planner.apply(event: "receipt", state: "receipted", at: start, to: &clocks)
    planner.apply(event: "not_file", state: "not_filed", at: start + Self.hour, to: &clocks)
    let alerts = planner.fire(at: start + 30 * Self.day, deadlines: &clocks)
    #expect(!alerts.contains { $0.policyID == "crim.recon_window" })
    planner.apply(event: "receipt", state: "receipted", at: start + 40 * Self.day, to: &clocks)
    #expect(clocks.filter { $0.policyID == "crim.filing_decision" && $0.status == .running }.count == 1)
  }

  @Test("a registration with an earlier registration time starts its clocks then, never in the future")
  func registrationTime() throws {
    let planner = planner("referral")
    let recorded = at("2026-03-10", 9)
    var clocks: [CaseDeadline] = []
    planner.apply(event: "accept", state: "accepted", at: recorded, startingAt: at("2026-03-06", 15), to: &clocks)
    #expect(try clock("ref.result", in: clocks).startedAt == at("2026-03-06", 15))
    #expect(try clock("ref.result", in: clocks).dueAt == ShanghaiTime.endOfDay(Fixtures.date("2026-06-04")), "90 ND")
    var later: [CaseDeadline] = []
    planner.apply(event: "accept", state: "accepted", at: recorded, startingAt: recorded + Self.day, to: &later)
    #expect(try clock("ref.result", in: later).startedAt == recorded)
  }
}
