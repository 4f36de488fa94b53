import Crypto
import Foundation
import GRDB
import LiaisonCore

/// Recomputes the audit chain of a database file, read-only, and cross-checks it against the rows it
/// covers: every link's hash, every link's `previous`, the sequence of links, every event (with its
/// place in the global order and its case), every acknowledged delivery, every case row with its
/// parties and attachments, every delivery's recipient and every attachment's row and bytes. Used by `liaisond audit verify`; works on a copy or a backup as well.
public enum AuditVerifier {
  /// What a verification found.
  public struct Report: Sendable {
    /// Links read.
    public var links = 0
    /// Links by kind.
    public var byKind: [AuditLink.Kind: Int] = [:]
    /// The last link (the head to compare with an exported one).
    public var head: AuditLink?
    /// Every problem, in chain order; the first names the first broken link.
    public var problems: [String] = []

    /// Whether the chain and the rows agree.
    public var isIntact: Bool { problems.isEmpty }
  }

  /// Verifies the chain of the database at `path`.
  public static func verify(path: String) throws -> Report {
    guard FileManager.default.fileExists(atPath: path) else {
      throw LiaisonError(.configInvalid, "no database at \(path)")
    }
    let queue = try DatabaseQueue(path: path, configuration: SQLiteStore.readOnlyConfiguration)
    return try queue.read { db in try verify(db) }
  }

  /// The last link of the chain of the database at `path`, if any.
  public static func head(path: String) throws -> AuditLink? {
    return try DatabaseQueue(path: path, configuration: SQLiteStore.readOnlyConfiguration).read { db in
      try Row.fetchOne(db, sql: "SELECT \(columns) FROM audit ORDER BY seq DESC LIMIT 1").map(link)
    }
  }

  /// The link `seq` of the database at `path`, if present.
  public static func link(seq: Int64, path: String) throws -> AuditLink? {
    return try DatabaseQueue(path: path, configuration: SQLiteStore.readOnlyConfiguration).read { db in
      try Row.fetchOne(db, sql: "SELECT \(columns) FROM audit WHERE seq = ?", arguments: [seq]).map(link)
    }
  }

  static let columns = "seq, kind, ref, actor, at, digest, previous, hash"

  static func link(_ row: Row) -> AuditLink {
    AuditLink(
      seq: row[0],
      entry: .init(
        kind: AuditLink.Kind(rawValue: row[1]) ?? .event, ref: row[2], actor: row[3], at: row[4],
        digest: [UInt8](row[5] as Data)),
      previous: [UInt8](row[6] as Data), hash: [UInt8](row[7] as Data))
  }

  static func verify(_ db: Database) throws -> Report {
    var chain = try Chain(db, from: 1)
    try chain.read(db)
    var report = chain.report
    let format = try formatSeq(db)
    // Events: every row is linked, and matches its link.
    var eventLinkSeq: [Int64: Int64] = [:]
    let events = try Row.fetchCursor(
      db, sql: "SELECT \(SQLiteStore.eventColumns), case_number FROM events ORDER BY seq")
    while let row = try events.next() {
      let event = SQLiteStore.eventRecord(row)
      guard let link = chain.events.removeValue(forKey: event.id) else {
        report.problems.append(
          "event \(event.id) of case \(event.caseID) is not in the audit chain (inserted behind the broker?)")
        continue
      }
      eventLinkSeq[event.seq] = link.seq
      if let problem = check(event, caseNumber: row[12], against: link, format: format) {
        report.problems.append(problem)
      }
    }
    for link in chain.events.values.sorted(by: { $0.seq < $1.seq }) {
      report.problems.append("event \(link.entry.ref) (link \(link.seq)) was deleted from the events table")
    }
    try checkAcknowledgements(db, chain.acknowledgements, into: &report)
    let parties = try checkCases(db, chain.cases, into: &report)
    try checkDeliveries(db, parties: parties, eventLinks: eventLinkSeq, into: &report)
    try checkAttachments(db, chain.uploads, maxBytes: .max, into: &report)
    report.problems.sort { linkNumber($0) < linkNumber($1) }
    return report
  }

