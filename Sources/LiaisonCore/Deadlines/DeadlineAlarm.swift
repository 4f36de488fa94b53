/// The alarm of a deadline: which alert comes next and when. Alerts follow the policy's ladder: the
/// pre-warning `warnBefore` the due time, the first level at the due time (+ its `after`), each
/// later level at the due time + its `after`, and each level's repeats every `repeatEvery` until the
/// next level begins (the last level repeats until the deadline stops).
public struct DeadlineAlarm: Hashable, Sendable {
  /// The stage of the next alert.
  public enum Stage: Hashable, Sendable {
    /// The pre-warning.
    case warning
    /// Escalation level `level` (0-based), repetition `repeat` (0 = first alert of the level).
    case escalation(level: Int, repeat: Int)
    /// Nothing more to send.
    case done
  }

  /// The next alert.
  public var stage: Stage
  /// When it is due (ms since the epoch); `nil` when done.
  public var nextAt: Int64?

  public init(stage: Stage, nextAt: Int64?) {
    self.stage = stage
    self.nextAt = nextAt
  }
}

/// An alert a deadline raises.
public struct DeadlineAlert: Hashable, Sendable {
  /// What kind of alert.
  public enum Kind: Hashable, Sendable {
    /// The deadline runs out soon.
    case warning
    /// The deadline ran out: escalate to the level's targets.
    case escalation(level: Int, repeat: Int, targets: [EscalationTarget])
  }

  /// The deadline's policy.
  public var policyID: String
  /// What kind.
  public var kind: Kind
  /// The deadline's due time.
  public var dueAt: Int64
  /// How late the deadline is when the alert fires (0 for warnings), in ms.
  public var overdueBy: Int64
  /// The party whose clock it is (per-party clocks), else `nil`.
  public var party: AgencyID?

  public init(policyID: String, kind: Kind, dueAt: Int64, overdueBy: Int64, party: AgencyID? = nil) {
    self.policyID = policyID
    self.kind = kind
    self.dueAt = dueAt
    self.overdueBy = overdueBy
    self.party = party
  }
}
