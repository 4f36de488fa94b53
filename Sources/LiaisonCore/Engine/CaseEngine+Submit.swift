extension CaseEngine {
  /// Opening a case: a retry answers the original; otherwise the channel policy decides who may be
  /// addressed and copied (and adds the copies it names), the case starts in its workflow's first
  /// state with its deadlines, and the event goes to every party but the sender.
  func decideSubmit(_ command: SubmitCommand, facts: CaseFacts, now: Int64) -> CaseDecision {
    if let replay = replay(facts.prior, hash: command.requestHash, agency: command.sender, key: command.idempotencyKey)
    {
      return replay
    }
    if let missing = missingAttachment(command.attachments, facts) { return .refused(missing) }
    let grant: ChannelPolicy.Grant
    switch configuration.channels.authorize(
      channel: command.channel, direction: command.direction, sender: command.sender, addressees: command.addressees,
      copies: command.copies, directory: configuration.directory)
    {
    case .success(let granted): grant = granted
    case .failure(let error): return .refused(error)
    }
    // The store gives the case its id when it opens it: the empty id stands for it in the decision.
    let caseID = ""
    var record = CaseRecord(
      id: caseID, channel: command.channel, state: command.workflow.initialState, sender: command.sender,
      operatorName: command.operatorName, addressees: command.addressees, copies: command.copies + grant.addedCopies,
      title: command.title, drill: command.drill, confidentiality: command.confidentiality, openedAt: now,
      updatedAt: now, lastSequence: 1, workflow: command.workflow.name)
    record.rule = grant.rule
    record.autoCopies = grant.policyCopies
    let parties = record.parties
    var effects: [CaseEffect] = []
    effects.reserveCapacity(8)
    effects += [
      .openCase(record, home: nil),
      .addParties(parties.map { Party($0.0, $0.1) }),
      .appendEvent(
        EventDraft(
          caseID: caseID, place: .sequence(1), action: .submit, actor: command.sender,
          operatorName: command.operatorName, time: now, state: record.state, idempotencyKey: command.idempotencyKey,
          content: command.content, contentDigest: command.contentDigest)),
    ]
    if let key = key(command.sender, command.idempotencyKey) {
      effects.append(.rememberKey(key, requestHash: command.requestHash))
    }
    if !command.attachments.isEmpty { effects.append(.linkAttachments(command.attachments)) }
    if let deadlines = advance(
      [], of: record, through: .submit, by: command.sender, at: now, startingAt: command.deadlineStart)
    {
      effects.append(.setDeadlines(deadlines))
    }
    effects += route(
      record, parties: parties, actor: command.sender, deadlineStart: command.deadlineStart,
      attachments: command.attachments)
    return CaseDecision(.committed, effects: effects)
  }

  func key(_ agency: AgencyID, _ key: String) -> IdempotencyKey? {
    key.isEmpty ? nil : IdempotencyKey(agency: agency, key: key)
  }
}