  /// The check the broker runs when it opens a database: the newest `window` links, with the
  /// events, cases and attachments they record, against the tables (the full check reads every
  /// row and is `liaisond audit verify`). Returns the problems, the first broken link first.
  static func quickCheck(_ db: Database, links window: Int) throws -> [String] {
    let head = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM audit") ?? 0
    guard head > 0 else {
      let events = try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM events LIMIT 1)") ?? 0
      return events == 0 ? [] : ["the events table has rows but the audit chain is empty (deleted?)"]
    }
    var chain = try Chain(db, from: max(1, head - Int64(window) + 1))
    try chain.read(db)
    var problems = chain.report.problems
    let format = try formatSeq(db)
    // The newest events are exactly those the newest event links record, in the same order.
    let rows = try Row.fetchAll(
      db, sql: "SELECT \(SQLiteStore.eventColumns), case_number FROM events ORDER BY seq DESC LIMIT ?",
      arguments: [chain.events.count])
    var parties: [Int64: [String: String]] = [:]
    var eventLinkSeq: [Int64: Int64] = [:]
    for row in rows {
      let event = SQLiteStore.eventRecord(row)
      let number: Int64 = row[12]
      if parties[number] == nil { parties[number] = try CaseSnapshot.loadRows(db, number: number).parties }
      guard let link = chain.events.removeValue(forKey: event.id) else {
        problems.append(
          "event \(event.id) of case \(event.caseID) (seq \(event.seq)) is not among the newest links of the audit chain (inserted behind the broker, or moved in the global order?)"
        )
        continue
      }
      eventLinkSeq[event.seq] = link.seq
      if let problem = check(event, caseNumber: number, against: link, format: format) { problems.append(problem) }
    }
    for link in chain.events.values.sorted(by: { $0.seq < $1.seq }) {
      problems.append(
        "event \(link.entry.ref) (link \(link.seq)) was deleted from the events table, or moved in the global order")
    }
    for (id, link) in chain.cases.sorted(by: { $0.value.seq < $1.value.seq }) {
      guard let number = try caseNumber(db, id: id), let snapshot = try CaseSnapshot.load(db, number: number) else {
        problems.append("case \(id) (link \(link.seq)) was deleted from the cases table")
        continue
      }
      if snapshot.digest != link.entry.digest { problems.append(caseChanged(id, link)) }
    }
    var report = Report()
    try checkAcknowledgements(db, chain.acknowledgements, complete: false, into: &report)
    if let oldest = eventLinkSeq.keys.min() {
      try checkDeliveries(db, parties: parties, eventLinks: eventLinkSeq, from: oldest << 8, into: &report)
    }
    try checkAttachments(db, chain.uploads, maxBytes: 256 << 20, only: true, into: &report)
    problems += report.problems
    problems.sort { linkNumber($0) < linkNumber($1) }
    return problems
  }

  /// The links of a chain from `from` to the head, checked link by link, by what they record.
  private struct Chain {
    var report = Report()
    var events: [String: AuditLink] = [:]
    var acknowledgements: [AuditLink] = []
    /// The newest link of each case, by case id.
    var cases: [String: AuditLink] = [:]
    /// The upload link of each attachment, by SHA-256.
    var uploads: [String: AuditLink] = [:]
    private var previous: [UInt8]
    private let from: Int64

    init(_ db: Database, from: Int64) throws {
      self.from = from
      previous =
        from <= 1
        ? AuditLink.genesis
        : try Row.fetchOne(db, sql: "SELECT hash FROM audit WHERE seq = ?", arguments: [from - 1])
          .map { [UInt8]($0[0] as Data) } ?? AuditLink.genesis
    }

    mutating func read(_ db: Database) throws {
      var expectedSeq = from
      let rows = try Row.fetchCursor(
        db, sql: "SELECT \(columns) FROM audit WHERE seq >= ? ORDER BY seq", arguments: [from])
      while let row = try rows.next() {
        let link = AuditVerifier.link(row)
        report.links += 1
        report.byKind[link.entry.kind, default: 0] += 1
        if AuditLink.Kind(rawValue: row[1]) == nil {
          report.problems.append("link \(link.seq): unknown kind '\(row[1] as String)'")
        }
        if link.seq != expectedSeq {
          report.problems.append(
            "link \(expectedSeq)\(link.seq > expectedSeq + 1 ? "–\(link.seq - 1)" : "") is missing: the chain jumps to link \(link.seq) (deleted rows?)"
          )
        }
        if link.previous != previous {
          report.problems.append(
            "link \(link.seq) does not follow the link before it: its previous hash is \(Hex.encode(link.previous).prefix(16))…, the chain gives \(Hex.encode(previous).prefix(16))… (rows deleted, inserted or reordered?)"
          )
        }
        if !link.isSelfConsistent {
          report.problems.append(
            "link \(link.seq) (\(link.entry.kind.rawValue) \(link.entry.ref)) was altered: its hash does not match its fields"
          )
        }
        switch link.entry.kind {
        case .event, .escalationAcknowledgement: events[link.entry.ref] = link
        case .acknowledgement: acknowledgements.append(link)
        case .caseState: cases[link.entry.ref] = link
        case .upload: uploads[link.entry.ref] = link
        case .read, .attachmentRead, .format: break
        }
        previous = link.hash
        expectedSeq = link.seq + 1
        report.head = link
      }
    }
  }

  /// The seq of the link from which event links cover seq and case number (none: all do).
  private static func formatSeq(_ db: Database) throws -> Int64? {
    try Int64.fetchOne(
      db, sql: "SELECT min(seq) FROM audit WHERE kind = ? AND ref = ?",
      arguments: [AuditLink.Kind.format.rawValue, AuditLink.eventFormat])
  }

  private static func check(_ event: EventRecord, caseNumber: Int64, against link: AuditLink, format: Int64?)
    -> String?
  {
    let digest =
      if let format, link.seq < format {
        AuditLink.digestBeforeFormat(of: event)
      } else {
        AuditLink.digest(of: event, caseNumber: caseNumber)
      }
    guard digest != link.entry.digest else { return nil }
    return
      "event \(event.id) of case \(event.caseID) was altered after it was recorded (link \(link.seq)): a field, its place in the global order (seq \(event.seq)) or its case number (\(caseNumber)) differs"
  }

  private static func caseChanged(_ id: String, _ link: AuditLink) -> String {
    "case \(id) was changed after link \(link.seq) recorded it: its row (state, addressees, copies …), its parties or its attachments differ (edited behind the broker?)"
  }

  /// The local number of the case `id`: parsed (this broker's cases) or looked up (replicas).
  private static func caseNumber(_ db: Database, id: String) throws -> Int64? {
    if let number = SQLiteStore.caseNumber(id),
      try String.fetchOne(db, sql: "SELECT id FROM cases WHERE number = ?", arguments: [number]) == id
    {
      return number
    }
    return try Int64.fetchOne(db, sql: "SELECT number FROM cases WHERE id = ? AND home <> ''", arguments: [id])
  }

  /// Acknowledgements: each link covers the deliveries its ref lists, as the deliveries table holds
  /// them now; every acknowledged delivery must be covered by a link.
  /// `complete` also checks that every acknowledged delivery is covered (a scan of them all).
  private static func checkAcknowledgements(
    _ db: Database, _ links: [AuditLink], complete: Bool = true, into report: inout Report
  ) throws {
    var covered: Set<Int64> = []
    let lookup = try db.makeStatement(sql: "SELECT agency, acked_at FROM deliveries WHERE id = ?")
    for link in links {
      let ids = link.entry.ref.split(separator: ",").compactMap { Int64($0) }
      var rows: [(delivery: Int64, agency: String, at: Int64)] = []
      var missing: [Int64] = []
      for id in ids {
        covered.insert(id)
        guard let row = try Row.fetchOne(lookup, arguments: [id]), let at = row[1] as Int64? else {
          missing.append(id)
          continue
        }
        // Acknowledgements linked without their agency (the store used alone) fix the time only.
        rows.append((id, link.entry.actor.isEmpty ? "" : row[0], at))
      }
      if !missing.isEmpty {
        report.problems.append(
          "link \(link.seq) records the acknowledgement of deliveries \(missing.map(String.init).joined(separator: ", ")) but the deliveries table says otherwise"
        )
      } else if AuditLink.acknowledgementDigest(rows) != link.entry.digest {
        report.problems.append(
          "link \(link.seq): the acknowledgements of deliveries \(link.entry.ref.prefix(60)) were altered")
      }
    }
    guard complete else { return }
    let acked = try Row.fetchCursor(db, sql: "SELECT id FROM deliveries WHERE acked_at IS NOT NULL ORDER BY id")
    while let row = try acked.next() {
      let id: Int64 = row[0]
      if !covered.contains(id) {
        report.problems.append(
          "delivery \(id) is marked acknowledged but the audit chain has no acknowledgement for it")
      }
    }
  }

  /// Every case row, with its parties and attachments, against the newest link of the case;
  /// returns the parties of each case by local number.
  private static func checkCases(_ db: Database, _ links: [String: AuditLink], into report: inout Report) throws
    -> [Int64: [String: String]]
  {
    var links = links
    var parties: [Int64: [String: String]] = [:]
    for row in try Row.fetchAll(db, sql: "SELECT case_number, agency, role FROM case_parties") {
      parties[row[0], default: [:]][row[1]] = row[2]
    }
    var attachments: [Int64: Set<String>] = [:]
    for row in try Row.fetchAll(db, sql: "SELECT case_number, sha256 FROM case_attachments") {
      attachments[row[0], default: []].insert(row[1])
    }
    var numbers: Set<Int64> = []
    let cases = try Row.fetchCursor(
      db, sql: "SELECT \(SQLiteStore.caseColumns), number, home FROM cases ORDER BY number")
    while let row = try cases.next() {
      let record = SQLiteStore.caseRecord(row)
      let number: Int64 = row[18]
      numbers.insert(number)
      guard let link = links.removeValue(forKey: record.id) else {
        report.problems.append("case \(record.id) is not in the audit chain (inserted behind the broker?)")
        continue
      }
      if Channel(rawValue: row[1]) == nil {
        report.problems.append("case \(record.id) (link \(link.seq)): unknown channel '\(row[1] as String)'")
      }
      let snapshot = CaseSnapshot(
        number: number, record: record,
        rows: .init(home: row[19], parties: parties[number] ?? [:], attachments: attachments[number] ?? []))
      if snapshot.digest != link.entry.digest { report.problems.append(caseChanged(record.id, link)) }
    }
    for link in links.values.sorted(by: { $0.seq < $1.seq }) {
      report.problems.append("case \(link.entry.ref) (link \(link.seq)) was deleted from the cases table")
    }
    for number in Set(parties.keys).union(attachments.keys).subtracting(numbers).sorted() {
      report.problems.append(
        "case number \(number) has parties or attachments but no case row (inserted behind the broker?)")
    }
    return parties
  }

  /// Every delivery (from delivery id `from`) belongs to an event and goes to a party of that
  /// event's case.
  private static func checkDeliveries(
    _ db: Database, parties: [Int64: [String: String]], eventLinks: [Int64: Int64], from: Int64 = 0,
    into report: inout Report
  ) throws {
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT d.id, d.agency, e.seq, e.id, e.case_id, e.case_number
        FROM deliveries d LEFT JOIN events e ON e.seq = d.id >> 8 WHERE d.id >= ? ORDER BY d.id
        """, arguments: [from])
    while let row = try rows.next() {
      let id: Int64 = row[0]
      let agency: String = row[1]
      guard let seq = row[2] as Int64? else {
        report.problems.append("delivery \(id) to \(agency) belongs to no event (inserted behind the broker?)")
        continue
      }
      let number: Int64 = row[5]
      if parties[number]?[agency] == nil {
        report.problems.append(
          "delivery \(id) of event \(row[3] as String) (link \(eventLinks[seq].map(String.init) ?? "?")) goes to \(agency), who is not a party to case \(row[4] as String) (changed behind the broker?)"
        )
      }
    }
  }

  /// Every attachment row against its upload link, its bytes against their SHA-256 name (up to
  /// `maxBytes` of bytes, the newest uploads first); `only` checks the attachments `links` names.
  private static func checkAttachments(
    _ db: Database, _ links: [String: AuditLink], maxBytes: Int, only: Bool = false, into report: inout Report
  ) throws {
    var links = links
    var budget = maxBytes
    let sql = "SELECT sha256, size, media_type, title, uploaded_by, uploaded_at, data FROM attachments"
    let rows: RowCursor
    if only {
      let names = links.keys.sorted()
      guard !names.isEmpty else { return }
      rows = try Row.fetchCursor(
        db,
        sql: sql + " WHERE sha256 IN (\(names.map { _ in "?" }.joined(separator: ","))) ORDER BY uploaded_at DESC",
        arguments: StatementArguments(names))
    } else {
      rows = try Row.fetchCursor(db, sql: sql + " ORDER BY uploaded_at DESC")
    }
    while let row = try rows.next() {
      let record = SQLiteStore.attachmentRecord(row)
      let name = "attachment \(record.sha256.prefix(16))…"
      guard let link = links.removeValue(forKey: record.sha256) else {
        report.problems.append("\(name) is not in the audit chain (inserted behind the broker?)")
        continue
      }
      if AuditLink.uploadDigest(record) != link.entry.digest {
        report.problems.append(
          "\(name) was changed after link \(link.seq) recorded its upload: its size, media type, title, uploader or time differ"
        )
      }
      guard budget > 0 else { continue }
      let data = SQLiteStore.bytes(row[6])
      budget -= data.count
      if data.count != record.size || Hex.encode(Array(SHA256.hash(data: data))) != record.sha256 {
        report.problems.append(
          "\(name) (link \(link.seq)): its stored bytes no longer match their SHA-256 name (replaced behind the broker?)"
        )
      }
    }
    if !only {
      for link in links.values.sorted(by: { $0.seq < $1.seq }) {
        report.problems.append(
          "attachment \(link.entry.ref.prefix(16))… (link \(link.seq)) was deleted from the attachments table")
      }
    }
  }

  /// Orders problems by the first link number they name (those naming none last).
  private static func linkNumber(_ problem: String) -> Int64 {
    guard let range = problem.range(of: "link ") else { return .max }
    return Int64(problem[range.upperBound...].prefix { $0.isNumber }) ?? .max
  }
}
