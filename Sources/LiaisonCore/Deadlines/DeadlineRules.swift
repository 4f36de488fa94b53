/// What the broker needs to run statutory deadlines: the policies and the working-day calendar.
/// Replaced as a whole on reload.
public struct DeadlineRules: Sendable {
  /// The policies in force.
  public let policies: PolicySet
  /// The calendar in force.
  public let calendar: WorkingCalendar
  private let byWorkflow: [String: [DeadlinePolicy]]
  private let startEvents: [String: Set<CaseAction>]

  public init(policies: PolicySet, calendar: WorkingCalendar) {
    self.policies = policies
    self.calendar = calendar
    byWorkflow = Dictionary(grouping: policies.policies, by: \.workflow)
    startEvents = byWorkflow.mapValues { Set($0.map(\.start)) }
  }

  /// The planner for a case of `workflow`.
  public func planner(for workflow: String, drill: Bool) -> DeadlinePlanner {
    DeadlinePlanner(policies: byWorkflow[workflow] ?? [], calendar: calendar, drill: drill)
  }

  /// True when `event` starts a deadline of `workflow` (a case without deadlines needs nothing else).
  public func starts(_ event: CaseAction, in workflow: String) -> Bool {
    startEvents[workflow]?.contains(event) ?? false
  }

  /// The years without an official holiday schedule in which a deadline started at `now` could
  /// fall (up to the longest policy's due time): their due times are provisional. Empty when every
  /// such year has its `cn-YYYY.yaml`.
  public func yearsWithoutSchedule(from now: Int64) -> [Int] {
    let longest = policies.policies.map(\.duration).max { $0.continuousMillis < $1.continuousMillis }
    let first = ShanghaiTime.date(of: now).year
    let last = longest.map { ShanghaiTime.date(of: calendar.due(after: $0, startingAt: now).millis).year } ?? first
    return (first...max(first, last)).filter { !calendar.isOfficial($0) }
  }

  /// A warning for operators when ``yearsWithoutSchedule(from:)`` is not empty, naming the files to add.
  public func calendarWarning(at now: Int64) -> String? {
    let years = yearsWithoutSchedule(from: now)
    guard !years.isEmpty else { return nil }
    let names = years.map { "\($0)" }.joined(separator: ", ")
    let files = years.map { "Deploy/calendar/cn-\($0).yaml" }.joined(separator: ", ")
    return
      "no official holiday schedule for \(names): deadlines falling then are provisional (weekends and fixed holidays only); add \(files) from the State Council's notice when it is published, then reload (SIGHUP) and provisional deadlines are recomputed"
  }

  /// Escalation levels a deadline has reached (alerts fired at expiry or later).
  public func levelReached(_ deadline: CaseDeadline) -> Int {
    switch deadline.alarm.stage {
    case .warning: 0
    case .escalation(let level, let count): count > 0 ? level + 1 : level
    case .done: deadline.metAt == nil ? (policies[deadline.policyID]?.ladder.count ?? 0) : 0
    }
  }
}
