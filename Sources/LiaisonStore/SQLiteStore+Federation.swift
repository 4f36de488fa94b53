import Foundation
import GRDB
import LiaisonCore

extension SQLiteStore: FederationStore {
  /// Queues a validated action on a case homed at the peer `home`, in one transaction: the case's
  /// replica must exist here with the actor as a party. `payload` is the wire encoding of the
  /// forwarded request. Completes once durable.
  public func forward(_ command: ActCommand, to home: String, payload: [UInt8]) async -> Result<Void, LiaisonError> {
    await withCheckedContinuation { continuation in
      enqueue(.forward(command, home: home, payload: payload) { continuation.resume(returning: $0) })
    }
  }

  /// Applies a batch received from `peer` in one transaction; items whose id was already applied
  /// are skipped, so a batch sent again after a lost acknowledgement changes nothing.
  public func applyInbound(_ items: [InboundItem], from peer: String) async -> InboundResult {
    await withCheckedContinuation { continuation in
      enqueue(.inbound(peer: peer, items) { continuation.resume(returning: $0) })
    }
  }

  /// Removes the items the peer acknowledged (written with the next commit).
  public func dequeueOutbound(peer: String, upTo id: Int64) {
    enqueue(.dequeue(peer: peer, upTo: id))
  }

  /// Calls `observer` after each commit that queued items, with the peers they are for.
  public func observeOutbound(_ observer: @escaping @Sendable (Set<String>) -> Void) {
    outboundObserverSlot.withLock { $0 = observer }
  }

  /// Up to `limit` items queued for `peer` after `id`, in queue order.
  public func outbound(peer: String, after id: Int64, limit: Int) async throws -> [OutboundItem] {
    try await pool.read { db in
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT id, kind, event_seq, recipients, clock_start, payload, queued_at FROM outbound
          WHERE peer = ? AND id > ? ORDER BY id LIMIT ?
          """, arguments: [peer, id, limit])
      var cases: [String: CaseRecord] = [:]
      var items: [OutboundItem] = []
      for row in rows {
        let (itemID, kind, queuedAt): (Int64, String, Int64) = (row[0], row[1], row[6])
        let payload = Self.bytes(row[5])
        switch kind {
        case "event":
          guard
            let eventRow = try Row.fetchOne(
              db.cachedStatement(sql: "SELECT \(Self.eventColumns) FROM events WHERE seq = ?"), arguments: [row[2]])
          else { continue }
          let event = Self.eventRecord(eventRow)
          if cases[event.caseID] == nil {
            cases[event.caseID] = try Row.fetchOne(
              db.cachedStatement(sql: "SELECT \(Self.caseColumns) FROM cases WHERE number = ? AND id = ?"),
              arguments: [number(ofCase: event.caseID, db) ?? 0, event.caseID]
            ).map(Self.caseRecord)
          }
          guard let record = cases[event.caseID] else { continue }
          items.append(
            OutboundItem(
              id: itemID, queuedAt: queuedAt,
              kind: .event(event, record, recipients: Party.decode(row[3]), clockStart: row[4])))
        case "action":
          items.append(OutboundItem(id: itemID, queuedAt: queuedAt, kind: .action(payload)))
        case "refusal":
          let refusal = try JSONDecoder().decode(ForwardedRefusal.self, from: Data(payload))
          items.append(OutboundItem(id: itemID, queuedAt: queuedAt, kind: .refusal(refusal)))
        default:
          let notice = try JSONDecoder().decode(DeliveryNotice.self, from: Data(payload))
          items.append(OutboundItem(id: itemID, queuedAt: queuedAt, kind: .delivered(notice)))
        }
      }
      return items
    }
  }

  /// Depth and oldest item of the outbound queue of every peer that has one, by region.
  public func outboundStats() async throws -> [PeerQueueStats] {
    try await pool.read { db in
      try Row.fetchAll(
        db, sql: "SELECT peer, count(*), min(queued_at) FROM outbound GROUP BY peer ORDER BY peer"
      ).map { PeerQueueStats(peer: $0[0], depth: $0[1], oldestQueuedAt: $0[2]) }
    }
  }

  /// The outbound queues of a database file, read without opening it for writing (for
  /// `liaisond federation queue` beside a running broker).
  public static func outboundStats(path: String) throws -> [PeerQueueStats] {
    let queue = try DatabaseQueue(path: path, configuration: readOnlyConfiguration)
    return try queue.read { db in
      guard try db.tableExists("outbound") else { return [] }
      return try Row.fetchAll(
        db, sql: "SELECT peer, count(*), min(queued_at) FROM outbound GROUP BY peer ORDER BY peer"
      ).map { PeerQueueStats(peer: $0[0], depth: $0[1], oldestQueuedAt: $0[2]) }
    }
  }
}
