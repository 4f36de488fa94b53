import Crypto
import Foundation
import GRDB
import LiaisonCore

extension SQLiteStore {
  /// The local number of a case (see ``caseNumber(_:region:db:)``).
  func number(ofCase id: String, _ db: Database) throws -> Int64? {
    try Self.caseNumber(id, region: configuration.region, db: db)
  }

  public func caseRecord(_ id: String) async throws -> CaseRecord? {
    try await read { db in
      try Row.fetchOne(
        db, sql: "SELECT \(Self.caseColumns) FROM cases WHERE number = ? AND id = ?",
        arguments: [number(ofCase: id, db) ?? 0, id]
      ).map(Self.caseRecord)
    }
  }

  public func events(ofCase id: String) async throws -> [EventRecord] {
    try await read { db in
      try Row.fetchAll(
        db, sql: "SELECT \(Self.eventColumns) FROM events WHERE case_number = ? AND case_id = ? ORDER BY seq",
        arguments: [number(ofCase: id, db) ?? 0, id]
      ).map { Self.eventRecord($0) }
    }
  }

  public func deliveries(ofCase id: String) async throws -> [DeliveryRecord] {
    try await read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT \(Self.deliveryColumns) FROM events e
          JOIN deliveries d ON d.id BETWEEN e.seq * 256 AND e.seq * 256 + 255
          WHERE e.case_number = ? AND e.case_id = ? ORDER BY d.id
          """, arguments: [number(ofCase: id, db) ?? 0, id]
      ).map(Self.deliveryRecord)
    }
  }

  public func listCases(for agency: AgencyID, _ filter: CaseListFilter) async throws -> ([CaseRecord], Int64?) {
    try await read { db in
      var sql = """
        SELECT \(Self.caseColumns.split(separator: ",").map { "c." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")), p.case_number
        FROM case_parties p JOIN cases c ON c.number = p.case_number WHERE p.agency = ?
        """
      var arguments: [(any DatabaseValueConvertible)?] = [agency.rawValue]
      if filter.role == .supervisor {
        // Supervisors named by an escalation, including parties (e.g. a copied procuratorate).
        sql += " AND (p.role = ? OR ',' || c.supervisors || ',' LIKE ?)"
        arguments.append(PartyRole.supervisor.rawValue)
        arguments.append("%,\(agency.rawValue),%")
      } else if let role = filter.role {
        sql += " AND p.role = ?"
        arguments.append(role.rawValue)
      }
      if let channel = filter.channel {
        sql += " AND c.channel = ?"
        arguments.append(channel.rawValue)
      }
      if let state = filter.state {
        sql += " AND c.state = ?"
        arguments.append(state)
      }
      if let before = filter.before {
        sql += " AND p.case_number < ?"
        arguments.append(before)
      }
      if let dueBefore = filter.dueBefore {
        sql +=
          " AND EXISTS (SELECT 1 FROM clocks k WHERE k.case_number = p.case_number AND k.status = 'running' AND k.due_at <= ?)"
        arguments.append(dueBefore)
      }
      sql += " ORDER BY p.case_number DESC LIMIT ?"
      arguments.append(filter.limit + 1)
      let rows = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
      let page = rows.prefix(filter.limit)
      let next: Int64? = rows.count > filter.limit ? page.last?[18] : nil
      return (page.map(Self.caseRecord), next)
    }
  }

  public func deadlines(ofCase id: String) async throws -> [CaseDeadline] {
    try await read { db in
      try Row.fetchAll(
        db, sql: "SELECT \(Self.clockColumns) FROM clocks WHERE case_number = ? ORDER BY position",
        arguments: [number(ofCase: id, db) ?? 0]
      ).map(Self.caseDeadline)
    }
  }

  public func deadlines(ofCases ids: [String]) async throws -> [String: [CaseDeadline]] {
    return try await read { db in
      let numbers = Dictionary(try ids.compactMap { id in try number(ofCase: id, db).map { ($0, id) } }) { first, _ in
        first
      }
      guard !numbers.isEmpty else { return [:] }
      let marks = Array(repeating: "?", count: numbers.count).joined(separator: ",")
      var result: [String: [CaseDeadline]] = [:]
      for row in try Row.fetchAll(
        db,
        sql:
          "SELECT \(Self.clockColumns), case_number FROM clocks WHERE case_number IN (\(marks)) ORDER BY case_number, position",
        arguments: StatementArguments(Array(numbers.keys)))
      {
        let number: Int64 = row[Self.clockColumnCount]  // after the clock columns
        guard let id = numbers[number] else { continue }
        result[id, default: []].append(Self.caseDeadline(row))
      }
      return result
    }
  }

  public func casesWithProvisionalDeadlines(after cursor: Int64, limit: Int) async throws -> [(
    cursor: Int64, caseID: String
  )] {
    try await read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT c.number, c.id FROM cases c WHERE c.number IN (
            SELECT DISTINCT case_number FROM clocks WHERE provisional = 1 AND status = 'running' AND case_number > ?
            ORDER BY case_number LIMIT ?)
          ORDER BY c.number
          """, arguments: [cursor, limit]
      ).map { (cursor: $0[0], caseID: $0[1]) }
    }
  }

