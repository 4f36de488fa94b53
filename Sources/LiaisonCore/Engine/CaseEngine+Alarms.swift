extension CaseEngine {
  /// A subscriber's acknowledgement of a delivery, the first one counting (a repeated one changes
  /// nothing): the delivery is acknowledged, and when it is the case's delivery to a receiver, its
  /// receipt deadlines start at that time, here and, for a case homed at a peer, at the home (a
  /// delivery notice).
  func decideAcknowledgement(_ ack: Acknowledgement, facts: CaseFacts) -> CaseDecision {
    guard facts.deliveryPending else { return CaseDecision(.recorded) }
    var effects: [CaseEffect] = [.markAcknowledged(ack)]
    guard countsAsDelivery(ack), let loaded = facts.loaded else { return CaseDecision(.recorded, effects: effects) }
    if let homeRegion = home(ofCase: ack.caseID) {
      effects.append(
        .queue(
          peer: homeRegion, .delivered(DeliveryNotice(caseID: ack.caseID, agency: ack.agency, deliveredAt: ack.at)))
      )
    }
    if let deadlines = advance(loaded.deadlines, of: loaded.record, through: .delivered, by: ack.agency, at: ack.at) {
      effects.append(.setDeadlines(deadlines))
    }
    return CaseDecision(.recorded, effects: effects)
  }

  /// The alarms of a case due at `now`: its deadlines advance, and each alert becomes an event —
  /// `warn` to the parties, `escalate` to the supervisors its level names (who join the case as
  /// supervisors; a party named keeps its role) and to the parties. Each broker alerts the parties
  /// and supervisors of its own region only; on a replica of a case homed elsewhere an alert is a
  /// notice outside the case's order.
  func decideAlarm(facts: CaseFacts, now: Int64) -> CaseDecision {
    guard let rules = configuration.deadlines, let loaded = facts.loaded else { return CaseDecision(.recorded) }
    var record = loaded.record
    var deadlines = loaded.deadlines
    let alerts = rules.planner(for: record.workflow, drill: record.drill).fire(at: now, deadlines: &deadlines)
    var effects: [CaseEffect] = deadlines == loaded.deadlines ? [] : [.setDeadlines(deadlines)]
    let replica = home(ofCase: record.id) != nil
    let resolver = EscalationResolver(directory: configuration.directory)
    for alert in alerts {
      var supervisors: [AgencyID] = []
      if case .escalation(_, _, let targets) = alert.kind {
        // A per-party clock's `receiver` is its own addressee; `party` is the clock's party (its
        // owner when the clock is the case's).
        let owner = rules.policies[alert.policyID]?.owner
        let receiver = (owner == .receiver ? alert.party : nil) ?? record.addressees.first ?? record.sender
        let party = alert.party ?? (owner == .sender ? record.sender : receiver)
        supervisors = resolver.resolve(targets, sender: record.sender, receiver: receiver, party: party).filter(isLocal)
        let joining = supervisors.filter { !record.supervisors.contains($0) }
        let newcomers = joining.filter { record.role(of: $0) == nil }
        if !newcomers.isEmpty { effects.append(.addParties(newcomers.map { Party($0, .supervisor) })) }
        record.supervisors += joining
      }
      if !replica { record.lastSequence += 1 }
      record.updatedAt = now
      effects.append(.updateCase(record))
      let isWarning = alert.kind == .warning
      effects.append(
        .appendEvent(
          EventDraft(
            caseID: record.id, place: replica ? .outsideOrder : .sequence(record.lastSequence),
            action: isWarning ? .warn : .escalate, actor: brokerActor, operatorName: nil, time: now,
            state: record.state,
            content: configuration.notices.escalation(
              alert, supervisors: supervisors, policy: rules.policies[alert.policyID], drill: record.drill))))
      let recipients = record.parties.filter { agency, role in
        isLocal(agency) && (role != .supervisor || (!isWarning && supervisors.contains(agency)))
      }
      if !recipients.isEmpty { effects.append(.deliver(recipients.map { Party($0.0, $0.1) })) }
    }
    return CaseDecision(alerts.isEmpty ? .recorded : .committed, effects: effects)
  }

  /// The case's provisional deadlines counted again on the calendar in force (one was added).
  func decideRecount(facts: CaseFacts, now: Int64) -> CaseDecision {
    guard let rules = configuration.deadlines, let loaded = facts.loaded else { return CaseDecision(.recorded) }
    var deadlines = loaded.deadlines
    guard
      rules.planner(for: loaded.record.workflow, drill: loaded.record.drill).recompute(at: now, deadlines: &deadlines)
    else { return CaseDecision(.recorded) }
    return CaseDecision(.recorded, effects: [.setDeadlines(deadlines)])
  }
}
