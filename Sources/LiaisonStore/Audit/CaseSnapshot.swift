import Foundation
import GRDB
import LiaisonCore

/// What the audit chain records of a case as a transaction leaves it: every column of its row, the
/// agencies that may see it with their roles (`case_parties`, which decides who lists and reads
/// it) and the attachments it lists (`case_attachments`). Each transaction that changes a case
/// appends a `case` link with this digest; the verifier compares the newest one with the tables.
struct CaseSnapshot {
  /// The case's local number.
  var number: Int64
  var record: CaseRecord
  var rows: Rows

  /// What the case row's projection tables hold, kept by the writer next to the record.
  struct Rows {
    /// The region the case is homed at ('' for this broker's own).
    var home: String
    /// Agency → role, as `case_parties` holds them.
    var parties: [String: String]
    /// SHA-256 names of the attachments, as `case_attachments` holds them.
    var attachments: Set<String>
  }

  /// SHA-256 of the canonical encoding: the row's columns in a fixed order, then the parties and
  /// the attachments, each sorted.
  var digest: [UInt8] {
    var encoder = CanonicalHasher()
    encoder.append("case")
    encoder.append(number)
    encoder.append(record.id)
    encoder.append(record.channel.rawValue)
    encoder.append(record.state)
    encoder.append(record.sender.rawValue)
    encoder.append(record.operatorName ?? "")
    append(record.addressees, to: &encoder)
    append(record.copies, to: &encoder)
    encoder.append(record.title)
    encoder.append(record.drill ? 1 : 0)
    encoder.append(Int64(record.confidentiality))
    encoder.append(record.openedAt)
    encoder.append(record.updatedAt)
    encoder.append(record.lastSequence)
    encoder.append(record.workflow)
    append(record.supervisors, to: &encoder)
    encoder.append(record.rule)
    append(record.autoCopies, to: &encoder)
    append(record.receipted, to: &encoder)
    encoder.append(rows.home)
    encoder.append(Int64(rows.parties.count))
    for (agency, role) in rows.parties.sorted(by: { $0.key < $1.key }) {
      encoder.append(agency)
      encoder.append(role)
    }
    encoder.append(Int64(rows.attachments.count))
    for sha256 in rows.attachments.sorted() { encoder.append(sha256) }
    return encoder.finalize()
  }

  private func append(_ agencies: [AgencyID], to encoder: inout CanonicalHasher) {
    encoder.append(Int64(agencies.count))
    for agency in agencies { encoder.append(agency.rawValue) }
  }

  /// The projection rows of case `number` as stored.
  static func loadRows(_ db: Database, number: Int64) throws -> Rows {
    let home = try String.fetchOne(
      db.cachedStatement(sql: "SELECT home FROM cases WHERE number = ?"), arguments: [number])
    var parties: [String: String] = [:]
    for row in try Row.fetchAll(
      db.cachedStatement(sql: "SELECT agency, role FROM case_parties WHERE case_number = ?"), arguments: [number])
    {
      parties[row[0]] = row[1]
    }
    let attachments = try String.fetchAll(
      db.cachedStatement(sql: "SELECT sha256 FROM case_attachments WHERE case_number = ?"), arguments: [number])
    return Rows(home: home ?? "", parties: parties, attachments: Set(attachments))
  }

  /// The case `number` as stored, if it is.
  static func load(_ db: Database, number: Int64) throws -> CaseSnapshot? {
    guard
      let row = try Row.fetchOne(
        db.cachedStatement(sql: "SELECT \(SQLiteStore.caseColumns) FROM cases WHERE number = ?"), arguments: [number])
    else { return nil }
    return CaseSnapshot(number: number, record: SQLiteStore.caseRecord(row), rows: try loadRows(db, number: number))
  }
}
