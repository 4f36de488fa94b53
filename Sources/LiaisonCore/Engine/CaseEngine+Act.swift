extension CaseEngine {
  /// An agency's action. On a case homed here: the workflow decides, the case moves, the event goes
  /// to every party but the actor (and to peer regions with parties; a region that joins first
  /// receives the history). On a replica of a case homed at a peer: the action is queued for the
  /// home, except a supervisor's acknowledgement of this broker's own escalations, which is a notice
  /// outside the case's order.
  func decideAct(_ command: ActCommand, facts: CaseFacts, now: Int64) -> CaseDecision {
    if let replay = replay(facts.prior, hash: command.requestHash, agency: command.actor, key: command.idempotencyKey) {
      return replay
    }
    let notFound = LiaisonError.caseNotFound(command.caseID, for: command.actor)
    guard let loaded = facts.loaded else { return .refused(notFound) }
    let homeRegion = home(ofCase: command.caseID)
    if let homeRegion, command.action != .acknowledgeEscalation {
      guard loaded.record.role(of: command.actor) != nil else {
        return .refused(notFound)
      }
      guard let payload = command.forwardedPayload else {
        return .refused(LiaisonError(.internalError, "an action on case \(command.caseID) has no forwarded form"))
      }
      return CaseDecision(.forwarded, effects: [.queue(peer: homeRegion, .action(payload))])
    }
    let replica = homeRegion != nil
    // A forwarded action keeps the time the agency took it.
    let time = command.takenAt ?? now
    var machine: CaseStateMachine
    let transition: CaseStateMachine.Transition
    do {
      machine = try CaseStateMachine(loaded.record)
      transition = try machine.apply(
        command.action, by: command.actor, body: command.body, forwardTo: command.forwardTo)
    } catch {
      return .refused(error)
    }
    let policy = configuration.channels
    if let refusal = policy.authorizeAction(
      command.action, by: command.actor, on: loaded.record, directory: configuration.directory)
    {
      return .refused(refusal)
    }
    var record = machine.record
    var autoCopied: [AgencyID] = []
    if let destination = transition.newAddressee {
      // A forward is checked like a new addressing under the case's rule, whose automatic copies
      // follow the new receiver (the new police unit's procuratorate).
      switch policy.authorizeForward(
        of: loaded.record, by: command.actor, to: destination, directory: configuration.directory)
      {
      case .failure(let error): return .refused(error)
      case .success(let grant):
        autoCopied = grant.addedCopies.filter { record.role(of: $0) == nil }
        record.copies += autoCopied
        record.autoCopies = grant.policyCopies
      }
    }
    if let missing = missingAttachment(command.attachments, facts) { return .refused(missing) }
    var effects: [CaseEffect] = []
    // A peer region that joins the case (a forward) first receives the case's history.
    for peer in partyRegions(record).subtracting(partyRegions(loaded.record)).sorted() {
      effects.append(.queueHistory(peer: peer))
    }
    var joined: [Party] = []
    if let agency = transition.newAddressee { joined.append(Party(agency, .addressee)) }
    if let agency = transition.newCopy { joined.append(Party(agency, .copy)) }
    joined += autoCopied.map { Party($0, .copy) }
    if !joined.isEmpty { effects.append(.addParties(joined)) }
    if !replica { record.lastSequence += 1 }
    record.updatedAt = max(record.updatedAt, time)
    effects.append(.updateCase(record))
    effects.append(
      .appendEvent(
        EventDraft(
          caseID: record.id, place: replica ? .outsideOrder : .sequence(record.lastSequence), action: command.action,
          actor: command.actor, operatorName: command.operatorName, time: time, state: record.state,
          idempotencyKey: command.idempotencyKey, content: command.content, contentDigest: command.contentDigest,
          signature: command.signature)))
    if let key = key(command.actor, command.idempotencyKey) {
      effects.append(.rememberKey(key, requestHash: command.requestHash))
    }
    if !command.attachments.isEmpty { effects.append(.linkAttachments(command.attachments)) }
    if let deadlines = advance(
      loaded.deadlines, of: record, through: command.action, by: command.actor, at: time,
      startingAt: command.registeredAt)
    {
      effects.append(.setDeadlines(deadlines))
    }
    if replica {
      let local = record.parties.filter { isLocal($0.0) && $0.0 != command.actor }.map { Party($0.0, $0.1) }
      if !local.isEmpty { effects.append(.deliver(local)) }
    } else {
      effects += route(
        record, actor: command.actor, deadlineStart: command.registeredAt, attachments: command.attachments)
    }
    return CaseDecision(.committed, effects: effects)
  }
}
