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

  /// How a deadline counts the time it has left (its policy's unit when it started).
  public enum Counting: String, Hashable, Sendable {
    /// Continuously, in milliseconds (hours, minutes, seconds).
    case continuous
    /// In natural days (start day excluded, a last rest day rolled forward).
    case naturalDays = "ND"
    /// In working days of the calendar.
    case workingDays = "WD"

    public init(_ unit: DeadlineDuration.Unit) {
      switch unit {
      case .naturalDays: self = .naturalDays
      case .workingDays: self = .workingDays
      case .hours, .minutes, .seconds: self = .continuous
      }
    }
  }

  /// The policy (``DeadlinePolicy/id``).
  public var policyID: String
  /// The party whose clock it is, for a policy that runs one clock per party (each addressee's
  /// receipt, each respondent's reply); `nil` for the case's one clock of the policy.
  public var party: AgencyID?
  /// When it started (ms since the epoch).
  public var startedAt: Int64
  /// When it runs out (meaningful while running).
  public var dueAt: Int64
  /// True when the due time depends on a year without an official holiday schedule.
  public var provisional: Bool
  /// Where it is.
  public var status: Status
  /// Time left when it was paused, in ``counting``'s unit: ms for continuous clocks, days for day
  /// clocks (re-counted on the calendar when it resumes).
  public var remaining: Int64
  /// How it counts.
  public var counting: Counting
  /// When its current run began: its start, or its last resume.
  public var runStart: Int64
  /// The length of its current run in ``counting``'s unit (the policy's duration, or what was left
  /// when it was last paused).
  public var runLength: Int64
  /// When it was met.
  public var metAt: Int64?
  /// The next alert, if any is still to come.
  public var alarm: DeadlineAlarm

  public init(
    policyID: String, party: AgencyID? = nil, startedAt: Int64, dueAt: Int64, provisional: Bool,
    status: Status = .running, remaining: Int64 = 0, metAt: Int64? = nil, alarm: DeadlineAlarm,
    counting: Counting = .continuous, runStart: Int64? = nil, runLength: Int64? = nil
  ) {
    self.policyID = policyID
    self.party = party
    self.counting = counting
    self.runStart = runStart ?? startedAt
    self.runLength = runLength ?? (dueAt - startedAt)
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

  /// True when it was met after its due time.
  public var metLate: Bool { metAt.map { $0 > dueAt } ?? false }

  /// The time left of a paused clock as written in policies, e.g. `2 WD`, `5400 S`.
  public var remainingText: String {
    switch counting {
    case .continuous: "\(remaining / 1000) S"
    case .naturalDays: "\(remaining) ND"
    case .workingDays: "\(remaining) WD"
    }
  }
}
