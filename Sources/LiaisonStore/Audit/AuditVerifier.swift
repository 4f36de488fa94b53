import Foundation
import GRDB
import LiaisonCore

/// Recomputes the audit chain of a database file, read-only, and cross-checks it against the rows it
/// covers: every link's hash, every link's `previous`, the sequence of links, every event and every
/// acknowledged delivery. Used by `liaisond audit verify`; works on a copy or a backup as well.
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
    var report = Report()
    var previous = AuditLink.genesis
    var expectedSeq: Int64 = 1
    var eventLinks: [String: AuditLink] = [:]
    var ackLinks: [String: AuditLink] = [:]
    let rows = try Row.fetchCursor(db, sql: "SELECT \(columns) FROM audit ORDER BY seq")
    while let row = try rows.next() {
      let link = link(row)
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
      case .event, .escalationAcknowledgement: eventLinks[link.entry.ref] = link
      case .acknowledgement: ackLinks["\(link.seq)"] = link
      case .read, .attachmentRead: break
      }
      previous = link.hash
      expectedSeq = link.seq + 1
      report.head = link
    }
    let events = try Row.fetchCursor(db, sql: "SELECT \(SQLiteStore.eventColumns) FROM events ORDER BY seq")
    while let row = try events.next() {
      let event = SQLiteStore.eventRecord(row)
      guard let link = eventLinks.removeValue(forKey: event.id) else {
        report.problems.append(
          "event \(event.id) of case \(event.caseID) is not in the audit chain (inserted behind the broker?)")
        continue
      }
      if link.entry.digest != AuditLink.digest(of: event) {
        report.problems.append(
          "event \(event.id) of case \(event.caseID) was altered after it was recorded (link \(link.seq))")
      }
    }
    for link in eventLinks.values.sorted(by: { $0.seq < $1.seq }) {
      report.problems.append("event \(link.entry.ref) (link \(link.seq)) was deleted from the events table")
    }
    // Acknowledgements: each link covers the deliveries its ref lists, as the deliveries table
    // holds them now; every acknowledged delivery must be covered by a link.
    var covered: Set<Int64> = []
    let lookup = try db.makeStatement(sql: "SELECT agency, acked_at FROM deliveries WHERE id = ?")
    for link in ackLinks.values.sorted(by: { $0.seq < $1.seq }) {
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
    let acked = try Row.fetchCursor(db, sql: "SELECT id FROM deliveries WHERE acked_at IS NOT NULL ORDER BY id")
    while let row = try acked.next() {
      let id: Int64 = row[0]
      if !covered.contains(id) {
        report.problems.append(
          "delivery \(id) is marked acknowledged but the audit chain has no acknowledgement for it")
      }
    }
    report.problems.sort { linkNumber($0) < linkNumber($1) }
    return report
  }

  /// Orders problems by the first link number they name (those naming none last).
  private static func linkNumber(_ problem: String) -> Int64 {
    guard let range = problem.range(of: "link ") else { return .max }
    return Int64(problem[range.upperBound...].prefix { $0.isNumber }) ?? .max
  }
}
