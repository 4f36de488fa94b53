import Foundation
import GRDB
import LiaisonCore

/// Online backup and restore of a broker database with SQLite's backup API: the copy is one
/// consistent snapshot taken while the broker keeps committing, and its audit chain is verified
/// before a backup is reported done or a restore replaces anything.
public enum StoreBackup {
  /// What a backup or restore produced.
  public struct Summary: Sendable {
    /// Cases in the copy.
    public var cases: Int
    /// Events in the copy.
    public var events: Int
    /// The copy's audit head.
    public var head: AuditLink?
  }

  /// Copies the live database at `database` to a new file `file`.
  public static func backup(database: String, to file: String) throws -> Summary {
    guard FileManager.default.fileExists(atPath: database) else {
      throw LiaisonError(.configInvalid, "no database at \(database)")
    }
    guard !FileManager.default.fileExists(atPath: file) else {
      throw LiaisonError(.configInvalid, "\(file) exists; back up to a new file")
    }
    try copy(from: database, to: file, journal: "DELETE")
    return try check(file)
  }

  /// Replaces (or creates) `database` with the backup `file`, after verifying the backup's audit
  /// chain. The broker must be stopped. An existing database is replaced only with `replace`.
  public static func restore(from file: String, to database: String, replace: Bool) throws -> Summary {
    let summary = try check(file)
    if FileManager.default.fileExists(atPath: database) {
      guard replace else {
        throw LiaisonError(.configInvalid, "\(database) exists; stop the broker and pass --force to replace it")
      }
      for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: database + suffix) {
        try FileManager.default.removeItem(atPath: database + suffix)
      }
    }
    try copy(from: file, to: database, journal: "WAL")
    return summary
  }

  /// Copies one consistent snapshot of `source` (read-only, waiting for a busy writer) into a new
  /// file with the given journal mode (a single file for backups, WAL for a live database).
  private static func copy(from source: String, to destination: String, journal: String) throws {
    let from = try DatabasePool(path: source, configuration: SQLiteStore.readOnlyConfiguration)
    let to = try DatabaseQueue(path: destination)
    try from.backup(to: to)
    try to.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = \(journal)") }
    try to.close()
    try from.close()
  }

  /// Counts and verifies a copy; refuses one whose audit chain is broken.
  static func check(_ file: String) throws -> Summary {
    let report = try AuditVerifier.verify(path: file)
    guard report.isIntact else {
      throw LiaisonError(.configInvalid, "\(file): the audit chain is broken: \(report.problems[0])")
    }
    let queue = try DatabaseQueue(path: file, configuration: SQLiteStore.readOnlyConfiguration)
    defer { try? queue.close() }
    return try queue.read { db in
      Summary(
        cases: try Int.fetchOne(db, sql: "SELECT count(*) FROM cases") ?? 0,
        events: try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0, head: report.head)
    }
  }
}
