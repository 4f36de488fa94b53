/// The broker's decisions, in one pure value: given one ``CaseCommand`` and the ``CaseFacts`` it
/// asked for, ``decide(_:facts:now:)`` returns a ``CaseDecision`` — a refusal that names the field
/// and the rule, or the ordered effects to apply (append this event at this place, set the state,
/// add these parties, deliver to these agencies, queue these items for these peer regions, set these
/// deadlines, remember this key). Every rule of the commit lives here: idempotency outcomes,
/// authorization of submissions, workflow transitions, routing to local agencies and peer regions,
/// replica sequencing and peer checks, deadlines, supervisors joining a case, and which
/// acknowledgement counts as a delivery. No SQL, no wire encoding, no threads.
///
/// A store runs it inside its transaction (``CaseTransaction``): it loads ``facts(for:)``, asks for the
/// decision, applies the effects.
public struct CaseEngine: Sendable {
  /// What the engine knows besides the facts of a command. Replaced as a whole on reload.
  public struct Configuration: Sendable {
    /// This broker's region: the home of the cases it opens, the prefix of its ids.
    public var region: String
    /// Regions served by peer brokers: their agencies' events go to the peer's queue.
    public var peers: Set<String>
    /// The directory in force.
    public var directory: Directory
    /// Who may open which channel towards whom.
    public var channels: ChannelPolicy
    /// Deadline policies and the calendar; `nil` runs no deadlines.
    public var deadlines: DeadlineRules?
    /// The content of the events the broker raises.
    public var notices: any NoticeEncoder

    public init(
      region: String, peers: Set<String> = [], directory: Directory, channels: ChannelPolicy,
      deadlines: DeadlineRules?, notices: any NoticeEncoder
    ) {
      self.region = region
      self.peers = peers.subtracting([region])
      self.directory = directory
      self.channels = channels
      self.deadlines = deadlines
      self.notices = notices
    }
  }

  /// The configuration in force.
  public let configuration: Configuration

  public init(_ configuration: Configuration) {
    self.configuration = configuration
  }

  /// The agency in whose name the broker raises events: `<region>.liaison`.
  public var brokerActor: AgencyID { AgencyID("\(configuration.region).liaison") ?? AgencyID("tj.liaison")! }

  /// The peer region homing a case, from its id; `nil` for this broker's own cases (and cases of
  /// regions without a peer, which this broker serves).
  public func home(ofCase caseID: String) -> String? {
    let home = String(caseID.prefix { $0 != "." })
    return home != configuration.region && configuration.peers.contains(home) ? home : nil
  }

  /// True when the agency is served by this broker.
  public func isLocal(_ agency: AgencyID) -> Bool {
    configuration.peers.isEmpty || !configuration.peers.contains(agency.region)
  }

  // MARK: Facts

  /// What the store must load before ``decide(_:facts:now:)``.
  public func facts(for command: CaseCommand) -> FactRequest {
    switch command {
    case .submit(let submit):
      return FactRequest(
        key: key(submit.sender, submit.idempotencyKey), requestHash: submit.requestHash, attachments: submit.attachments
      )
    case .act(let act), .peerAction(let act, _):
      return FactRequest(
        caseID: act.caseID, key: key(act.actor, act.idempotencyKey), requestHash: act.requestHash,
        attachments: act.attachments)
    case .acknowledged(let ack):
      var request = FactRequest(caseID: countsAsDelivery(ack) ? ack.caseID : nil, delivery: ack.id)
      request.acknowledgedAt = ack.at
      request.attempts = ack.attempts
      return request
    case .alarm(let caseID), .recountDeadlines(let caseID):
      return FactRequest(caseID: caseID)
    case .replica(let replica, _):
      return FactRequest(caseID: replica.caseRecord.id, sequence: replica.event.sequence)
    case .invalidPeerAction:
      return FactRequest()
    case .peerRefusal(let refusal, _, _):
      return FactRequest(caseID: refusal.caseID)
    case .deliveryNotice(let notice, _):
      return FactRequest(caseID: notice.caseID)
    }
  }

  /// Whether an acknowledgement is the transport delivery of the case to a receiver, the
  /// `delivered` event that starts its receipt deadlines: an addressee acknowledging the case's
  /// `submit` or a `forward` to it.
  public func countsAsDelivery(_ ack: Acknowledgement) -> Bool {
    ack.role == .addressee && (ack.action == .submit || ack.action == .forward)
  }

  /// The actions `agency` may take on `record` now: the workflow's table for its role and the
  /// case's state, narrowed by the channel policy's action rules (what ``decide(_:facts:now:)``
  /// would allow, given the right body).
  public func allowedActions(for agency: AgencyID, on record: CaseRecord) -> [CaseAction] {
    guard let machine = try? CaseStateMachine(record) else { return [] }
    return machine.allowedActions(for: agency).filter {
      configuration.channels.authorizeAction($0, by: agency, on: record, directory: configuration.directory) == nil
    }
  }

