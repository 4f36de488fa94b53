import Foundation
import GRDB

/// Appends links to the audit chain inside the writer's open transaction, continuing from the last
/// stored link.
struct AuditAppender {
  private var seq: Int64
  private var previous: [UInt8]
  private let insert: PreparedStatement

  /// Continues the chain of `db` after its last link, or starts it.
  init(_ db: Database) throws {
    let head = try Self.head(db)
    seq = head?.seq ?? 0
    previous = head?.hash ?? AuditLink.genesis
    insert = try PreparedStatement(
      db, "INSERT INTO audit(seq, kind, ref, actor, at, digest, previous, hash) VALUES (?,?,?,?,?,?,?,?)")
  }

  /// Reads the chain's head.
  static func head(_ db: Database) throws -> (seq: Int64, hash: [UInt8])? {
    try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")).map { row in
      (row[0], [UInt8](row[1] as Data))
    }
  }

  /// Links `entry` after the current head.
  mutating func append(_ entry: AuditLink.Entry) throws {
    seq += 1
    let hash = AuditLink.hash(seq: seq, entry: entry, previous: previous)
    try insert.execute(
      .int(seq), .text(entry.kind.rawValue), .text(entry.ref), .text(entry.actor), .int(entry.at), .blob(entry.digest),
      .blob(previous), .blob(hash))
    previous = hash
  }
}
