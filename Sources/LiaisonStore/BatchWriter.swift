import Foundation
import GRDB
import LiaisonCore

/// Applies the jobs of one group-commit batch inside one open transaction. Validation failures of
/// one request are returned as that request's result and write nothing; an SQL error aborts the
/// whole transaction.
struct BatchWriter {
  enum Outcome: Sendable {
    case submitted([Result<CommittedEvent, LiaisonError>])
    case fired([CommittedEvent])
    case acted(Result<CommittedEvent, LiaisonError>)
    case forwarded(Result<Void, LiaisonError>)
    case inbound(InboundResult)
    case recorded
  }

  let db: Database
  let region: String
  /// Regions served by peer brokers: their agencies' events travel through the outbound queue.
  let peers: Set<String>
  let now: Int64
  let rules: DeadlineRules?
  var caseNumber: Int64
  var eventSeq: Int64
  private var audit: AuditAppender
  private let insertCase: PreparedStatement
  let insertParty: PreparedStatement
  private let insertEvent: PreparedStatement
  private let insertDelivery: PreparedStatement
  private let insertKey: PreparedStatement
  private let findKey: PreparedStatement
  private let acknowledge: PreparedStatement
  let selectClocks: PreparedStatement
  let insertClock: PreparedStatement
  let deleteClocks: PreparedStatement
  let selectCaseContext: PreparedStatement
  let insertOutbound: PreparedStatement
  /// Peers for which this batch queued items.
  var queuedPeers: Set<String> = []

