import Foundation
import GRDB

/// Appends links to the audit chain inside the writer's open transaction, continuing from the last
/// stored link.
struct AuditAppender {
  private var seq: Int64
  private var previous: [UInt8]

  /// Continues after `head` (seq and hash of the last link), or starts the chain.
  init(head: (seq: Int64, hash: [UInt8])?) {
    seq = head?.seq ?? 0
    previous = head?.hash ?? AuditLink.genesis
  }

  /// Reads the chain's head.
  static func head(_ db: Database) throws -> (seq: Int64, hash: [UInt8])? {
    try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").map { row in
      (row[0], [UInt8](row[1] as Data))
    }
  }

  /// Links `entry` after the current head.
  mutating func append(_ db: Database, _ entry: AuditLink.Entry) throws {
    seq += 1
    let hash = AuditLink.hash(seq: seq, entry: entry, previous: previous)
    let statement = try db.cachedStatement(
      sql: "INSERT INTO audit(seq, kind, ref, actor, at, digest, previous, hash) VALUES (?,?,?,?,?,?,?,?)")
    try statement.execute(arguments: [
      seq, entry.kind.rawValue, entry.ref, entry.actor, entry.at, Data(entry.digest), Data(previous), Data(hash),
    ])
    previous = hash
  }
}
