import LiaisonCore
import LiaisonTesting
import Testing

/// The engine alone: commands and facts in, decisions out, compared with `==`, with a manual clock
/// and no I/O. Multi-step scenarios keep the facts in ``Ledger``, which applies effects the way a
/// store must.
@Suite("Case engine")
struct CaseEngineTests {
  static let now: Int64 = ShanghaiTime.instant(Fixtures.date("2026-03-02"), hour: 9)
  static let hour: Int64 = 3_600_000
  static let day: Int64 = 86_400_000

  static func agency(_ raw: String) -> AgencyID { Fixtures.agency(raw) }

  // MARK: Submissions

  @Test(
    "a referral opens a case (the store gives the id), appends its first event, remembers the key and delivers to every party but the sender"
  )
  func referral() throws {
    let engine = try Fixtures.engine()
    let command = Commands.referral(copies: ["tj.hp.sfj"], key: "k1")
    let decision = engine.decide(command, facts: CaseFacts(), now: Self.now)
    var record = CaseRecord(
      id: "", channel: .referral, state: "sent", sender: Self.agency("tj.scjg"), operatorName: nil,
      addressees: [Self.agency("tj.hp.scjg")], copies: [Self.agency("tj.hp.sfj")], title: "无照经营", drill: false,
      confidentiality: 2, openedAt: Self.now, updatedAt: Self.now, lastSequence: 1, workflow: "referral")
    record.rule = "referral.between_departments"
    #expect(
      decision
        == CaseDecision(
          .committed,
          effects: [
            .openCase(record, home: nil),
            .addParties([
              Party(Self.agency("tj.scjg"), .sender), Party(Self.agency("tj.hp.scjg"), .addressee),
              Party(Self.agency("tj.hp.sfj"), .copy),
            ]),
            .appendEvent(
              EventDraft(
                caseID: "", place: .sequence(1), action: .submit, actor: Self.agency("tj.scjg"), operatorName: nil,
                time: Self.now, state: "sent", idempotencyKey: "k1", content: [1, 2, 3])),
            .rememberKey(IdempotencyKey(agency: Self.agency("tj.scjg"), key: "k1"), requestHash: [1]),
            .deliver([Party(Self.agency("tj.hp.scjg"), .addressee), Party(Self.agency("tj.hp.sfj"), .copy)]),
          ]))
  }

  @Test(
    "the channel policy refuses what it does not allow, naming the rule and the field",
    arguments: [
      (Commands.referral(to: ["tj.jcy"]), "rule referral.between_departments", "envelope.addressees[0]"),
      (Commands.criminalTransfer(to: "tj.hp.sthj"), "rule criminal_transfer.forward", "envelope.addressees[0]"),
      (Commands.referral(from: "tj.jwjw"), "rule default-deny", "envelope.channel"),
    ])
  func refusedSubmission(command: CaseCommand, rule: String, field: String) throws {
    let decision = try Fixtures.engine().decide(command, facts: CaseFacts(), now: Self.now)
    let refusal = try #require(decision.refusal)
    #expect(refusal.code == .notAuthorized)
    #expect(refusal.message.hasPrefix(rule), "\(refusal.message)")
    #expect(refusal.fieldPath == field)
    #expect(decision.effects.isEmpty, "a refusal changes nothing")
  }

  @Test("a retry is answered with the original event; the same key for another request is a conflict")
  func idempotency() throws {
    let engine = try Fixtures.engine()
    var ledger = Ledger(engine: engine, now: Self.now)
    let first = try ledger.run(Commands.referral(key: "k", hash: [1]))
    #expect(first.outcome == .committed)
    let retry = try ledger.run(Commands.referral(key: "k", hash: [1]))
    guard case .replayed(let prior) = retry.outcome else {
      Issue.record("expected a replay, got \(retry.outcome)")
      return
    }
    #expect(prior.event.id == first.committed[0].event.id)
    #expect(retry.committed.isEmpty)
    let conflict = try ledger.run(Commands.referral(key: "k", hash: [2]))
    #expect(conflict.answer.failure?.code == .idempotencyConflict)
    #expect(try ledger.run(Commands.referral(from: "tj.sthj", key: "k", hash: [2])).outcome == .committed)
  }

  @Test(
    "a submission decided before its transaction is applied as decided when the facts are as presumed, and decided again on the facts when they are not"
  )
  func earlyDecision() throws {
    let engine = try Fixtures.engine()
    let command = Commands.referral(key: "k", hash: [1])
    let accepted = Self.now - Self.hour
    let early = try #require(engine.decideEarly([command], now: accepted)[0])
    #expect(early.facts == CaseFacts(), "a new key, nothing missing")
    #expect(early.decision == engine.decide(command, facts: CaseFacts(), now: accepted))
    #expect(
      engine.decideEarly([.alarm(caseID: "tj.c1"), .recountDeadlines(caseID: "tj.c1")], now: accepted) == [nil, nil])
    var ledger = Ledger(engine: engine, now: Self.now)
    let first = try engine.run(command, early: early, in: &ledger, now: Self.now)
    #expect(first.outcome == .committed)
    #expect(first.committed.first?.event.time == accepted, "the early decision, taken when the store accepted it")
    // The same early decision for a retry: the loaded facts name a prior, so the engine decides again.
    let retry = try engine.run(command, early: early, in: &ledger, now: Self.now)
    guard case .replayed(let prior) = retry.outcome else {
      Issue.record("expected a replay, got \(retry.outcome)")
      return
    }
    #expect(prior.event.id == first.committed.first?.event.id)
    #expect(retry.committed.isEmpty)
    #expect(ledger.events.count == 1)
  }

  @Test("a criminal transfer copies the police's procuratorate and starts its delivery deadline at the approval")
  func criminalTransfer() throws {
    let engine = try Fixtures.engine()
    let approvedAt = Self.now - 2 * Self.hour
    let decision = engine.decide(
      Commands.criminalTransfer(approvedAt: approvedAt), facts: CaseFacts(), now: Self.now)
    guard case .openCase(let record, _) = decision.effects.first else {
      Issue.record("no case opened: \(decision)")
      return
    }
    #expect(record.copies == [Self.agency("tj.hp.jcy")])
    let deadlines = decision.effects.compactMap { effect -> [CaseDeadline]? in
      if case .setDeadlines(let list) = effect { return list }
      return nil
    }
    #expect(deadlines.first?.map(\.policyID) == ["crim.deliver"])
    #expect(deadlines.first?.first?.startedAt == approvedAt)
    #expect(deadlines.first?.first?.dueAt == approvedAt + 24 * Self.hour)
  }

  // MARK: A workflow, step by step

  /// One step of a scenario: who does what, what the case's state is after, and who receives it.
  struct Step: Sendable, CustomStringConvertible {
    var actor: String
    var action: CaseAction
    var state: String
    var receivers: [String]
    var description: String { "\(actor) \(action)" }
  }

  static let transferSteps: [Step] = [
    Step(actor: "tj.hp.gafj", action: "receipt", state: "receipted", receivers: ["tj.hp.scjg", "tj.hp.jcy"]),
    Step(
      actor: "tj.hp.gafj", action: "request_supplement", state: "supplement_requested",
      receivers: ["tj.hp.scjg", "tj.hp.jcy"]),
    Step(actor: "tj.hp.scjg", action: "supplement", state: "receipted", receivers: ["tj.hp.gafj", "tj.hp.jcy"]),
    Step(actor: "tj.hp.gafj", action: "not_file", state: "not_filed", receivers: ["tj.hp.scjg", "tj.hp.jcy"]),
    Step(
      actor: "tj.hp.scjg", action: "suggest_supervision", state: "supervision_suggested",
      receivers: ["tj.hp.gafj", "tj.hp.jcy"]),
    Step(
      actor: "tj.hp.jcy", action: "request_explanation", state: "explanation_requested",
      receivers: ["tj.hp.scjg", "tj.hp.gafj"]),
    Step(actor: "tj.hp.gafj", action: "explain", state: "under_review", receivers: ["tj.hp.scjg", "tj.hp.jcy"]),
    Step(actor: "tj.hp.jcy", action: "order_filing", state: "filing_ordered", receivers: ["tj.hp.scjg", "tj.hp.gafj"]),
    Step(actor: "tj.hp.gafj", action: "file", state: "filed", receivers: ["tj.hp.scjg", "tj.hp.jcy"]),
    Step(actor: "tj.hp.scjg", action: "hand_over", state: "handed_over", receivers: ["tj.hp.gafj", "tj.hp.jcy"]),
    Step(actor: "tj.hp.gafj", action: "conclude", state: "closed", receivers: ["tj.hp.scjg", "tj.hp.jcy"]),
  ]

  @Test("a criminal transfer through its workflow: each action moves the case and reaches every other party in order")
  func transferWorkflow() throws {
    var ledger = Ledger(engine: try Fixtures.engine(), now: Self.now)
    _ = try ledger.run(Commands.criminalTransfer(approvedAt: Self.now))
    for (index, step) in Self.transferSteps.enumerated() {
      ledger.now += Self.hour
      let result = try ledger.run(
        .act(Commands.act("tj.c1", by: step.actor, step.action, workflow: .criminalTransfer)))
      let event = try #require(result.committed.first, "\(step): \(result.outcome)")
      #expect(event.event.sequence == Int64(index + 2), "\(step)")
      #expect(event.caseRecord.state == step.state, "\(step)")
      #expect(event.deliveries.map(\.agency.rawValue) == step.receivers, "\(step)")
    }
    let late = try ledger.run(.act(Commands.act("tj.c1", by: "tj.hp.gafj", "file", workflow: .criminalTransfer)))
    #expect(late.answer.failure?.code == .actionNotAllowed)
    #expect(late.committed.isEmpty)
  }

  @Test("an acknowledgement by the addressee starts the receipt deadline; one by a copy or a repeat does not")
  func acknowledgements() throws {
    let engine = try Fixtures.engine()
    var ledger = Ledger(engine: engine, now: Self.now)
    let opened = try ledger.run(Commands.referral(copies: ["tj.hp.sfj"]))
    let (addressee, copy) = (opened.committed[0].deliveries[0], opened.committed[0].deliveries[1])
    func ack(_ delivery: DeliveryRecord, at: Int64) -> CaseCommand {
      .acknowledged(
        Acknowledgement(
          id: delivery.id, attempts: 1, at: at, agency: delivery.agency, caseID: delivery.caseID, role: delivery.role,
          action: .submit))
    }
    let byCopy = engine.decide(ack(copy, at: Self.now + 5), facts: ledger.facts(for: ack(copy, at: 0)), now: Self.now)
    #expect(byCopy.effects == [.markAcknowledged(ack(copy, at: Self.now + 5).acknowledgement!)])
    _ = try ledger.run(ack(addressee, at: Self.now + 1000))
    let receipt = try #require(ledger.deadlines["tj.c1"]?.first)
    #expect(receipt.policyID == "ref.receipt")
    #expect(receipt.startedAt == Self.now + 1000)
    let repeated = engine.decide(
      ack(addressee, at: Self.now + 9000), facts: ledger.facts(for: ack(addressee, at: 0)), now: Self.now)
    #expect(repeated.effects.isEmpty, "a repeated acknowledgement changes nothing")
  }

  // MARK: Alarms

  @Test("a missed filing decision alerts the procuratorate and the government, then the police's superior")
  func ladder() throws {
    let engine = try Fixtures.engine()
    var ledger = Ledger(engine: engine, now: Self.now)
    _ = try ledger.run(Commands.criminalTransfer(approvedAt: Self.now))
    _ = try ledger.run(.act(Commands.act("tj.c1", by: "tj.hp.gafj", "receipt", workflow: .criminalTransfer)))
    let filing = try #require(ledger.deadlines["tj.c1"]?.first { $0.policyID == "crim.filing_decision" })
    // Who each level alerts, and who receives the alert.
    let levels: [(at: Int64, supervisors: [String], receivers: [String])] = [
      (filing.dueAt, ["tj.hp.jcy", "tj.hp.gov"], ["tj.hp.scjg", "tj.hp.gafj", "tj.hp.jcy", "tj.hp.gov"]),
      (filing.dueAt + Self.day, ["tj.gaj"], ["tj.hp.scjg", "tj.hp.gafj", "tj.hp.jcy", "tj.gaj"]),
    ]
    for level in levels {
      ledger.now = level.at
      let result = try ledger.run(.alarm(caseID: "tj.c1"))
      let escalations = result.committed.filter { $0.event.action == .escalate }
      let alert = try #require(
        escalations.first { String(decoding: $0.event.content, as: UTF8.self).contains("crim.filing_decision") })
      #expect(String(decoding: alert.event.content, as: UTF8.self).hasSuffix(level.supervisors.joined(separator: ",")))
      #expect(alert.deliveries.map(\.agency.rawValue) == level.receivers)
      #expect(alert.event.actor.rawValue == "tj.liaison")
    }
    // crim.forward (24 hours, missed first) alerted the police's superior and the procuratorate.
    #expect(
      ledger.records["tj.c1"]?.supervisors.map(\.rawValue) == ["tj.gaj", "tj.hp.jcy", "tj.hp.gov"],
      "supervisors join the case in the order they were alerted")
    // Nothing more is due now: firing again changes nothing.
    #expect(try ledger.run(.alarm(caseID: "tj.c1")).committed.isEmpty)
  }

  // MARK: Federation

  @Test("a submission to another region's agency is queued for that region's broker with its recipients")
  func routedToPeer() throws {
    let engine = try Fixtures.engine(peers: ["bj"])
    let decision = engine.decide(
      Commands.referral(to: ["bj.scjg"], copies: ["tj.hp.scjg"]), facts: CaseFacts(), now: Self.now)
    #expect(decision.effects.contains(.deliver([Party(Self.agency("tj.hp.scjg"), .copy)])))
    #expect(
      decision.effects.contains(
        .queueEvent(
          peer: "bj", recipients: [Party(Self.agency("bj.scjg"), .addressee)], deadlineStart: nil, attachments: [])
      ))
  }

  @Test("an action on a replica is queued for the case's home; a supervisor's acknowledgement stays a local notice")
  func actionOnReplica() throws {
    let engine = try Fixtures.engine(region: "bj", peers: ["tj"])
    let replica = LoadedCase(
      record: CaseRecord(
        id: "tj.c1", channel: .referral, state: "sent", sender: Self.agency("tj.scjg"), operatorName: nil,
        addressees: [Self.agency("bj.scjg")], copies: [], title: "t", drill: false, confidentiality: 2, openedAt: 0,
        updatedAt: 0, lastSequence: 1, workflow: "referral"), deadlines: [])
    var receipt = Commands.act("tj.c1", by: "bj.scjg", "receipt")
    receipt.forwardedPayload = [7, 7]
    #expect(
      engine.decide(.act(receipt), facts: CaseFacts(loaded: replica), now: Self.now)
        == CaseDecision(.forwarded, effects: [.queue(peer: "tj", .action([7, 7]))]))
    var stranger = Commands.act("tj.c1", by: "bj.sthj", "comment")
    stranger.forwardedPayload = [1]
    #expect(
      engine.decide(.act(stranger), facts: CaseFacts(loaded: replica), now: Self.now).refusal?.code == .caseNotFound)
    var supervised = replica
    supervised.record.supervisors = [Self.agency("bj.gov")]
    let acknowledgement = engine.decide(
      .act(Commands.act("tj.c1", by: "bj.gov", .acknowledgeEscalation)), facts: CaseFacts(loaded: supervised),
      now: Self.now)
    let appended = acknowledgement.effects.compactMap { effect -> EventDraft? in
      if case .appendEvent(let draft) = effect { return draft }
      return nil
    }
    #expect(appended.map(\.place) == [.outsideOrder], "outside the home's order")
  }

  @Test(
    "a peer's item is refused when the peer may not send it",
    arguments: [
      ("bj", "tj.c1", ["bj.scjg"], "not homed in region bj"),
      ("bj", "bj.c1", ["bj.sthj"], "has no party in region tj"),
    ])
  func refusedReplica(peer: String, caseID: String, parties: [String], reason: String) throws {
    let engine = try Fixtures.engine(peers: ["bj", "he"])
    let record = CaseRecord(
      id: caseID, channel: .referral, state: "sent", sender: Self.agency("bj.sthj"), operatorName: nil,
      addressees: parties.map(Self.agency), copies: [], title: "t", drill: false, confidentiality: 2, openedAt: 0,
      updatedAt: 0, lastSequence: 1, workflow: "referral")
    let event = EventRecord(
      seq: 0, id: "\(peer).e1", caseID: caseID, sequence: 1, action: .submit, actor: Self.agency("bj.sthj"),
      operatorName: nil, time: 0, state: "sent", idempotencyKey: "", content: [], signature: [])
    let decision = engine.decide(
      .replica(ReplicaCommand(caseRecord: record, event: event, recipients: [], deadlineStart: nil), from: peer),
      facts: CaseFacts(), now: Self.now)
    #expect(decision.refusal?.code == .federationRefused)
    #expect(decision.refusal?.message.contains(reason) == true, "\(decision)")
    #expect(decision.effects.isEmpty)
  }

  @Test("a replicated event at a place that holds another event is refused: the home's history diverged")
  func divergedHistory() throws {
    let engine = try Fixtures.engine(peers: ["bj"])
    let record = CaseRecord(
      id: "bj.c1", channel: .referral, state: "sent", sender: Self.agency("bj.sthj"), operatorName: nil,
      addressees: [Self.agency("tj.scjg")], copies: [], title: "t", drill: false, confidentiality: 2, openedAt: 0,
      updatedAt: 0, lastSequence: 1, workflow: "referral")
    func event(_ id: String, _ content: [UInt8]) -> EventRecord {
      EventRecord(
        seq: 0, id: id, caseID: "bj.c1", sequence: 1, action: .submit, actor: Self.agency("bj.sthj"),
        operatorName: nil, time: 5, state: "sent", idempotencyKey: "", content: content, signature: [])
    }
    let facts = CaseFacts(loaded: LoadedCase(record: record, deadlines: []), eventAtSequence: event("bj.e1", [1]))
    let again = engine.decide(
      .replica(
        ReplicaCommand(caseRecord: record, event: event("bj.e1", [1]), recipients: [], deadlineStart: nil), from: "bj"),
      facts: facts, now: Self.now)
    #expect(again.effects.isEmpty)
    guard case .replayed = again.outcome else {
      Issue.record("the same event again is a replay: \(again)")
      return
    }
    let other = engine.decide(
      .replica(
        ReplicaCommand(caseRecord: record, event: event("bj.e9", [2]), recipients: [], deadlineStart: nil), from: "bj"),
      facts: facts, now: Self.now)
    #expect(other.refusal?.message.contains("diverged") == true)
  }

  @Test("a peer's forwarded action that the workflow refuses goes back to the peer as a refusal")
  func peerActionRefused() throws {
    let engine = try Fixtures.engine(peers: ["bj"])
    var ledger = Ledger(engine: engine, now: Self.now)
    _ = try ledger.run(Commands.referral(to: ["bj.scjg"]))
    var accept = Commands.act("tj.c1", by: "bj.scjg", "accept")
    accept.takenAt = Self.now - 1000
    let result = try ledger.run(.peerAction(accept, from: "bj"))
    #expect(result.answer.failure?.code == .actionNotAllowed)
    #expect(ledger.queued.last?.peer == "bj")
    guard case .refusal(let refusal)? = ledger.queued.last?.message else {
      Issue.record("no refusal queued: \(ledger.queued)")
      return
    }
    #expect(refusal.action == "accept" && refusal.takenAt == Self.now - 1000)
    #expect(refusal.code == "LIAISON_ACTION_NOT_ALLOWED")
  }

  @Test("a delivery notice for a case not homed here is refused")
  func noticeForForeignCase() throws {
    let engine = try Fixtures.engine(peers: ["bj"])
    let decision = engine.decide(
      .deliveryNotice(DeliveryNotice(caseID: "bj.c3", agency: Self.agency("bj.scjg"), deliveredAt: 1), from: "bj"),
      facts: CaseFacts(), now: Self.now)
    #expect(decision.refusal?.code == .federationRefused)
  }
}

extension Result {
  var failure: Failure? {
    if case .failure(let error) = self { return error }
    return nil
  }
}

extension CaseCommand {
  var acknowledgement: Acknowledgement? {
    if case .acknowledged(let ack) = self { return ack }
    return nil
  }
}