  init(db: Database, region: String, peers: Set<String> = [], now: Int64, rules: DeadlineRules?) throws {
    self.db = db
    self.region = region
    self.peers = peers
    self.now = now
    self.rules = rules
    insertCase = try PreparedStatement(
      db, "INSERT INTO cases(\(SQLiteStore.caseColumns), number) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
    insertParty = try PreparedStatement(
      db, "INSERT OR REPLACE INTO case_parties(agency, case_number, role) VALUES (?,?,?)")
    insertEvent = try PreparedStatement(
      db, "INSERT INTO events(\(SQLiteStore.eventColumns), case_number) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")
    insertDelivery = try PreparedStatement(
      db, "INSERT INTO deliveries(id, agency, role) VALUES (?,?,?)")
    insertKey = try PreparedStatement(
      db, "INSERT OR IGNORE INTO idempotency(sender, key, request_hash, event_seq) VALUES (?,?,?,?)")
    findKey = try PreparedStatement(db, "SELECT request_hash, event_seq FROM idempotency WHERE sender = ? AND key = ?")
    selectClocks = try PreparedStatement(
      db, "SELECT \(SQLiteStore.clockColumns) FROM clocks WHERE case_number = ? ORDER BY position")
    insertClock = try PreparedStatement(
      db,
      """
      INSERT INTO clocks(case_number, position, \(SQLiteStore.clockColumns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
      """)
    deleteClocks = try PreparedStatement(db, "DELETE FROM clocks WHERE case_number = ?")
    selectCaseContext = try PreparedStatement(db, "SELECT workflow, drill, state FROM cases WHERE number = ?")
    insertOutbound = try PreparedStatement(
      db,
      """
      INSERT INTO outbound(peer, kind, event_seq, recipients, clock_start, payload, queued_at) VALUES (?,?,?,?,?,?,?)
      """)
    acknowledge = try PreparedStatement(
      db, "UPDATE deliveries SET acked_at = ?, attempts = max(attempts, ?) WHERE id = ? AND acked_at IS NULL")
    // Both are integer primary keys: their maximum is read from the right edge of the B-tree.
    // Cached statements: a writer is made for every commit, and compiling these each time showed.
    caseNumber = try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(number) FROM cases")) ?? 0
    eventSeq = try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(seq) FROM events")) ?? 0
    audit = try AuditAppender(db)
  }

  mutating func apply(_ job: SQLiteStore.Job) throws -> Outcome {
    switch job {
    case .submit(let commands, _):
      return .submitted(try commands.map { try submit($0) })
    case .act(let command, _):
      return .acted(try act(command))
    case .acknowledge(let acks):
      var recorded: [Acknowledgement] = []
      defer { if !recorded.isEmpty { try? audit.append(AuditLink.entry(forAcknowledgements: recorded)) } }
      for ack in acks {
        let changed = try acknowledge.changes(.int(ack.at), .int(Int64(ack.attempts)), .int(ack.id))
        if changed == 1 { recorded.append(ack) }
        guard changed == 1, let caseID = ack.deliveredCase else { continue }
        if let home = remoteHome(of: caseID), let agency = ack.agency {
          // The case's home runs the same receipt clocks from the same moment.
          try queue(.delivered(DeliveryNotice(caseID: caseID, agency: agency, deliveredAt: ack.at)), to: home)
        }
        if rules != nil, let number = try number(ofCase: caseID), let context = try caseClockContext(number) {
          try advanceClocks(
            workflow: context.workflow, drill: context.drill, state: context.state, caseNumber: number,
            event: "delivered", at: ack.at)
        }
      }
      return .recorded
    case .redelivery(let list):
      let statement = try db.cachedStatement(
        sql: "UPDATE deliveries SET attempts = max(attempts, ?), last_error = ? WHERE id = ? AND acked_at IS NULL")
      for item in list { try statement.execute(arguments: [item.attempts, item.error, item.id]) }
      return .recorded
    case .audit(let entries):
      for entry in entries { try audit.append(entry) }
      return .recorded
    case .flush:
      return .recorded
    case .fire(let context, _):
      return .fired(try fireAlarms(context))
    case .forward(let command, let home, let payload, _):
      return .forwarded(try forward(command, to: home, payload: payload))
    case .inbound(let peer, let items, let after, _):
      return .inbound(try applyInbound(items, from: peer, after: after))
    case .dequeue(let peer, let upTo):
      try db.cachedStatement(sql: "DELETE FROM outbound WHERE peer = ? AND id <= ?").execute(arguments: [peer, upTo])
      return .recorded
    }
  }

  // MARK: Submit

  private mutating func submit(_ command: SubmitCommand) throws -> Result<CommittedEvent, LiaisonError> {
    if let missing = try missingAttachment(command.attachments) {
      if let replay = try replay(sender: command.sender, key: command.idempotencyKey, hash: command.requestHash) {
        return replay
      }
      return .failure(missing)
    }
    // Claim the key first (one statement on the common path); a key already there is a retry or a
    // conflict. Nothing after the claim can refuse the request.
    if !(try claim(sender: command.sender, key: command.idempotencyKey, hash: command.requestHash, seq: eventSeq + 1)),
      let replay = try replay(sender: command.sender, key: command.idempotencyKey, hash: command.requestHash)
    {
      return replay
    }
    caseNumber += 1
    let record = CaseRecord(
      id: "\(region).c\(caseNumber)", channel: command.channel, state: command.workflow.initialState,
      sender: command.sender, operatorName: command.operatorName, addressees: command.addressees,
      copies: command.copies, title: command.title, drill: command.drill, confidentiality: command.confidentiality,
      openedAt: now, updatedAt: now, lastSequence: 1, workflow: command.workflow.name)
    try insertCase.execute(
      .text(record.id), .text(record.channel.rawValue), .text(record.state), .text(record.sender.rawValue),
      .optionalText(record.operatorName), .text(SQLiteStore.list(record.addressees)),
      .text(SQLiteStore.list(record.copies)), .text(record.title), .int(record.drill ? 1 : 0),
      .int(Int64(record.confidentiality)), .int(now), .int(now), .int(1), .text(record.workflow), .text(""),
      .int(caseNumber))
    for (agency, role) in record.parties {
      try insertParty.execute(.text(agency.rawValue), .int(caseNumber), .text(role.rawValue))
    }
    let event = try appendEvent(
      caseID: record.id, caseNumber: caseNumber, sequence: 1, action: "submit", actor: command.sender,
      operatorName: command.operatorName,
      state: record.state, key: command.idempotencyKey, content: command.content, signature: [],
      contentDigest: command.contentDigest)
    try linkAttachments(command.attachments, caseNumber: caseNumber)
    try advanceClocks(
      workflow: record.workflow, drill: record.drill, state: record.state, caseNumber: caseNumber, event: "submit",
      known: [], startingAt: command.clockStart)
    let deliveries = try route(event, of: record, clockStart: command.clockStart, attachments: command.attachments)
    return .success(CommittedEvent(event: event, caseRecord: record, deliveries: deliveries, duplicate: false))
  }

  // MARK: Act

  mutating func act(_ command: ActCommand) throws -> Result<CommittedEvent, LiaisonError> {
    if let replay = try replay(sender: command.actor, key: command.idempotencyKey, hash: command.requestHash) {
      return replay
    }
    // On a replica of a case homed elsewhere only this region's supervisors act here: they
    // acknowledge the escalations this broker raised (a notice outside the case's order).
    let replica = remoteHome(of: command.caseID) != nil
    guard !replica || command.action == ClockPlanner.acknowledgement,
      let (number, loaded) = try locateCase(command.caseID)
    else {
      return .failure(LiaisonError(.caseNotFound, "case \(command.caseID) does not exist", field: "case_id"))
    }
    var record = loaded
    // A forwarded action keeps the time the agency took it.
    let time = command.takenAt ?? now
    let regionsBefore = partyRegions(record)
    var machine: CaseStateMachine
    let transition: CaseStateMachine.Transition
    do {
      machine = try CaseStateMachine(record)
      transition = try machine.apply(
        command.action, by: command.actor, body: command.body, forwardTo: command.forwardTo)
    } catch {
      return .failure(error)
    }
    if let missing = try missingAttachment(command.attachments) {
      return .failure(missing)
    }
    record = machine.record
    // A peer region that joins the case (a forward) first receives the case's history.
    for peer in partyRegions(record).subtracting(regionsBefore).sorted() {
      try queueHistory(ofCase: number, to: peer)
    }
    if let agency = transition.newAddressee {
      try insertParty.execute(.text(agency.rawValue), .int(number), .text(PartyRole.addressee.rawValue))
    }
    if let agency = transition.newCopy {
      try insertParty.execute(.text(agency.rawValue), .int(number), .text(PartyRole.copy.rawValue))
    }
    if !replica { record.lastSequence += 1 }
    record.updatedAt = max(record.updatedAt, time)
    try db.cachedStatement(
      sql: "UPDATE cases SET state = ?, addressees = ?, copies = ?, updated_at = ?, last_sequence = ? WHERE number = ?"
    ).execute(arguments: [
      record.state, SQLiteStore.list(record.addressees), SQLiteStore.list(record.copies), record.updatedAt,
      record.lastSequence, number,
    ])
    let event = try appendEvent(
      caseID: record.id, caseNumber: number, sequence: replica ? -(eventSeq + 1) : record.lastSequence,
      action: command.action,
      actor: command.actor,
      operatorName: command.operatorName, state: record.state, key: command.idempotencyKey, content: command.content,
      signature: command.signature, contentDigest: command.contentDigest, time: time)
    try remember(sender: command.actor, key: command.idempotencyKey, hash: command.requestHash, seq: event.seq)
    try linkAttachments(command.attachments, caseNumber: number)
    try advanceClocks(
      workflow: record.workflow, drill: record.drill, state: record.state, caseNumber: number,
      event: command.action, at: time, startingAt: command.registeredAt)
    let deliveries =
      replica
      ? try deliver(event, to: record.parties.filter { isLocal($0.0) && $0.0 != command.actor })
      : try route(event, of: record, clockStart: command.registeredAt, attachments: command.attachments)
    return .success(CommittedEvent(event: event, caseRecord: record, deliveries: deliveries, duplicate: false))
  }

  // MARK: Pieces

  mutating func appendEvent(
    caseID: String, caseNumber: Int64, sequence: Int64, action: String, actor: AgencyID, operatorName: String?,
    state: String,
    key: String, content: [UInt8], signature: [UInt8], contentDigest: [UInt8]? = nil, time: Int64? = nil,
    id: String? = nil
  ) throws -> EventRecord {
    eventSeq += 1
    let event = EventRecord(
      seq: eventSeq, id: id ?? "\(region).e\(eventSeq)", caseID: caseID, sequence: sequence, action: action,
      actor: actor, operatorName: operatorName, time: time ?? now, state: state, idempotencyKey: key, content: content,
      signature: signature)
    try insertEvent.execute(
      .int(event.seq), .text(event.id), .text(event.caseID), .int(event.sequence), .text(event.action),
      .text(event.actor.rawValue), .optionalText(event.operatorName), .int(event.time), .text(event.state),
      .text(event.idempotencyKey), .blob(event.content), .blob(event.signature), .int(caseNumber))
    try audit.append(AuditLink.entry(for: event, contentDigest: contentDigest))
    return event
  }

  /// At most this many recipients per event (delivery ids reserve 8 bits for the recipient).
  static let maxRecipients = 255

  func deliver(_ event: EventRecord, to parties: [(AgencyID, PartyRole)]) throws -> [DeliveryRecord] {
    precondition(parties.count <= Self.maxRecipients, "the validator limits parties per case")
    return try parties.enumerated().map { index, party in
      let (agency, role) = party
      let id = event.seq << 8 | Int64(index)
      try insertDelivery.execute(.int(id), .text(agency.rawValue), .text(role.rawValue))
      return DeliveryRecord(
        id: id, eventSeq: event.seq, eventID: event.id, sequence: event.sequence,
        caseID: event.caseID, agency: agency, role: role, acknowledgedAt: nil, attempts: 0, lastError: "")
    }
  }

  /// The original result when the key was used before with the same request; a conflict error when
  /// it was used with a different one; `nil` when the key is new (or empty).
  func replay(sender: AgencyID, key: String, hash: [UInt8]) throws -> Result<CommittedEvent, LiaisonError>? {
    guard !key.isEmpty else { return nil }
    guard
      let (storedHash, seq) = try findKey.first(
        .text(sender.rawValue), .text(key),
        read: { row in
          (PreparedStatement.blob(row, 0), PreparedStatement.int64(row, 1))
        })
    else { return nil }
    guard storedHash == hash else {
      return .failure(
        LiaisonError(
          .idempotencyConflict,
          "idempotency key '\(key)' was already used by \(sender) for a different request; use a new key for a new request",
          field: "idempotency_key"))
    }
    guard
      let eventRow = try Row.fetchOne(
        db, sql: "SELECT \(SQLiteStore.eventColumns) FROM events WHERE seq = ?", arguments: [seq]),
      case let event = SQLiteStore.eventRecord(eventRow),
      let record = try loadCase(event.caseID)
    else { return nil }
    return .success(CommittedEvent(event: event, caseRecord: record, deliveries: [], duplicate: true))
  }

  /// Records a key for the event `seq`; false when the sender already used the key.
  private func claim(sender: AgencyID, key: String, hash: [UInt8], seq: Int64) throws -> Bool {
    guard !key.isEmpty else { return true }
    return try insertKey.changes(.text(sender.rawValue), .text(key), .blob(hash), .int(seq)) == 1
  }

  private func remember(sender: AgencyID, key: String, hash: [UInt8], seq: Int64) throws {
    _ = try claim(sender: sender, key: key, hash: hash, seq: seq)
  }

  private func missingAttachment(_ digests: [String]) throws -> LiaisonError? {
    guard !digests.isEmpty else { return nil }
    let statement = try db.cachedStatement(sql: "SELECT 1 FROM attachments WHERE sha256 = ?")
    for (index, digest) in digests.enumerated() where try Int.fetchOne(statement, arguments: [digest]) == nil {
      return LiaisonError(
        .attachmentNotFound, "attachment \(digest) has not been uploaded; upload it with PutAttachment first",
        field: "attachments[\(index)].sha256")
    }
    return nil
  }

  func linkAttachments(_ digests: [String], caseNumber: Int64) throws {
    guard !digests.isEmpty else { return }
    let statement = try db.cachedStatement(
      sql: "INSERT OR IGNORE INTO case_attachments(sha256, case_number) VALUES (?,?)")
    for digest in digests { try statement.execute(arguments: [digest, caseNumber]) }
  }

  func loadCase(_ id: String) throws -> CaseRecord? {
    try locateCase(id)?.record
  }

  /// A case with its local number.
  func locateCase(_ id: String) throws -> (number: Int64, record: CaseRecord)? {
    guard let number = try number(ofCase: id),
      let record = try Row.fetchOne(
        db.cachedStatement(sql: "SELECT \(SQLiteStore.caseColumns) FROM cases WHERE number = ? AND id = ?"),
        arguments: [number, id]
      ).map(SQLiteStore.caseRecord)
    else { return nil }
    return (number, record)
  }

  /// The local number of a case: parsed from the id for this broker's cases, looked up for cases
  /// homed at a peer (their replicas take numbers from the same counter).
  func number(ofCase id: String) throws -> Int64? {
    try SQLiteStore.caseNumber(id, region: region, db: db)
  }
}
