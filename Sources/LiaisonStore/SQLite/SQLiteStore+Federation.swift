import Foundation
import GRDB
import LiaisonCore

extension SQLiteStore: FederationStore {
  /// Applies a batch received from `peer` in one transaction; items whose id was already applied
  /// are skipped, so a batch sent again after a lost acknowledgement changes nothing.
  public func applyInbound(_ items: [InboundItem], from peer: String, after: Int64?, engine: CaseEngine)
    -> CommitTicket<Result<[InboundOutcome], LiaisonError>>
  {
    let ticket = CommitTicket<Result<[InboundOutcome], LiaisonError>>()
    enqueue(.inbound(peer: peer, items, after: after, engine, ticket))
    return ticket
  }

  /// Removes the items the peer acknowledged (written with the next commit).
  public func dequeueOutbound(peer: String, upTo id: Int64) {
    enqueue(.dequeue(peer: peer, upTo: id))
  }

  /// Inside the writer's transaction: the items of `peer` not applied before, each decided by the
  /// engine, and the last one recorded.
  func applyInbound(
    _ items: [InboundItem], from peer: String, after: Int64?, engine: CaseEngine,
    in transaction: inout SQLiteTransaction, now: Int64
  ) throws -> Result<[InboundOutcome], LiaisonError> {
    let db = transaction.db
    let last =
      try Int64.fetchOne(db.cachedStatement(sql: "SELECT last_id FROM inbound WHERE peer = ?"), arguments: [peer]) ?? 0
    if let after, last < after {
      return .failure(
        LiaisonError(.unavailable, "an earlier batch from \(peer) was not applied; the peer sends again from it"))
    }
    var highest = last
    var outcomes: [InboundOutcome] = []
    for item in items where item.id > last {
      highest = max(highest, item.id)
      let result = try item.command(from: peer).map { try engine.run($0, in: &transaction, now: now) }
      outcomes.append(InboundOutcome(id: item.id, item: item, result: result))
    }
    if highest > last {
      try db.execute(
        sql:
          "INSERT INTO inbound(peer, last_id) VALUES (?, ?) ON CONFLICT(peer) DO UPDATE SET last_id = excluded.last_id",
        arguments: [peer, highest])
    }
    return .success(outcomes)
  }

  /// Moves the outbound queue's id sequence to at least `now` × 1000 (ms since the epoch), above
  /// every id issued before this start (reaching it would take 1,000 items per millisecond): after a
  /// restore from an older backup, new items never reuse ids a peer has applied and would skip.
  static func raiseOutboundIDs(_ db: Database, now: Int64) throws {
    try db.execute(
      sql: """
        INSERT INTO sqlite_sequence(name, seq) SELECT 'outbound', 0
        WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'outbound')
        """)
    try db.execute(
      sql: "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'outbound'", arguments: [now * 1000])
  }

  /// Up to `limit` items queued for `peer` after `id`, in queue order, and no more once their
  /// bodies reach `maxBytes` (at least one item): one query, each event with its case as it is now,
  /// read through the C API (this runs for every event sent to a peer).
  public func outbound(peer: String, after id: Int64, limit: Int, maxBytes: Int) async throws -> [OutboundItem] {
    try await read { db in
      let statement = try PreparedStatement(
        db,
        """
        SELECT o.id, o.kind, o.recipients, o.clock_start, o.payload, o.queued_at,
          e.seq, e.id, e.sequence, e.action, e.actor, e.operator, e.time, e.state, e.idempotency_key, e.content,
          e.signature, c.id, c.channel, c.state, c.sender, c.operator, c.addressees, c.copies, c.title, c.drill,
          c.confidentiality, c.opened_at, c.updated_at, c.last_sequence, c.workflow
        FROM outbound o LEFT JOIN events e ON e.seq = o.event_seq LEFT JOIN cases c ON c.number = e.case_number
        WHERE o.peer = ? AND o.id > ? ORDER BY o.id LIMIT ?
        """)
      var bytes = 0
      return try statement.rows([.text(peer), .int(id), .int(Int64(limit))]) { row in
        // The payload, an event's content and its signature: what makes an item large.
        bytes += [4, 15, 16].reduce(0) { $0 + PreparedStatement.byteCount(row, $1) }
        return Self.outboundItem(row)
      } isLast: { _ in
        bytes >= maxBytes
      }
      .compactMap { $0 }
    }
  }

