import LiaisonCore

/// Facts kept in memory, changed by applying effects the way a store must: enough for the engine's
/// multi-step scenarios, with no I/O (a store's own behaviour is the store conformance suite's).
public struct Ledger: CaseTransaction {
  public let engine: CaseEngine
  public var now: Int64
  public var records: [String: CaseRecord] = [:]
  public var deadlines: [String: [CaseDeadline]] = [:]
  public var events: [EventRecord] = []
  public var keys: [IdempotencyKey: (hash: [UInt8], seq: Int64)] = [:]
  public var acknowledged: Set<Int64> = []
  public var deliveries: Set<Int64> = []
  public var queued: [(peer: String, message: OutboundMessage)] = []

  public init(engine: CaseEngine, now: Int64) {
    self.engine = engine
    self.now = now
  }

  public mutating func run(_ command: CaseCommand) throws -> CommandResult {
    try engine.run(command, in: &self, now: now)
  }

  public func facts(for command: CaseCommand) -> CaseFacts {
    var copy = self
    return (try? copy.load(engine.facts(for: command))) ?? CaseFacts()
  }

  public mutating func load(_ request: FactRequest) throws -> CaseFacts {
    var facts = CaseFacts()
    if let id = request.caseID, let record = records[id] {
      facts.loaded = LoadedCase(record: record, deadlines: deadlines[id] ?? [])
      if let sequence = request.sequence {
        facts.eventAtSequence = events.first { $0.caseID == id && $0.sequence == sequence }
      }
    }
    if let key = request.key, let (hash, seq) = keys[key], let event = events.first(where: { $0.seq == seq }) {
      facts.prior = PriorRequest(requestHash: hash, event: event, caseRecord: records[event.caseID]!)
    }
    if let delivery = request.delivery {
      facts.deliveryPending = deliveries.contains(delivery) && !acknowledged.contains(delivery)
    }
    return facts
  }

  public mutating func apply(_ decision: CaseDecision, of command: CaseCommand) throws -> [CommittedEvent] {
    var caseID = command.caseID
    var committed: [CommittedEvent] = []
    for effect in decision.effects {
      switch effect {
      case .openCase(var record, let home):
        if home == nil { record.id = "\(engine.configuration.region).c\(records.count + 1)" }
        caseID = record.id
        records[record.id] = record
      case .updateCase(let record):
        records[record.id] = record
      case .addParties:
        break
      case .appendEvent(var draft):
        if draft.caseID.isEmpty { draft.caseID = caseID! }
        let seq = Int64(events.count + 1)
        let sequence: Int64 = if case .sequence(let value) = draft.place { value } else { -seq }
        let event = EventRecord(
          seq: seq, id: draft.id ?? "\(engine.configuration.region).e\(seq)", caseID: draft.caseID, sequence: sequence,
          action: draft.action, actor: draft.actor, operatorName: draft.operatorName, time: draft.time,
          state: draft.state, idempotencyKey: draft.idempotencyKey, content: draft.content, signature: draft.signature)
        events.append(event)
        committed.append(
          CommittedEvent(event: event, caseRecord: records[draft.caseID]!, deliveries: [], duplicate: false))
      case .deliver(let parties):
        let event = committed[committed.count - 1].event
        for (index, party) in parties.enumerated() {
          let id = event.seq << 8 | Int64(index)
          deliveries.insert(id)
          committed[committed.count - 1].deliveries.append(
            DeliveryRecord(
              id: id, eventSeq: event.seq, eventID: event.id, sequence: event.sequence, caseID: event.caseID,
              agency: party.agency, role: party.role, acknowledgedAt: nil, attempts: 0, lastError: ""))
        }
      case .queueEvent, .queueHistory, .linkAttachments:
        break
      case .queue(let peer, let message):
        queued.append((peer, message))
      case .rememberKey(let key, let hash):
        keys[key] = (hash, events.last!.seq)
      case .setDeadlines(let list):
        deadlines[caseID!] = list
      case .markAcknowledged(let ack):
        acknowledged.insert(ack.id)
      }
    }
    return committed
  }
}
