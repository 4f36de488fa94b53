/// Starts, stops, pauses and resumes the deadlines of a case as its events happen, and raises the
/// alerts of their ladders as time passes. Pure: it takes the deadlines, the event, the new state and
/// the time, and returns what changed; the engine puts it in its decision.
public struct DeadlinePlanner: Sendable {
  /// The policies of the case's workflow.
  public let policies: [DeadlinePolicy]
  /// The working-day calendar.
  public let calendar: WorkingCalendar
  /// True for drill cases: policies' drill durations apply.
  public let drill: Bool

  public init(policies: [DeadlinePolicy], calendar: WorkingCalendar, drill: Bool) {
    self.policies = policies
    self.calendar = calendar
    self.drill = drill
  }

  /// Applies an event that left the case in `state` at `now`: first the deadlines it stops are met,
  /// then the deadlines it starts begin (one already running for the same policy starts over), then
  /// deadlines pause or resume according to the new state. A supervisor acknowledging the alerts of a
  /// case (`acknowledge_escalation`) stops their repeats (later levels still fire).
  ///
  /// - Parameter startingAt: when the deadlines this event starts begin, if not `now`: a registration
  ///   recorded with an earlier registration time (受理时间) starts them then.
  public func apply(
    event: CaseAction, state: String, at now: Int64, startingAt: Int64? = nil, to deadlines: inout [CaseDeadline]
  ) {
    if event == .acknowledgeEscalation {
      for index in deadlines.indices where deadlines[index].status == .running {
        guard let policy = policy(deadlines[index].policyID),
          case .escalation(let level, let count) = deadlines[index].alarm.stage, count > 0
        else { continue }
        deadlines[index].alarm = alarm(policy, dueAt: deadlines[index].dueAt, level: level + 1, repeat: 0)
      }
      return
    }
    for index in deadlines.indices where deadlines[index].status != .met {
      guard let policy = policy(deadlines[index].policyID), policy.stop.contains(event) else { continue }
      deadlines[index].status = .met
      deadlines[index].metAt = now
      deadlines[index].alarm = DeadlineAlarm(stage: .done, nextAt: nil)
    }
    let start = min(startingAt ?? now, now)
    for policy in policies where policy.start == event {
      deadlines.removeAll { $0.policyID == policy.id && $0.status != .met }
      let (dueAt, provisional) = calendar.due(after: duration(of: policy), startingAt: start)
      deadlines.append(
        CaseDeadline(
          policyID: policy.id, startedAt: start, dueAt: dueAt, provisional: provisional,
          alarm: firstAlarm(policy, dueAt: dueAt, now: now)))
    }
    for index in deadlines.indices {
      guard let policy = policy(deadlines[index].policyID) else { continue }
      switch (deadlines[index].status, policy.pause.contains(state)) {
      case (.running, true):
        deadlines[index].status = .paused
        deadlines[index].remaining = max(0, deadlines[index].dueAt - now)
        deadlines[index].alarm = DeadlineAlarm(stage: deadlines[index].alarm.stage, nextAt: nil)
      case (.paused, false):
        deadlines[index].status = .running
        deadlines[index].dueAt = now + deadlines[index].remaining
        deadlines[index].alarm = firstAlarm(policy, dueAt: deadlines[index].dueAt, now: now)
      default:
        break
      }
    }
  }

  /// Raises the alerts due at `now`, advancing each deadline's alarm. After a pause in the broker's
  /// life (downtime), alerts that were missed fire once, not once per missed step: a pre-warning is
  /// dropped when the deadline is already overdue, and missed repeats of a level collapse into one.
  public func fire(at now: Int64, deadlines: inout [CaseDeadline]) -> [DeadlineAlert] {
    var alerts: [DeadlineAlert] = []
    for index in deadlines.indices where deadlines[index].status == .running {
      guard let policy = policy(deadlines[index].policyID) else { continue }
      while let at = deadlines[index].alarm.nextAt, at <= now {
        let deadline = deadlines[index]
        switch deadline.alarm.stage {
        case .warning:
          if now < deadline.dueAt {
            alerts.append(DeadlineAlert(policyID: policy.id, kind: .warning, dueAt: deadline.dueAt, overdueBy: 0))
          }
          deadlines[index].alarm = alarm(policy, dueAt: deadline.dueAt, level: 0, repeat: 0)
        case .escalation(let level, let count):
          let next = nextAfter(policy, dueAt: deadline.dueAt, level: level, repeat: count, firedAt: at)
          deadlines[index].alarm = next
          if case .escalation(let nextLevel, _) = next.stage, nextLevel == level, let nextAt = next.nextAt,
            nextAt <= now
          {
            continue  // a later repeat of the same level is also due: send that one only
          }
          alerts.append(
            DeadlineAlert(
              policyID: policy.id,
              kind: .escalation(level: level, repeat: count, targets: policy.ladder[level].targets),
              dueAt: deadline.dueAt, overdueBy: max(0, now - deadline.dueAt)))
        case .done:
          deadlines[index].alarm.nextAt = nil
        }
      }
    }
    return alerts
  }

  // MARK: Ladder arithmetic

  private func policy(_ id: String) -> DeadlinePolicy? { policies.first { $0.id == id } }

  private func duration(of policy: DeadlinePolicy) -> DeadlineDuration {
    drill ? (policy.drillDuration ?? policy.duration) : policy.duration
  }

  /// The offset of a ladder step (`after`, `repeat`) or a pre-warning, in ms. Steps are continuous
  /// time (a day is 24 hours): they space alerts out, the statutory counting is the due time's. In
  /// drills every non-zero step lasts a tenth of the drill duration (at least a second), so a drill
  /// runs through its whole ladder in seconds.
  private func step(_ value: DeadlineDuration, from start: Int64, policy: DeadlinePolicy) -> Int64 {
    guard value.value > 0 else { return start }
    if drill, let drillDuration = policy.drillDuration {
      return start + max(1000, drillDuration.continuousMillis / 10)
    }
    return start + value.continuousMillis
  }

  private func firstAlarm(_ policy: DeadlinePolicy, dueAt: Int64, now: Int64) -> DeadlineAlarm {
    if let warnBefore = policy.warnBefore {
      let span = step(warnBefore, from: 0, policy: policy)
      if dueAt - span > now { return DeadlineAlarm(stage: .warning, nextAt: dueAt - span) }
    }
    return alarm(policy, dueAt: dueAt, level: 0, repeat: 0)
  }

  private func alarm(_ policy: DeadlinePolicy, dueAt: Int64, level: Int, repeat count: Int) -> DeadlineAlarm {
    guard level < policy.ladder.count else { return DeadlineAlarm(stage: .done, nextAt: nil) }
    return DeadlineAlarm(
      stage: .escalation(level: level, repeat: count),
      nextAt: step(policy.ladder[level].after, from: dueAt, policy: policy))
  }

  private func nextAfter(_ policy: DeadlinePolicy, dueAt: Int64, level: Int, repeat count: Int, firedAt: Int64)
    -> DeadlineAlarm
  {
    let nextLevel = alarm(policy, dueAt: dueAt, level: level + 1, repeat: 0)
    guard let every = policy.ladder[level].repeatEvery else { return nextLevel }
    let again = step(every, from: firedAt, policy: policy)
    if let levelAt = nextLevel.nextAt, levelAt <= again { return nextLevel }
    return DeadlineAlarm(stage: .escalation(level: level, repeat: count + 1), nextAt: again)
  }
}
