import Foundation
import GRDB
import LiaisonCore

/// One open write transaction of the SQLite store, as the engine's commit loop drives it: it loads
/// the facts a command asks for and applies the effects of its decision, in order, with the
/// prepared statements of the hot path. It decides nothing.
struct SQLiteTransaction: CaseTransaction {
  let db: Database
  let region: String
  /// When the transaction started (ms since the epoch); deliveries and queue items are stamped with it.
  let now: Int64
  /// The highest case number and event seq used so far (numbers are assigned here, in commit order).
  private var caseNumber: Int64
  private var eventSeq: Int64
  private var audit: AuditAppender
  /// Case numbers of the cases touched in this transaction, by id.
  private var numbers: [String: Int64] = [:]
  /// The last record of each case touched, by id (what an event's envelope shows).
  private var records: [String: CaseRecord] = [:]
  /// Acknowledgements marked since the last ``linkAcknowledgements()``.
  private var acknowledged: [Acknowledgement] = []
  /// Peers for which this transaction queued items.
  private(set) var queuedPeers: Set<String> = []
  /// The earliest alarm this transaction set.
  private(set) var earliestAlarm: Int64?
  /// Every event appended, with its deliveries, in order.
  private(set) var committed: [CommittedEvent] = []

  private let insertCase: PreparedStatement
  private let insertParty: PreparedStatement
  private let insertEvent: PreparedStatement
  private let insertDelivery: PreparedStatement
  private let insertKey: PreparedStatement
  private let findKey: PreparedStatement
  private let acknowledge: PreparedStatement
  private let deliveryState: PreparedStatement
  private let selectClocks: PreparedStatement
  private let insertClock: PreparedStatement
  private let deleteClocks: PreparedStatement
  private let insertOutbound: PreparedStatement
  private let updateCase: PreparedStatement

