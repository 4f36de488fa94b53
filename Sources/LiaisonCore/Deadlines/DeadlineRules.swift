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

  /// Escalation levels a deadline has reached (alerts fired at expiry or later).
  public func levelReached(_ deadline: CaseDeadline) -> Int {
    switch deadline.alarm.stage {
    case .warning: 0
    case .escalation(let level, let count): count > 0 ? level + 1 : level
    case .done: deadline.metAt == nil ? (policies[deadline.policyID]?.ladder.count ?? 0) : 0
    }
  }
}
