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

  /// Who is who in a case, for the deadlines that run per party: the acting agency and the parties
  /// of each owner role (and the directory, for policies limited to some kinds of party).
  public struct Parties: Sendable {
    /// The agency whose event it is (the acknowledging addressee of `delivered`).
    public var actor: AgencyID?
    /// The addressees.
    public var receivers: [AgencyID]
    /// The copied parties (a dispute's respondents).
    public var respondents: [AgencyID]
    /// The directory, for ``DeadlinePolicy/kinds``.
    public var directory: Directory?

    public init(actor: AgencyID?, receivers: [AgencyID], respondents: [AgencyID], directory: Directory?) {
      self.actor = actor
      self.receivers = receivers
      self.respondents = respondents
      self.directory = directory
    }

    /// Nobody known: every policy runs one clock for the case.
    public static let unknown = Parties(actor: nil, receivers: [], respondents: [], directory: nil)

    /// The parties of `policy`'s owner role (none for the sender's clocks, which are the case's).
    func roleParties(of policy: DeadlinePolicy) -> [AgencyID] {
      switch policy.owner {
      case .sender: []
      case .receiver: receivers
      case .respondent: respondents
      }
    }

    /// The parties of `policy`'s owner role it runs for (all of them when it names no kinds).
    func owners(of policy: DeadlinePolicy) -> [AgencyID] {
      let all = roleParties(of: policy)
      guard let kinds = policy.kinds, let directory else { return all }
      return all.filter { !(directory[$0]?.kinds ?? []).isDisjoint(with: kinds) }
    }
  }

  /// Applies an event that left the case in `state` at `now`: first the deadlines it stops are met,
  /// then the deadlines it starts begin (one already running for the same policy and party starts
  /// over), then deadlines pause or resume according to the new state. A supervisor acknowledging
  /// the alerts of a case (`acknowledge_escalation`) stops their repeats (later levels still fire).
  ///
  /// Per-party policies (``DeadlinePolicy/perParty``) run one clock per party of their owner role: an
  /// event of one such party starts or meets that party's clock only; an event of anyone else starts
  /// one for each of them, or meets them all. A policy limited to some ``DeadlinePolicy/kinds`` runs
  /// only when such a party is concerned.
  ///
  /// - Parameter startingAt: when the deadlines this event starts begin, if not `now`: a registration
  ///   recorded with an earlier registration time (受理时间) starts them then.
  public func apply(
    event: CaseAction, by parties: Parties = .unknown, state: String, at now: Int64, startingAt: Int64? = nil,
    to deadlines: inout [CaseDeadline]
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
      if let party = deadlines[index].party, let actor = parties.actor, actor != party,
        parties.roleParties(of: policy).contains(actor)
      {
        continue  // another party's own event does not meet this party's clock
      }
      deadlines[index].status = .met
      deadlines[index].metAt = now
      deadlines[index].alarm = DeadlineAlarm(stage: .done, nextAt: nil)
    }
    let start = min(startingAt ?? now, now)
    for policy in policies where policy.start == event {
      // A policy limited to some kinds runs per party, like a per-party one.
      let perParty = policy.perParty || (policy.kinds != nil && parties.directory != nil)
      let clockParties: [AgencyID?]
      if perParty, !parties.roleParties(of: policy).isEmpty {
        let owners = parties.owners(of: policy)
        if let actor = parties.actor, parties.roleParties(of: policy).contains(actor) {
          clockParties = owners.contains(actor) ? [actor] : []  // the party's own event
        } else {
          clockParties = owners  // an event of someone else: one clock for each party
        }
      } else {
        clockParties = [nil]
      }
      let (dueAt, provisional) = calendar.due(after: duration(of: policy), startingAt: start)
      let counting = CaseDeadline.Counting(duration(of: policy).unit)
      let length = counting == .continuous ? dueAt - start : Int64(duration(of: policy).value)
      for party in clockParties {
        deadlines.removeAll { $0.policyID == policy.id && $0.party == party && $0.status != .met }
        deadlines.append(
          CaseDeadline(
            policyID: policy.id, party: party, startedAt: start, dueAt: dueAt, provisional: provisional,
            alarm: firstAlarm(policy, dueAt: dueAt, now: now), counting: counting, runStart: start,
            runLength: length))
      }
    }
    for index in deadlines.indices {
      guard let policy = policy(deadlines[index].policyID) else { continue }
      switch (deadlines[index].status, policy.pause.contains(state)) {
      case (.running, true):
        deadlines[index].status = .paused
        deadlines[index].remaining = left(deadlines[index], at: now)
        deadlines[index].alarm = DeadlineAlarm(stage: deadlines[index].alarm.stage, nextAt: nil)
      case (.paused, false):
        resume(&deadlines[index], policy, at: now)
      default:
        break
      }
    }
  }

  /// What a deadline has left at `now`, in its own unit. Day clocks count whole days: the day of the
  /// pause is used, the start day (or the day of the last resume) is not.
  func left(_ deadline: CaseDeadline, at now: Int64) -> Int64 {
    switch deadline.counting {
    case .continuous:
      return max(0, deadline.dueAt - now)
    case .naturalDays:
      let used = ShanghaiTime.date(of: now).daysSinceEpoch - ShanghaiTime.date(of: deadline.runStart).daysSinceEpoch
      return max(0, deadline.runLength - Int64(used))
    case .workingDays:
      let used = calendar.workingDays(
        after: ShanghaiTime.date(of: deadline.runStart), through: ShanghaiTime.date(of: now))
      return max(0, deadline.runLength - Int64(used))
    }
  }

  /// Resumes a paused deadline at `now`: what it had left is counted again from `now` in its own unit
  /// on the calendar (working days stay working days; a natural-day period that ends on a rest day
  /// rolls forward again).
  private func resume(_ deadline: inout CaseDeadline, _ policy: DeadlinePolicy, at now: Int64) {
    deadline.status = .running
    deadline.runStart = now
    deadline.runLength = deadline.remaining
    switch deadline.counting {
    case .continuous:
      deadline.dueAt = now + deadline.remaining
    case .naturalDays, .workingDays:
      let unit: DeadlineDuration.Unit = deadline.counting == .naturalDays ? .naturalDays : .workingDays
      let (dueAt, provisional) = calendar.due(
        after: DeadlineDuration(Int(deadline.remaining), unit), startingAt: now)
      deadline.dueAt = dueAt
      deadline.provisional = provisional
    }
    deadline.alarm = firstAlarm(policy, dueAt: deadline.dueAt, now: now)
  }

  /// Counts the running day clocks whose due time was provisional again on the calendar (after an
  /// official schedule was added): the same start and length, the official rest days and make-up
  /// days. A clock whose first alert is still to come gets its alarm again from the new due time;
  /// one that has escalated keeps its ladder. Returns whether anything changed.
  @discardableResult
  public func recompute(at now: Int64, deadlines: inout [CaseDeadline]) -> Bool {
    var changed = false
    for index in deadlines.indices
    where deadlines[index].status == .running && deadlines[index].provisional
      && deadlines[index].counting != .continuous
    {
      let deadline = deadlines[index]
      guard let policy = policy(deadline.policyID) else { continue }
      let unit: DeadlineDuration.Unit = deadline.counting == .naturalDays ? .naturalDays : .workingDays
      let (dueAt, provisional) = calendar.due(
        after: DeadlineDuration(Int(deadline.runLength), unit), startingAt: deadline.runStart)
      guard dueAt != deadline.dueAt || provisional != deadline.provisional else { continue }
      deadlines[index].dueAt = dueAt
      deadlines[index].provisional = provisional
      let notYetAlerted: Bool =
        switch deadline.alarm.stage {
        case .warning: true
        case .escalation(let level, let count): level == 0 && count == 0
        case .done: false
        }
      if notYetAlerted { deadlines[index].alarm = firstAlarm(policy, dueAt: dueAt, now: now) }
      changed = true
    }
    return changed
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
            alerts.append(
              DeadlineAlert(
                policyID: policy.id, kind: .warning, dueAt: deadline.dueAt, overdueBy: 0, party: deadline.party))
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
              dueAt: deadline.dueAt, overdueBy: max(0, now - deadline.dueAt), party: deadline.party))
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