  // MARK: Decisions

  /// Decides `command` from `facts` at `now` (ms since the epoch).
  public func decide(_ command: CaseCommand, facts: CaseFacts, now: Int64) -> CaseDecision {
    switch command {
    case .submit(let submit): return decideSubmit(submit, facts: facts, now: now)
    case .act(let act): return decideAct(act, facts: facts, now: now)
    case .acknowledged(let ack): return decideAcknowledgement(ack, facts: facts)
    case .alarm: return decideAlarm(facts: facts, now: now)
    case .replica(let replica, let peer): return decideReplica(replica, from: peer, facts: facts)
    case .peerAction(let act, let peer): return decidePeerAction(act, from: peer, facts: facts, now: now)
    case .invalidPeerAction(let refusal, let peer):
      return CaseDecision(.recorded, effects: [.queue(peer: peer, .refusal(refusal))])
    case .peerRefusal(let refusal, let content, _):
      return decidePeerRefusal(refusal, content: content, facts: facts, now: now)
    case .deliveryNotice(let notice, _): return decideDeliveryNotice(notice, facts: facts)
    case .recountDeadlines: return decideRecount(facts: facts, now: now)
    }
  }

  /// The earlier result of a key, or a conflict when the key named another request; `nil` when new.
  func replay(_ prior: PriorRequest?, hash: [UInt8], agency: AgencyID, key: String) -> CaseDecision? {
    guard let prior else { return nil }
    guard prior.requestHash == hash else {
      return .refused(
        LiaisonError(
          .idempotencyConflict,
          "idempotency key '\(key)' was already used by \(agency) for a different request; use a new key for a new request",
          field: "idempotency_key"))
    }
    return CaseDecision(.replayed(prior))
  }

  /// The refusal for the first attachment not uploaded, if any.
  func missingAttachment(_ digests: [String], _ facts: CaseFacts) -> LiaisonError? {
    guard let index = digests.firstIndex(where: facts.missingAttachments.contains) else { return nil }
    return LiaisonError(
      .attachmentNotFound, "attachment \(digests[index]) has not been uploaded; upload it with PutAttachment first",
      field: "attachments[\(index)].sha256")
  }

  // MARK: Routing

  /// Sends an event of a case homed here on its way: a delivery to each party of this region but the
  /// actor, and one queued item per peer region holding a party, naming its recipients (the actor of
  /// an action forwarded from a peer receives its own event there, as the confirmation).
  func route(
    _ record: CaseRecord, parties: [(AgencyID, PartyRole)]? = nil, actor: AgencyID, deadlineStart: Int64?,
    attachments: [String]
  ) -> [CaseEffect] {
    var local: [Party] = []
    var remote: [String: [Party]] = [:]
    for (agency, role) in parties ?? record.parties {
      if !isLocal(agency) {
        remote[agency.region, default: []].append(Party(agency, role))
      } else if agency != actor {
        local.append(Party(agency, role))
      }
    }
    var effects: [CaseEffect] = local.isEmpty ? [] : [.deliver(local)]
    for (peer, recipients) in remote.sorted(by: { $0.key < $1.key }) {
      effects.append(
        .queueEvent(peer: peer, recipients: recipients, deadlineStart: deadlineStart, attachments: attachments))
    }
    return effects
  }

  /// The peer regions in which the case has a party.
  func partyRegions(_ record: CaseRecord) -> Set<String> {
    Set(record.parties.map(\.0.region)).intersection(configuration.peers)
  }

  // MARK: Deadlines

  /// The case's deadlines after `event` (which left it in `record.state`) at `time`; `nil` when they
  /// do not change. A stated start (a registration time) is never earlier than the deadlines already
  /// running (the receipt), nor later than `time`.
  func advance(
    _ deadlines: [CaseDeadline], of record: CaseRecord, through event: CaseAction, by actor: AgencyID, at time: Int64,
    startingAt: Int64? = nil
  ) -> [CaseDeadline]? {
    guard let rules = configuration.deadlines else { return nil }
    if deadlines.isEmpty, !rules.starts(event, in: record.workflow) { return nil }
    var after = deadlines
    let earliest = deadlines.map(\.startedAt).max()
    let start = startingAt.map { max($0, earliest ?? $0) }
    let parties = DeadlinePlanner.Parties(
      actor: actor, receivers: record.addressees, respondents: record.copies, directory: configuration.directory)
    rules.planner(for: record.workflow, drill: record.drill).apply(
      event: event, by: parties, state: record.state, at: time, startingAt: start, to: &after)
    return after == deadlines ? nil : after
  }
}
