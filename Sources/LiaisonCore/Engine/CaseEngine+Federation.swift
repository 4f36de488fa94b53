extension CaseEngine {
  /// An event of a case homed at `peer`: checked (the peer is the case's home, the case has a party
  /// here, the recipients are among them, the place in the case's order is free or holds this very
  /// event), then stored as the home sequenced it, with the same deadlines at the same times, and
  /// delivered to its recipients here.
  func decideReplica(_ replica: ReplicaCommand, from peer: String, facts: CaseFacts) -> CaseDecision {
    var incoming = replica.caseRecord
    let event = replica.event
    guard incoming.id.prefix(while: { $0 != "." }) == peer, event.caseID == incoming.id else {
      return .refused(
        LiaisonError(
          .federationRefused,
          "broker \(peer) sent an event of case \(incoming.id), which is not homed in region \(peer)"))
    }
    let localParties = incoming.parties.filter { $0.0.region == configuration.region }
    guard !localParties.isEmpty else {
      return .refused(
        LiaisonError(.federationRefused, "case \(incoming.id) has no party in region \(configuration.region)"))
    }
    guard replica.recipients.allSatisfy({ recipient in localParties.contains { $0.0 == recipient.agency } }) else {
      return .refused(
        LiaisonError(.federationRefused, "an event of case \(incoming.id) names recipients that are not its parties"))
    }
    var effects: [CaseEffect] = []
    let deadlinesBefore: [CaseDeadline]
    if let loaded = facts.loaded {
      if let before = facts.eventAtSequence {
        // The same place in the case's order holding another event: the home's history is not the
        // one applied here (it was restored from an older backup). Refused, loudly, never merged.
        guard before.id == event.id, before.action == event.action, before.time == event.time,
          before.content == event.content
        else {
          return .refused(
            LiaisonError(
              .federationRefused,
              "case \(incoming.id) #\(event.sequence) is \(event.id) (\(event.action)) at broker \(peer) but \(before.id) (\(before.action)) here: the home's history diverged from the one applied here (restored from an older backup?); reconcile by hand"
            ))
        }
        // Applied before: the answer is the stored event.
        return CaseDecision(
          .replayed(PriorRequest(requestHash: [], event: before, caseRecord: loaded.record)))
      }
      incoming.supervisors = loaded.record.supervisors
      incoming.updatedAt = max(loaded.record.updatedAt, event.time)
      incoming.lastSequence = max(loaded.record.lastSequence, event.sequence)
      effects.append(.updateCase(incoming))
      deadlinesBefore = loaded.deadlines
    } else {
      incoming.updatedAt = event.time
      incoming.lastSequence = event.sequence
      effects.append(.openCase(incoming, home: peer))
      deadlinesBefore = []
    }
    effects.append(.addParties(localParties.map { Party($0.0, $0.1) }))
    effects.append(
      .appendEvent(
        EventDraft(
          id: event.id, caseID: incoming.id, place: .sequence(event.sequence), action: event.action,
          actor: event.actor, operatorName: event.operatorName, time: event.time, state: event.state,
          idempotencyKey: event.idempotencyKey, content: event.content, signature: event.signature)))
    // The same deadlines as at the home broker: the same events at the same times.
    var state = incoming
    state.state = event.state
    if let deadlines = advance(
      deadlinesBefore, of: state, through: event.action, by: event.actor, at: event.time,
      startingAt: replica.deadlineStart)
    {
      effects.append(.setDeadlines(deadlines))
    }
    if !replica.attachments.isEmpty { effects.append(.linkAttachments(replica.attachments)) }
    if !replica.recipients.isEmpty { effects.append(.deliver(replica.recipients)) }
    return CaseDecision(.committed, effects: effects)
  }

  /// An action of `peer`'s agency on a case homed here, decided as if the agency had called this
  /// broker at the time it took it; a refusal is queued back to the peer, and a retry the peer sent
  /// again (it lost the answer) sends the event back so the actor learns it.
  func decidePeerAction(_ command: ActCommand, from peer: String, facts: CaseFacts, now: Int64) -> CaseDecision {
    var decision: CaseDecision
    if home(ofCase: command.caseID) != nil {
      decision = .refused(
        LiaisonError(.caseNotFound, "case \(command.caseID) is not homed in region \(configuration.region)"))
    } else {
      decision = decideAct(command, facts: facts, now: now)
    }
    switch decision.outcome {
    case .refused(let error):
      decision.effects = [
        .queue(
          peer: peer,
          .refusal(
            ForwardedRefusal(
              caseID: command.caseID, actor: command.actor, action: command.action,
              idempotencyKey: command.idempotencyKey, takenAt: command.takenAt ?? now, code: error.code.rawValue,
              message: error.message)))
      ]
    case .replayed(let prior):
      decision.effects = [
        .queueEvent(peer: peer, recipients: [], deadlineStart: nil, attachments: [], seq: prior.event.seq)
      ]
    case .committed, .forwarded, .recorded:
      break
    }
    return decision
  }

  /// The home broker's refusal of an action this broker forwarded: a notice to the actor, outside
  /// the case's order.
  func decidePeerRefusal(_ refusal: ForwardedRefusal, content: [UInt8], facts: CaseFacts, now: Int64) -> CaseDecision {
    guard let record = facts.loaded?.record, let role = record.role(of: refusal.actor) else {
      return CaseDecision(.recorded)
    }
    return CaseDecision(
      .committed,
      effects: [
        .appendEvent(
          EventDraft(
            caseID: record.id, place: .outsideOrder, action: .refused, actor: refusal.actor, operatorName: nil,
            time: now, state: record.state, content: content)),
        .deliver([Party(refusal.actor, role)]),
      ])
  }

  /// An agency of a peer region acknowledged the delivery of a case homed here: its receipt
  /// deadlines start at that time, as they would have had it acknowledged here.
  func decideDeliveryNotice(_ notice: DeliveryNotice, facts: CaseFacts) -> CaseDecision {
    guard home(ofCase: notice.caseID) == nil, let loaded = facts.loaded else {
      return .refused(
        LiaisonError(
          .federationRefused, "case \(notice.caseID) is not homed in region \(configuration.region)"))
    }
    guard
      let deadlines = advance(
        loaded.deadlines, of: loaded.record, through: .delivered, by: notice.agency, at: notice.deliveredAt)
    else { return CaseDecision(.recorded) }
    return CaseDecision(.recorded, effects: [.setDeadlines(deadlines)])
  }
}
