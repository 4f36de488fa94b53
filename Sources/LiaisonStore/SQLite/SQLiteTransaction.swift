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
  /// What the writer remembers of cases (this transaction writes through to it; the store empties
  /// it when a transaction fails).
  private let cache: CaseCache
  /// Acknowledgements marked since the last ``linkAcknowledgements()``.
  private var acknowledged: [Acknowledgement] = []
  /// Peers for which this transaction queued items.
  private(set) var queuedPeers: Set<String> = []
  /// The earliest alarm this transaction set.
  private(set) var earliestAlarm: Int64?
  /// Every event appended, with its deliveries, in order.
  private(set) var committed: [CommittedEvent] = []
  /// An idempotency key claimed while loading the facts of the command being decided, for the
  /// event it would append: kept when the decision remembers it, removed otherwise.
  private var claim: (key: IdempotencyKey, seq: Int64)?
  /// A delivery marked acknowledged while loading the facts of the command being decided.
  private var marked: Int64?
  /// Cases this transaction changed, in the order first changed, for their audit links.
  private var changedCases: [(number: Int64, id: String)] = []
  private var changedNumbers: Set<Int64> = []

  private let insertCase: PreparedStatement
  private let insertParty: PreparedStatement
  private let insertEvent: PreparedStatement
  private let insertDelivery: PreparedStatement
  private let insertKey: PreparedStatement
  private let findKey: PreparedStatement
  private let acknowledge: PreparedStatement
  private let selectClocks: PreparedStatement
  private let insertClock: PreparedStatement
  private let deleteClocks: PreparedStatement
  private let insertOutbound: PreparedStatement
  private let updateCase: PreparedStatement
  private let selectCase: PreparedStatement

  init(db: Database, region: String, now: Int64, cache: CaseCache) throws {
    self.db = db
    self.cache = cache
    self.region = region
    self.now = now
    insertCase = try PreparedStatement(
      db,
      "INSERT INTO cases(\(SQLiteStore.caseColumns), number, home) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
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
    selectClocks = try PreparedStatement(
      db, "SELECT \(SQLiteStore.clockColumns) FROM clocks WHERE case_number = ? ORDER BY position")
    insertClock = try PreparedStatement(
      db,
      "INSERT INTO clocks(case_number, position, \(SQLiteStore.clockColumns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
    )
    deleteClocks = try PreparedStatement(db, "DELETE FROM clocks WHERE case_number = ?")
    insertOutbound = try PreparedStatement(
      db,
      "INSERT INTO outbound(peer, kind, event_seq, recipients, clock_start, payload, queued_at) VALUES (?,?,?,?,?,?,?)")
    selectCase = try PreparedStatement(
      db, "SELECT \(SQLiteStore.caseColumns) FROM cases WHERE number = ? AND id = ?")
    updateCase = try PreparedStatement(
      db,
      """
      UPDATE cases SET state = ?, addressees = ?, copies = ?, title = ?, updated_at = ?, last_sequence = ?,
        supervisors = ?, auto_copies = ?, receipted = ? WHERE number = ?
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
      facts.loaded = LoadedCase(record: record, deadlines: try deadlines(caseID, number))
      if let sequence = request.sequence {
        facts.eventAtSequence = try Row.fetchOne(
          db.cachedStatement(
            sql: "SELECT \(SQLiteStore.eventColumns) FROM events WHERE case_number = ? AND sequence = ?"),
          arguments: [number, sequence]
        ).map { SQLiteStore.eventRecord($0) }
      }
    }
    if let key = request.key {
      // Claim the key first (one statement on the common path); a key already there is a retry or
      // a conflict.
      let seq = eventSeq + 1
      if try insertKey.changes(.text(key.agency.rawValue), .text(key.key), .blob(request.requestHash), .int(seq)) == 1 {
        claim = (key, seq)
      } else {
        facts.prior = try prior(key)
      }
    }
    if !request.attachments.isEmpty {
      let statement = try db.cachedStatement(sql: "SELECT 1 FROM attachments WHERE sha256 = ?")
      for digest in request.attachments where try Int.fetchOne(statement, arguments: [digest]) == nil {
        facts.missingAttachments.insert(digest)
      }
    }
    if let delivery = request.delivery {
      // Mark it acknowledged now (one statement): it was pending when the mark changed the row. The
      // decision's `markAcknowledged` then has nothing left to write.
      let at = request.acknowledgedAt ?? now
      facts.deliveryPending =
        try acknowledge.changes(.int(at), .int(Int64(request.attempts)), .int(delivery)) == 1
      if facts.deliveryPending { marked = delivery }
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

  /// The case's record: as this transaction last wrote it, as the writer remembers it, or read.
  private mutating func record(_ caseID: String, _ number: Int64) throws -> CaseRecord? {
    if let known = cache.record(number) { return known }
    let found = try selectCase.first(.int(number), .text(caseID)) { SQLiteStore.caseRecord(statement: $0) }
    if let found { cache.remember(number, record: found) }
    return found
  }

  /// The local number of a case: parsed from the id for this broker's cases, looked up for replicas.
  private mutating func number(ofCase caseID: String) throws -> Int64? {
    if caseID.hasPrefix(region), caseID.dropFirst(region.count).hasPrefix(".c") {
      return SQLiteStore.caseNumber(caseID)
    }
    if let known = cache.replica(caseID) { return known }
    let found = try SQLiteStore.caseNumber(caseID, region: region, db: db)
    if let found { cache.remember(replica: caseID, number: found) }
    return found
  }

  /// The case's deadlines: as this transaction last wrote them, as the writer remembers them, or read.
  private mutating func deadlines(_ caseID: String, _ number: Int64) throws -> [CaseDeadline] {
    if let known = cache.deadlines(number) { return known }
    let found = try loadDeadlines(number)
    cache.remember(number, deadlines: found)
    return found
  }

  /// The deadlines of a case, in the order they started.
  private func loadDeadlines(_ number: Int64) throws -> [CaseDeadline] {
    try selectClocks.all(.int(number)) { row in
      var deadline = CaseDeadline(
        policyID: PreparedStatement.text(row, 0), startedAt: PreparedStatement.int64(row, 1),
        dueAt: PreparedStatement.int64(row, 2), provisional: PreparedStatement.int64(row, 3) != 0,
        status: CaseDeadline.Status(rawValue: PreparedStatement.text(row, 4)) ?? .running,
        remaining: PreparedStatement.int64(row, 5), metAt: PreparedStatement.optionalInt64(row, 6),
        alarm: DeadlineAlarm(
          stage: SQLiteStore.decode(
            PreparedStatement.text(row, 7), level: Int(PreparedStatement.int64(row, 8)),
            repeat: Int(PreparedStatement.int64(row, 9))),
          nextAt: PreparedStatement.optionalInt64(row, 10)),
        counting: CaseDeadline.Counting(rawValue: PreparedStatement.text(row, 12)) ?? .continuous,
        runStart: PreparedStatement.int64(row, 13), runLength: PreparedStatement.int64(row, 14))
      let party = PreparedStatement.text(row, 11)
      if !party.isEmpty { deadline.party = SQLiteStore.agency(party) }
      return deadline
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
      case .openCase(var record, let home):
        caseNumber += 1
        // A case opened here gets the next number (its id is empty in the decision).
        if home == nil { record.id = "\(region).c\(caseNumber)" }
        try insertCase.execute(
          .text(record.id), .text(record.channel.rawValue), .text(record.state), .text(record.sender.rawValue),
          .optionalText(record.operatorName), .text(SQLiteStore.list(record.addressees)),
          .text(SQLiteStore.list(record.copies)), .text(record.title), .int(record.drill ? 1 : 0),
          .int(Int64(record.confidentiality)), .int(record.openedAt), .int(record.updatedAt),
          .int(record.lastSequence), .text(record.workflow), .text(SQLiteStore.list(record.supervisors)),
          .text(record.rule), .text(SQLiteStore.list(record.autoCopies)), .text(SQLiteStore.list(record.receipted)),
          .int(caseNumber), .text(home ?? ""))
        caseID = record.id
        number = caseNumber
        cache.remember(caseNumber, record: record)
        cache.remember(caseNumber, deadlines: [])
        cache.remember(caseNumber, rows: CaseSnapshot.Rows(home: home ?? "", parties: [:], attachments: []))
        if home != nil { cache.remember(replica: record.id, number: caseNumber) }
        changed(caseNumber, record.id)
      case .updateCase(let record):
        let number = try require(number, caseID)
        try updateCase.execute(
          .text(record.state), .text(SQLiteStore.list(record.addressees)), .text(SQLiteStore.list(record.copies)),
          .text(record.title), .int(record.updatedAt), .int(record.lastSequence),
          .text(SQLiteStore.list(record.supervisors)), .text(SQLiteStore.list(record.autoCopies)),
          .text(SQLiteStore.list(record.receipted)), .int(number))
        cache.remember(number, record: record)
        changed(number, record.id)
      case .addParties(let parties):
        let number = try require(number, caseID)
        var rows = try self.rows(number)
        for party in parties {
          try insertParty.execute(.text(party.agency.rawValue), .int(number), .text(party.role.rawValue))
          rows.parties[party.agency.rawValue] = party.role.rawValue
        }
        cache.remember(number, rows: rows)
        changed(number, try require(caseID, nil))
      case .appendEvent(var draft):
        if draft.caseID.isEmpty { draft.caseID = try require(caseID, "the case the decision opened") }
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
      case .queueEvent(let peer, let recipients, let deadlineStart, let attachments, let seq):
        let event = try seq ?? require(last, "a queued event before any event").seq
        try insertOutbound.execute(
          .text(peer), .text(OutboundKind.event.rawValue), .int(event), .text(Party.encode(recipients)),
          deadlineStart.map { .int($0) } ?? .null, .blob(Array(attachments.joined(separator: ",").utf8)), .int(now))
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
        if let claimed = claim, claimed.key == key {
          claim = nil
          if claimed.seq != event.seq {
            try db.cachedStatement(sql: "UPDATE idempotency SET event_seq = ? WHERE sender = ? AND key = ?")
              .execute(arguments: [event.seq, key.agency.rawValue, key.key])
          }
        } else {
          try insertKey.execute(.text(key.agency.rawValue), .text(key.key), .blob(hash), .int(event.seq))
        }
      case .linkAttachments(let digests):
        let number = try require(number, caseID)
        let statement = try db.cachedStatement(
          sql: "INSERT OR IGNORE INTO case_attachments(sha256, case_number) VALUES (?,?)")
        var rows = try self.rows(number)
        for digest in digests {
          try statement.execute(arguments: [digest, number])
          rows.attachments.insert(digest)
        }
        cache.remember(number, rows: rows)
        changed(number, try require(caseID, nil))
      case .setDeadlines(let deadlines):
        let number = try require(number, caseID)
        try replaceDeadlines(deadlines, before: cache.deadlines(number), caseNumber: number)
        cache.remember(number, deadlines: deadlines)
      case .markAcknowledged(let ack):
        if marked == ack.id {
          marked = nil
          acknowledged.append(ack)
        } else if try acknowledge.changes(.int(ack.at), .int(Int64(ack.attempts)), .int(ack.id)) == 1 {
          acknowledged.append(ack)
        }
      }
    }
    // A delivery marked for a decision that does not acknowledge it is unmarked (the engine always
    // acknowledges a pending delivery; this keeps the store honest if it ever did not).
    if let delivery = marked {
      marked = nil
      try db.cachedStatement(sql: "UPDATE deliveries SET acked_at = NULL WHERE id = ?").execute(arguments: [delivery])
    }
    // A key claimed for a decision that does not remember it (a refusal, a forward) is released.
    if let claimed = claim {
      claim = nil
      try db.cachedStatement(sql: "DELETE FROM idempotency WHERE sender = ? AND key = ?")
        .execute(arguments: [claimed.key.agency.rawValue, claimed.key.key])
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

  /// Links every case this transaction changed into the audit chain, as it leaves it (one link
  /// per case, after the links of its events).
  mutating func linkCases() throws {
    for (number, id) in changedCases {
      guard let record = try record(id, number) else {
        throw LiaisonError(.internalError, "case \(id) changed in this transaction but is not stored")
      }
      let snapshot = CaseSnapshot(number: number, record: record, rows: try rows(number))
      try audit.append(AuditLink.entry(for: snapshot, at: now))
    }
    changedCases = []
    changedNumbers = []
  }

  private mutating func changed(_ number: Int64, _ id: String) {
    if changedNumbers.insert(number).inserted { changedCases.append((number, id)) }
  }

  /// The projection rows of a case: as the writer remembers them, or read.
  private func rows(_ number: Int64) throws -> CaseSnapshot.Rows {
    if let known = cache.rows(number) { return known }
    let found = try CaseSnapshot.loadRows(db, number: number)
    cache.remember(number, rows: found)
    return found
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
    try audit.append(AuditLink.entry(for: event, caseNumber: number, contentDigest: draft.contentDigest))
    guard let record = try self.record(draft.caseID, number) else {
      throw LiaisonError(.internalError, "event \(event.id) of case \(draft.caseID), which is not stored")
    }
    committed.append(CommittedEvent(event: event, caseRecord: record, deliveries: [], duplicate: false))
    return event
  }

  /// Writes a case's deadlines in place of those stored (`before`, when known: none stored skips
  /// the delete).
  private mutating func replaceDeadlines(_ deadlines: [CaseDeadline], before: [CaseDeadline]?, caseNumber number: Int64)
    throws
  {
    if before?.isEmpty != true { try deleteClocks.execute(.int(number)) }
    for (position, deadline) in deadlines.enumerated() {
      let (stage, level, count) = SQLiteStore.encode(deadline.alarm.stage)
      try insertClock.execute(
        .int(number), .int(Int64(position)), .text(deadline.policyID), .int(deadline.startedAt),
        .int(deadline.dueAt), .int(deadline.provisional ? 1 : 0), .text(deadline.status.rawValue),
        .int(deadline.remaining), deadline.metAt.map { .int($0) } ?? .null, .text(stage), .int(Int64(level)),
        .int(Int64(count)), deadline.alarm.nextAt.map { .int($0) } ?? .null, .text(deadline.party?.rawValue ?? ""),
        .text(deadline.counting.rawValue), .int(deadline.runStart), .int(deadline.runLength))
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
