/// What the broker needs to run statutory clocks: the policies and the working-day calendar.
/// Replaced as a whole on reload.
public struct DeadlineRules: Sendable {
  /// The policies in force.
  public var policies: PolicySet
  /// The calendar in force.
  public var calendar: WorkingCalendar

  public init(policies: PolicySet, calendar: WorkingCalendar) {
    self.policies = policies
    self.calendar = calendar
  }

  /// The planner for a case of `workflow`.
  public func planner(for workflow: String, drill: Bool) -> ClockPlanner {
    ClockPlanner(policies: policies.policies(for: workflow), calendar: calendar, drill: drill)
  }
}
