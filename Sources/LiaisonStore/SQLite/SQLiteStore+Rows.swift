import Foundation
import GRDB
import LiaisonCore

extension SQLiteStore {
  static let caseColumns =
    "id, channel, state, sender, operator, addressees, copies, title, drill, confidentiality, opened_at, updated_at, last_sequence, workflow, supervisors, rule, auto_copies, receipted"
  static let eventColumns =
    "seq, id, case_id, sequence, action, actor, operator, time, state, idempotency_key, content, signature"
  static let deliveryColumns =
    "d.id, e.seq, e.id, e.sequence, e.case_id, d.agency, d.role, d.acked_at, d.attempts, d.last_error"

  static func caseRecord(_ row: Row) -> CaseRecord {
    caseRecord(row, offset: 0)
  }

  static func caseRecord(_ row: Row, offset o: Int) -> CaseRecord {
    var record = CaseRecord(
      id: row[o], channel: Channel(rawValue: row[o + 1]) ?? .referral, state: row[o + 2], sender: agency(row[o + 3]),
      operatorName: row[o + 4], addressees: agencies(row[o + 5]), copies: agencies(row[o + 6]), title: row[o + 7],
      drill: row[o + 8], confidentiality: row[o + 9], openedAt: row[o + 10], updatedAt: row[o + 11],
      lastSequence: row[o + 12], workflow: row[o + 13])
    record.supervisors = agencies(row[o + 14])
    record.rule = row[o + 15]
    record.autoCopies = agencies(row[o + 16])
    record.receipted = agencies(row[o + 17])
    return record
  }

  /// A case row read through the C API (the writer's hot path): the ``caseColumns``, in order.
  static func caseRecord(statement row: OpaquePointer) -> CaseRecord {
    typealias S = PreparedStatement
    var record = CaseRecord(
      id: S.text(row, 0), channel: Channel(rawValue: S.text(row, 1)) ?? .referral, state: S.text(row, 2),
      sender: agency(S.text(row, 3)), operatorName: S.optionalText(row, 4), addressees: agencies(S.text(row, 5)),
      copies: agencies(S.text(row, 6)), title: S.text(row, 7), drill: S.int64(row, 8) != 0,
      confidentiality: Int(S.int64(row, 9)), openedAt: S.int64(row, 10), updatedAt: S.int64(row, 11),
      lastSequence: S.int64(row, 12), workflow: S.text(row, 13))
    record.supervisors = agencies(S.text(row, 14))
    record.rule = S.text(row, 15)
    record.autoCopies = agencies(S.text(row, 16))
    record.receipted = agencies(S.text(row, 17))
    return record
  }

  static func eventRecord(_ row: Row, offset: Int = 0) -> EventRecord {
    EventRecord(
      seq: row[offset], id: row[offset + 1], caseID: row[offset + 2], sequence: row[offset + 3],
      action: CaseAction(row[offset + 4] as String), actor: agency(row[offset + 5]), operatorName: row[offset + 6],
      time: row[offset + 7],
      state: row[offset + 8], idempotencyKey: row[offset + 9], content: bytes(row[offset + 10]),
      signature: bytes(row[offset + 11]))
  }

  static func deliveryRecord(_ row: Row) -> DeliveryRecord {
    DeliveryRecord(
      id: row[0], eventSeq: row[1], eventID: row[2], sequence: row[3], caseID: row[4], agency: agency(row[5]),
      role: PartyRole(rawValue: row[6]) ?? .addressee, acknowledgedAt: row[7], attempts: row[8], lastError: row[9])
  }

  /// The number of a case id this store assigned (`<region>.c<number>`), or `nil`.
  static func caseNumber(_ id: String) -> Int64? {
    // The digits after the last ".c" (parsed by hand: this runs for every command).
    let utf8 = id.utf8
    guard let dot = utf8.lastIndex(of: UInt8(ascii: ".")), utf8[utf8.index(after: dot)...].first == UInt8(ascii: "c")
    else { return nil }
    var number: Int64 = 0
    var digits = 0
    for byte in utf8[utf8.index(dot, offsetBy: 2)...] {
      guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 18 else { return nil }
      number = number * 10 + Int64(byte - UInt8(ascii: "0"))
      digits += 1
    }
    return digits > 0 ? number : nil
  }

  /// The local number of any case this store holds: parsed from the id when `region` (this broker)
  /// is its home, otherwise looked up among the replicas of peers' cases.
  static func caseNumber(_ id: String, region: String, db: Database) throws -> Int64? {
    if id.hasPrefix(region), id.dropFirst(region.count).hasPrefix(".c") { return caseNumber(id) }
    return try PreparedStatement(db, "SELECT number FROM cases WHERE id = ? AND home <> ''")
      .first(.text(id)) { PreparedStatement.int64($0, 0) }
  }

  static func bytes(_ data: Data?) -> [UInt8] { data.map { [UInt8]($0) } ?? [] }

  /// An attachment's row from `sha256, size, media_type, title, uploaded_by, uploaded_at`.
  static func attachmentRecord(_ row: Row) -> AttachmentRecord {
    AttachmentRecord(
      sha256: row[0], size: row[1], mediaType: row[2], title: row[3], uploadedBy: agency(row[4]), uploadedAt: row[5])
  }

  /// Ids written by this store are valid by construction; a row edited by hand to hold a bad id
  /// reads as `invalid.agency` rather than crashing the broker.
  static func agency(_ raw: String) -> AgencyID { AgencyID(raw) ?? AgencyID("invalid.agency")! }

  static func agencies(_ list: String) -> [AgencyID] {
    list.split(separator: ",").map { agency(String($0)) }
  }

  static func list(_ ids: [AgencyID]) -> String { ids.map(\.rawValue).joined(separator: ",") }
}

extension SQLiteStore {
  /// The columns of the `clocks` table (one row per deadline of a case).
  static let clockColumns =
    "policy_id, started_at, due_at, provisional, status, remaining, met_at, stage, level, repeat_count, next_at, party, counting, run_start, run_length"

  /// The number of ``clockColumns``.
  static let clockColumnCount = 15

  static func caseDeadline(_ row: Row) -> CaseDeadline {
    let party: String = row[11]
    return CaseDeadline(
      policyID: row[0], party: party.isEmpty ? nil : agency(party), startedAt: row[1], dueAt: row[2],
      provisional: row[3], status: CaseDeadline.Status(rawValue: row[4]) ?? .running, remaining: row[5], metAt: row[6],
      alarm: DeadlineAlarm(stage: decode(row[7], level: row[8], repeat: row[9]), nextAt: row[10]),
      counting: CaseDeadline.Counting(rawValue: row[12]) ?? .continuous, runStart: row[13], runLength: row[14])
  }

  static func encode(_ stage: DeadlineAlarm.Stage) -> (String, Int, Int) {
    switch stage {
    case .warning: ("warning", 0, 0)
    case .escalation(let level, let count): ("escalation", level, count)
    case .done: ("done", 0, 0)
    }
  }

  static func decode(_ stage: String, level: Int, repeat count: Int) -> DeadlineAlarm.Stage {
    switch stage {
    case "warning": .warning
    case "escalation": .escalation(level: level, repeat: count)
    default: .done
    }
  }
}
