import LiaisonCore

/// The writer's memory of the cases it touched last — projection and deadlines, by local case
/// number — so that the next command on a case (typically the acknowledgement of its delivery, a
/// moment later) does not read them back. Direct-mapped: case numbers grow one by one, so number
/// `n` lives in slot `n mod capacity` until a case `capacity` numbers later takes the slot; no
/// hashing and no growth on the writer's path. Only the writer thread uses it. Transactions write
/// through to it; when one fails (rolled back), the writer empties it, since it may then hold what
/// was not committed.
final class CaseCache: @unchecked Sendable {
  /// What is known of one case.
  struct Entry {
    var number: Int64
    var record: CaseRecord?
    var deadlines: [CaseDeadline]?
    /// Its parties, attachments and home, for its audit link.
    var rows: CaseSnapshot.Rows?
  }

  private var slots: [Entry?]
  private let mask: Int64
  /// Local numbers of replicas of cases homed at peers, by id (this broker's own are parsed).
  private var replicas: [String: Int64] = [:]

  /// A cache of `capacity` slots, rounded up to a power of two.
  init(capacity: Int) {
    var size = 1
    while size < capacity { size <<= 1 }
    slots = Array(repeating: nil, count: size)
    mask = Int64(size - 1)
  }

  subscript(number: Int64) -> Entry? {
    guard let entry = slots[Int(number & mask)], entry.number == number else { return nil }
    return entry
  }

  /// The local number of a replica, if remembered.
  func replica(_ caseID: String) -> Int64? { replicas[caseID] }

  /// Remembers the local number of a replica.
  func remember(replica caseID: String, number: Int64) {
    if replicas.count >= slots.count { replicas = [:] }
    replicas[caseID] = number
  }

  /// Remembers the record of a case.
  func remember(_ number: Int64, record: CaseRecord) {
    let slot = Int(number & mask)
    if slots[slot]?.number == number {
      slots[slot]!.record = record
    } else {
      slots[slot] = Entry(number: number, record: record, deadlines: nil, rows: nil)
    }
  }

  /// Remembers the deadlines of a case.
  func remember(_ number: Int64, deadlines: [CaseDeadline]) {
    let slot = Int(number & mask)
    if slots[slot]?.number == number {
      slots[slot]!.deadlines = deadlines
    } else {
      slots[slot] = Entry(number: number, record: nil, deadlines: deadlines, rows: nil)
    }
  }

  /// Remembers the projection rows of a case.
  func remember(_ number: Int64, rows: CaseSnapshot.Rows) {
    let slot = Int(number & mask)
    if slots[slot]?.number == number {
      slots[slot]!.rows = rows
    } else {
      slots[slot] = Entry(number: number, record: nil, deadlines: nil, rows: rows)
    }
  }

  /// Forgets everything (a transaction failed: what it wrote here was not committed).
  func removeAll() {
    for index in slots.indices { slots[index] = nil }
    replicas = [:]
  }
}