  public func dueAlarms(at now: Int64, limit: Int) async throws -> [String] {
    try await read { db in
      try String.fetchAll(
        db,
        sql: """
          SELECT c.id FROM cases c WHERE c.number IN (
            SELECT case_number FROM clocks WHERE next_at IS NOT NULL AND next_at <= ?
            GROUP BY case_number ORDER BY min(next_at) LIMIT ?)
          ORDER BY c.number
          """, arguments: [now, limit])
    }
  }

  /// The earliest time an alarm is due, if any (through the partial index on `next_at`).
  public func nextAlarm() async throws -> Int64? {
    try await read { db in
      try Int64.fetchOne(db, sql: "SELECT min(next_at) FROM clocks WHERE next_at IS NOT NULL")
    }
  }

  public func pendingDeliveries() async throws -> [(DeliveryRecord, EventRecord)] {
    try await read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT \(Self.deliveryColumns), \(Self.eventColumns.split(separator: ",").map { "e." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))
          FROM deliveries d JOIN events e ON e.seq = d.id >> 8 WHERE d.acked_at IS NULL ORDER BY d.id
          """
      ).map { (Self.deliveryRecord($0), Self.eventRecord($0, offset: 10)) }
    }
  }

  public func putAttachment(_ record: AttachmentRecord, data: [UInt8]) async throws {
    try await write { db in
      try db.execute(
        sql: """
          INSERT OR IGNORE INTO attachments(sha256, size, media_type, title, uploaded_by, uploaded_at, data)
          VALUES (?,?,?,?,?,?,?)
          """,
        arguments: [
          record.sha256, record.size, record.mediaType, record.title, record.uploadedBy.rawValue, record.uploadedAt,
          Data(data),
        ])
      // A new attachment is an audit link (its row decides who may download it before a case
      // lists it); the same bytes uploaded again change nothing.
      if db.changesCount == 1 {
        var audit = try AuditAppender(db)
        try audit.append(AuditLink.entry(forUpload: record))
      }
    }
  }

  public func attachment(_ sha256: String) async throws -> (AttachmentRecord, [UInt8])? {
    let found = try await read { db in
      try Row.fetchOne(
        db,
        sql: "SELECT sha256, size, media_type, title, uploaded_by, uploaded_at, data FROM attachments WHERE sha256 = ?",
        arguments: [sha256]
      ).map { row in
        (
          Self.attachmentRecord(row), Self.bytes(row[6])
        )
      }
    }
    // Bytes are named by their SHA-256: never serve bytes that no longer match their name.
    if let (record, data) = found, Hex.encode(Array(SHA256.hash(data: data))) != record.sha256 {
      throw LiaisonError(
        .internalError,
        "the stored bytes of attachment \(record.sha256) do not match its SHA-256: the database was changed outside the broker (run liaisond audit verify)"
      )
    }
    return found
  }

  public func access(toAttachment sha256: String, by agency: AgencyID) async throws -> AttachmentAccess {
    try await read { db in
      let uploader =
        try Int.fetchOne(
          db, sql: "SELECT 1 FROM attachments WHERE sha256 = ? AND uploaded_by = ?",
          arguments: [sha256, agency.rawValue])
        != nil
      let cases = try Row.fetchAll(
        db,
        sql: """
          SELECT \(Self.caseColumns.split(separator: ",").map { "c." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))
          FROM case_attachments a JOIN case_parties p ON p.agency = ? AND p.case_number = a.case_number
          JOIN cases c ON c.number = a.case_number WHERE a.sha256 = ?
          """, arguments: [agency.rawValue, sha256]
      ).map(Self.caseRecord)
      return AttachmentAccess(uploader: uploader, cases: cases)
    }
  }

}

extension SQLiteStore {
  /// Open statutory clocks (running or paused), those past due and those due on a provisional
  /// calendar, by channel, for the metrics; drill cases are left out (nobody is really late).
  public func deadlineCounts(now: Int64) async throws -> [(channel: String, open: Int, missed: Int, provisional: Int)] {
    try await read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT c.channel, count(*), sum(CASE WHEN k.status = 'running' AND k.due_at < ? THEN 1 ELSE 0 END),
            sum(CASE WHEN k.status = 'running' AND k.provisional = 1 THEN 1 ELSE 0 END)
          FROM clocks k JOIN cases c ON c.number = k.case_number
          WHERE k.status IN ('running', 'paused') AND c.drill = 0 GROUP BY c.channel
          """, arguments: [now]
      ).map { row in (channel: row[0], open: row[1], missed: row[2], provisional: row[3]) }
    }
  }
}

extension SQLiteStore {
  /// For offline readers of a database file (audit verification, backups): read-only, waiting up
  /// to 10 s when the broker's writer holds a lock.
  static var readOnlyConfiguration: GRDB.Configuration {
    var configuration = GRDB.Configuration()
    configuration.readonly = true
    configuration.busyMode = .timeout(10)
    return configuration
  }
}