  init(db: Database, region: String, now: Int64) throws {
    self.db = db
    self.region = region
    self.now = now
    insertCase = try PreparedStatement(
      db, "INSERT INTO cases(\(SQLiteStore.caseColumns), number, home) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
    insertParty = try PreparedStatement(
      db, "INSERT OR REPLACE INTO case_parties(agency, case_number, role) VALUES (?,?,?)")
    insertEvent = try PreparedStatement(
      db, "INSERT INTO events(\(SQLiteStore.eventColumns), case_number) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")
    insertDelivery = try PreparedStatement(db, "INSERT INTO deliveries(id, agency, role) VALUES (?,?,?)")
    insertKey = try PreparedStatement(
      db, "INSERT OR IGNORE INTO idempotency(sender, key, request_hash, event_seq) VALUES (?,?,?,?)")
    findKey = try PreparedStatement(db, "SELECT request_hash, event_seq FROM idempotency WHERE sender = ? AND key = ?")
    acknowledge = try PreparedStatement(
      db, "UPDATE deliveries SET acked_at = ?, attempts = max(attempts, ?) WHERE id = ? AND acked_at IS NULL")
    deliveryState = try PreparedStatement(db, "SELECT acked_at IS NULL FROM deliveries WHERE id = ?")
    selectClocks = try PreparedStatement(
      db, "SELECT \(SQLiteStore.clockColumns) FROM clocks WHERE case_number = ? ORDER BY position")
    insertClock = try PreparedStatement(
      db,
      "INSERT INTO clocks(case_number, position, \(SQLiteStore.clockColumns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")
    deleteClocks = try PreparedStatement(db, "DELETE FROM clocks WHERE case_number = ?")
    insertOutbound = try PreparedStatement(
      db,
      "INSERT INTO outbound(peer, kind, event_seq, recipients, clock_start, payload, queued_at) VALUES (?,?,?,?,?,?,?)")
    updateCase = try PreparedStatement(
      db,
      """
      UPDATE cases SET state = ?, addressees = ?, copies = ?, title = ?, updated_at = ?, last_sequence = ?,
        supervisors = ? WHERE number = ?
      """)
    // Both are integer primary keys: their maximum is read from the right edge of the B-tree.
    caseNumber = try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(number) FROM cases")) ?? 0
    eventSeq = try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(seq) FROM events")) ?? 0
    audit = try AuditAppender(db)
  }

  // MARK: Facts

  mutating func load(_ request: FactRequest) throws -> CaseFacts {
    var facts = CaseFacts()
    if let caseID = request.caseID, let number = try number(ofCase: caseID), let record = try record(caseID, number) {
      facts.loaded = LoadedCase(record: record, deadlines: try loadDeadlines(number))
      if let sequence = request.sequence {
        facts.eventAtSequence = try Row.fetchOne(
          db.cachedStatement(
            sql: "SELECT \(SQLiteStore.eventColumns) FROM events WHERE case_number = ? AND sequence = ?"),
          arguments: [number, sequence]
        ).map { SQLiteStore.eventRecord($0) }
      }
    }
    if let key = request.key {
      facts.prior = try prior(key)
    }
    if !request.attachments.isEmpty {
      let statement = try db.cachedStatement(sql: "SELECT 1 FROM attachments WHERE sha256 = ?")
      for digest in request.attachments where try Int.fetchOne(statement, arguments: [digest]) == nil {
        facts.missingAttachments.insert(digest)
      }
    }
    if request.opensCase { facts.newCaseID = "\(region).c\(caseNumber + 1)" }
    if let delivery = request.delivery {
      facts.deliveryPending = try deliveryState.first(.int(delivery)) { PreparedStatement.int64($0, 0) != 0 } ?? false
    }
    return facts
  }

  /// The earlier request under an idempotency key, with its event and the case as it is now.
  private mutating func prior(_ key: IdempotencyKey) throws -> PriorRequest? {
    guard
      let (hash, seq) = try findKey.first(
        .text(key.agency.rawValue), .text(key.key),
        read: { row in (PreparedStatement.blob(row, 0), PreparedStatement.int64(row, 1)) })
    else { return nil }
    guard
      let row = try Row.fetchOne(
        db.cachedStatement(sql: "SELECT \(SQLiteStore.eventColumns) FROM events WHERE seq = ?"), arguments: [seq]),
      case let event = SQLiteStore.eventRecord(row),
      let number = try number(ofCase: event.caseID), let record = try record(event.caseID, number)
    else { return nil }
    return PriorRequest(requestHash: hash, event: event, caseRecord: record)
  }

  private mutating func record(_ caseID: String, _ number: Int64) throws -> CaseRecord? {
    if let known = records[caseID] { return known }
    let found = try Row.fetchOne(
      db.cachedStatement(sql: "SELECT \(SQLiteStore.caseColumns) FROM cases WHERE number = ? AND id = ?"),
      arguments: [number, caseID]
    ).map(SQLiteStore.caseRecord)
    if let found { records[caseID] = found }
    return found
  }

  /// The local number of a case: parsed from the id for this broker's cases, looked up for replicas.
  private mutating func number(ofCase caseID: String) throws -> Int64? {
    if let known = numbers[caseID] { return known }
    let found = try SQLiteStore.caseNumber(caseID, region: region, db: db)
    if let found { numbers[caseID] = found }
    return found
  }

  /// The deadlines of a case, in the order they started.
  private func loadDeadlines(_ number: Int64) throws -> [CaseDeadline] {
    try selectClocks.all(.int(number)) { row in
      CaseDeadline(
        policyID: PreparedStatement.text(row, 0), startedAt: PreparedStatement.int64(row, 1),
        dueAt: PreparedStatement.int64(row, 2), provisional: PreparedStatement.int64(row, 3) != 0,
        status: CaseDeadline.Status(rawValue: PreparedStatement.text(row, 4)) ?? .running,
        remaining: PreparedStatement.int64(row, 5), metAt: PreparedStatement.optionalInt64(row, 6),
        alarm: DeadlineAlarm(
          stage: SQLiteStore.decode(
            PreparedStatement.text(row, 7), level: Int(PreparedStatement.int64(row, 8)),
            repeat: Int(PreparedStatement.int64(row, 9))),
          nextAt: PreparedStatement.optionalInt64(row, 10)))
    }
  }

  // MARK: Effects

  mutating func apply(_ decision: CaseDecision, of command: CaseCommand) throws -> [CommittedEvent] {
    var caseID = command.caseID
    var number = try caseID.flatMap { try self.number(ofCase: $0) }
    let first = committed.count
    var last: EventRecord?
    for effect in decision.effects {
      switch effect {
      case .openCase(let record, let home):
        caseNumber += 1
        if home == nil, record.id != "\(region).c\(caseNumber)" {
          throw LiaisonError(.internalError, "case id \(record.id) is not the next number \(caseNumber)")
        }
        try insertCase.execute(
          .text(record.id), .text(record.channel.rawValue), .text(record.state), .text(record.sender.rawValue),
          .optionalText(record.operatorName), .text(SQLiteStore.list(record.addressees)),
          .text(SQLiteStore.list(record.copies)), .text(record.title), .int(record.drill ? 1 : 0),
          .int(Int64(record.confidentiality)), .int(record.openedAt), .int(record.updatedAt),
          .int(record.lastSequence), .text(record.workflow), .text(SQLiteStore.list(record.supervisors)),
          .int(caseNumber), .text(home ?? ""))
        caseID = record.id
        number = caseNumber
        numbers[record.id] = caseNumber
        records[record.id] = record
      case .updateCase(let record):
        let number = try require(number, caseID)
        try updateCase.execute(
          .text(record.state), .text(SQLiteStore.list(record.addressees)), .text(SQLiteStore.list(record.copies)),
          .text(record.title), .int(record.updatedAt), .int(record.lastSequence),
          .text(SQLiteStore.list(record.supervisors)), .int(number))
        records[record.id] = record
      case .addParties(let parties):
        let number = try require(number, caseID)
        for party in parties {
          try insertParty.execute(.text(party.agency.rawValue), .int(number), .text(party.role.rawValue))
        }
      case .appendEvent(let draft):
        let number = try require(number, draft.caseID)
        last = try append(draft, caseNumber: number)
      case .deliver(let parties):
        let event = try require(last, "a delivery before any event")
        precondition(parties.count <= Self.maxRecipients, "the validator limits parties per case")
        var deliveries: [DeliveryRecord] = []
        for (index, party) in parties.enumerated() {
          // A delivery's id is its event's seq × 256 + the recipient's index.
          let id = event.seq << 8 | Int64(index)
          try insertDelivery.execute(.int(id), .text(party.agency.rawValue), .text(party.role.rawValue))
          deliveries.append(
            DeliveryRecord(
              id: id, eventSeq: event.seq, eventID: event.id, sequence: event.sequence, caseID: event.caseID,
              agency: party.agency, role: party.role, acknowledgedAt: nil, attempts: 0, lastError: ""))
        }
        committed[committed.count - 1].deliveries += deliveries
      case .queueEvent(let peer, let recipients, let clockStart, let attachments, let seq):
        let event = try seq ?? require(last, "a queued event before any event").seq
        try insertOutbound.execute(
          .text(peer), .text(OutboundKind.event.rawValue), .int(event), .text(Party.encode(recipients)),
          clockStart.map { .int($0) } ?? .null, .blob(Array(attachments.joined(separator: ",").utf8)), .int(now))
        queuedPeers.insert(peer)
      case .queueHistory(let peer):
        try queueHistory(ofCase: require(number, caseID), to: peer)
      case .queue(let peer, let message):
        let (kind, payload): (OutboundKind, [UInt8])
        switch message {
        case .action(let bytes): (kind, payload) = (.action, bytes)
        case .refusal(let refusal): (kind, payload) = (.refusal, Array(try JSONEncoder().encode(refusal)))
        case .delivered(let notice): (kind, payload) = (.delivered, notice.encoded)
        }
        try insertOutbound.execute(
          .text(peer), .text(kind.rawValue), .int(0), .text(""), .null, .blob(payload), .int(now))
        queuedPeers.insert(peer)
      case .rememberKey(let key, let hash):
        let event = try require(last, "a key before any event")
        try insertKey.execute(.text(key.agency.rawValue), .text(key.key), .blob(hash), .int(event.seq))
      case .linkAttachments(let digests):
        let number = try require(number, caseID)
        let statement = try db.cachedStatement(
          sql: "INSERT OR IGNORE INTO case_attachments(sha256, case_number) VALUES (?,?)")
        for digest in digests { try statement.execute(arguments: [digest, number]) }
      case .setDeadlines(let deadlines):
        try replaceDeadlines(deadlines, caseNumber: require(number, caseID))
      case .markAcknowledged(let ack):
        if try acknowledge.changes(.int(ack.at), .int(Int64(ack.attempts)), .int(ack.id)) == 1 {
          acknowledged.append(ack)
        }
      }
    }
    return Array(committed[first...])
  }

  /// Links the acknowledgements marked since the last call into the audit chain (one link per
  /// subscriber message).
  mutating func linkAcknowledgements() throws {
    guard !acknowledged.isEmpty else { return }
    try audit.append(AuditLink.entry(forAcknowledgements: acknowledged))
    acknowledged = []
  }

  /// Appends an audit link (a read of a restricted case).
  mutating func link(_ entry: AuditLink.Entry) throws {
    try audit.append(entry)
  }

  /// At most this many recipients per event (delivery ids reserve 8 bits for the recipient).
  static let maxRecipients = 255

  private mutating func append(_ draft: EventDraft, caseNumber number: Int64) throws -> EventRecord {
    eventSeq += 1
    let sequence: Int64 =
      switch draft.place {
      case .sequence(let value): value
      // Outside the case's order: a unique negative number (sequence 0 on the wire).
      case .outsideOrder: -eventSeq
      }
    let event = EventRecord(
      seq: eventSeq, id: draft.id ?? "\(region).e\(eventSeq)", caseID: draft.caseID, sequence: sequence,
      action: draft.action, actor: draft.actor, operatorName: draft.operatorName, time: draft.time, state: draft.state,
      idempotencyKey: draft.idempotencyKey, content: draft.content, signature: draft.signature)
    try insertEvent.execute(
      .int(event.seq), .text(event.id), .text(event.caseID), .int(event.sequence), .text(event.action.rawValue),
      .text(event.actor.rawValue), .optionalText(event.operatorName), .int(event.time), .text(event.state),
      .text(event.idempotencyKey), .blob(event.content), .blob(event.signature), .int(number))
    try audit.append(AuditLink.entry(for: event, contentDigest: draft.contentDigest))
    let known = try records[draft.caseID] ?? self.record(draft.caseID, number)
    guard let record = known else {
      throw LiaisonError(.internalError, "event \(event.id) of case \(draft.caseID), which is not stored")
    }
    committed.append(CommittedEvent(event: event, caseRecord: record, deliveries: [], duplicate: false))
    return event
  }

  private mutating func replaceDeadlines(_ deadlines: [CaseDeadline], caseNumber number: Int64) throws {
    try deleteClocks.execute(.int(number))
    for (position, deadline) in deadlines.enumerated() {
      let (stage, level, count) = SQLiteStore.encode(deadline.alarm.stage)
      try insertClock.execute(
        .int(number), .int(Int64(position)), .text(deadline.policyID), .int(deadline.startedAt),
        .int(deadline.dueAt), .int(deadline.provisional ? 1 : 0), .text(deadline.status.rawValue),
        .int(deadline.remaining), deadline.metAt.map { .int($0) } ?? .null, .text(stage), .int(Int64(level)),
        .int(Int64(count)), deadline.alarm.nextAt.map { .int($0) } ?? .null)
      if let next = deadline.alarm.nextAt { earliestAlarm = min(earliestAlarm ?? next, next) }
    }
  }

  /// Queues every event of a case for a peer region that has just joined it; the first lists
  /// every attachment of the case.
  private mutating func queueHistory(ofCase number: Int64, to peer: String) throws {
    let seqs = try Int64.fetchAll(
      db, sql: "SELECT seq FROM events WHERE case_number = ? AND sequence > 0 ORDER BY seq", arguments: [number])
    var attachments = try String.fetchAll(
      db, sql: "SELECT sha256 FROM case_attachments WHERE case_number = ? ORDER BY sha256", arguments: [number])
    for seq in seqs {
      try insertOutbound.execute(
        .text(peer), .text(OutboundKind.event.rawValue), .int(seq), .text(""), .null,
        .blob(Array(attachments.joined(separator: ",").utf8)), .int(now))
      attachments = []
    }
    queuedPeers.insert(peer)
  }

  private func require<T>(_ value: T?, _ what: String?) throws -> T {
    guard let value else {
      throw LiaisonError(.internalError, "an effect needs \(what ?? "a case") that the decision did not name")
    }
    return value
  }
}
