/// One statutory deadline of one case: when it started, when it is due, whether it is paused, met or
/// overdue, and where its alarm stands (pre-warning, escalation levels, repeats).
public struct CaseDeadline: Hashable, Sendable {
  /// Where a deadline is.
  public enum Status: String, Hashable, Sendable {
    /// Counting down (or overdue, when `now` is past `dueAt`).
    case running
    /// Stopped in a pause state; `remaining` is kept.
    case paused
    /// Stopped by one of its stop events.
    case met
  }

  /// The policy (``DeadlinePolicy/id``).
  public var policyID: String
  /// When it started (ms since the epoch).
  public var startedAt: Int64
  /// When it runs out (meaningful while running).
  public var dueAt: Int64
  /// True when the due time depends on a year without an official holiday schedule.
  public var provisional: Bool
  /// Where it is.
  public var status: Status
  /// Time left when it was paused, in ms.
  public var remaining: Int64
  /// When it was met.
  public var metAt: Int64?
  /// The next alert, if any is still to come.
  public var alarm: DeadlineAlarm

  public init(
    policyID: String, startedAt: Int64, dueAt: Int64, provisional: Bool, status: Status = .running,
    remaining: Int64 = 0, metAt: Int64? = nil, alarm: DeadlineAlarm
  ) {
    self.policyID = policyID
    self.startedAt = startedAt
    self.dueAt = dueAt
    self.provisional = provisional
    self.status = status
    self.remaining = remaining
    self.metAt = metAt
    self.alarm = alarm
  }

  /// True when running past its due time at `now`.
  public func isOverdue(at now: Int64) -> Bool { status == .running && now >= dueAt }
}