  /// One row of the outbound query; `nil` for an event row whose event is missing (a damaged file).
  private static func outboundItem(_ row: OpaquePointer) -> OutboundItem? {
    typealias S = PreparedStatement
    let (id, queuedAt) = (S.int64(row, 0), S.int64(row, 5))
    switch OutboundKind(rawValue: S.text(row, 1)) {
    case .event:
      guard S.optionalInt64(row, 6) != nil else { return nil }
      let caseID = S.text(row, 17)
      let event = EventRecord(
        seq: S.int64(row, 6), id: S.text(row, 7), caseID: caseID, sequence: S.int64(row, 8),
        action: CaseAction(S.text(row, 9)),
        actor: agency(S.text(row, 10)), operatorName: S.optionalText(row, 11), time: S.int64(row, 12),
        state: S.text(row, 13), idempotencyKey: S.text(row, 14), content: S.blob(row, 15), signature: S.blob(row, 16))
      let record = CaseRecord(
        id: caseID, channel: Channel(rawValue: S.text(row, 18)) ?? .referral, state: S.text(row, 19),
        sender: agency(S.text(row, 20)), operatorName: S.optionalText(row, 21), addressees: agencies(S.text(row, 22)),
        copies: agencies(S.text(row, 23)), title: S.text(row, 24), drill: S.int64(row, 25) != 0,
        confidentiality: Int(S.int64(row, 26)), openedAt: S.int64(row, 27), updatedAt: S.int64(row, 28),
        lastSequence: S.int64(row, 29), workflow: S.text(row, 30))
      let attachments = String(decoding: S.blob(row, 4), as: UTF8.self).split(separator: ",").map(String.init)
      return OutboundItem(
        id: id, queuedAt: queuedAt,
        kind: .event(
          event, record, recipients: Party.decode(S.text(row, 2)), deadlineStart: S.optionalInt64(row, 3),
          attachments: attachments))
    case .action:
      return OutboundItem(id: id, queuedAt: queuedAt, kind: .action(S.blob(row, 4)))
    case .refusal:
      guard let refusal = try? JSONDecoder().decode(ForwardedRefusal.self, from: Data(S.blob(row, 4))) else {
        return nil
      }
      return OutboundItem(id: id, queuedAt: queuedAt, kind: .refusal(refusal))
    case .delivered:
      guard let notice = DeliveryNotice(encoded: S.blob(row, 4)) else { return nil }
      return OutboundItem(id: id, queuedAt: queuedAt, kind: .delivered(notice))
    case nil:
      return nil
    }
  }

  public func hasAttachment(_ sha256: String) async throws -> Bool {
    try await read { db in
      try Int.fetchOne(db, sql: "SELECT 1 FROM attachments WHERE sha256 = ?", arguments: [sha256]) != nil
    }
  }

  public func attachmentHome(_ sha256: String) async throws -> String? {
    try await read { db in
      try String.fetchOne(
        db,
        sql: """
          SELECT c.home FROM case_attachments a JOIN cases c ON c.number = a.case_number
          WHERE a.sha256 = ? AND c.home <> '' LIMIT 1
          """, arguments: [sha256])
    }
  }

  public func peerMayRead(attachment sha256: String, region: String) async throws -> Bool {
    try await read { db in
      let referenced = try Int.fetchOne(
        db,
        sql: """
          SELECT 1 FROM case_attachments a JOIN cases c ON c.number = a.case_number AND c.home = ''
          JOIN case_parties p ON p.case_number = a.case_number AND p.agency LIKE ? ESCAPE '\\'
          WHERE a.sha256 = ? LIMIT 1
          """, arguments: ["\(region).%", sha256])
      let forwarded = try Int.fetchOne(
        db,
        sql: """
          SELECT 1 FROM attachments a JOIN case_parties p ON p.agency = a.uploaded_by
          JOIN cases c ON c.number = p.case_number AND c.home = ? WHERE a.sha256 = ? LIMIT 1
          """, arguments: [region, sha256])
      return referenced != nil || forwarded != nil
    }
  }

  /// Depth and oldest item of the outbound queue of every peer that has one, by region.
  public func outboundStats() async throws -> [PeerQueueStats] {
    try await read(Self.outboundStats)
  }

  /// The outbound queues of a database file, read without opening it for writing (for
  /// `liaisond federation queue` beside a running broker).
  public static func outboundStats(path: String) throws -> [PeerQueueStats] {
    let queue = try DatabaseQueue(path: path, configuration: readOnlyConfiguration)
    return try queue.read { db in try db.tableExists("outbound") ? outboundStats(db) : [] }
  }

  private static func outboundStats(_ db: Database) throws -> [PeerQueueStats] {
    try Row.fetchAll(db, sql: "SELECT peer, count(*), min(queued_at) FROM outbound GROUP BY peer ORDER BY peer")
      .map { PeerQueueStats(peer: $0[0], depth: $0[1], oldestQueuedAt: $0[2]) }
  }
}
