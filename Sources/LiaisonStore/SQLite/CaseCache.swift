import LiaisonCore

/// The writer's memory of the cases it touched last — projection and deadlines, by local case
/// number — so that the next command on a case (typically the acknowledgement of its delivery, a
/// moment later) does not read them back. Direct-mapped: case numbers grow one by one, so number
/// `n` lives in slot `n mod capacity` until a case `capacity` numbers later takes the slot; no
/// hashing and no growth on the writer's path. Only the writer thread uses it. Transactions write
/// through to it; when one fails (rolled back), the writer empties it, since it may then hold what
/// was not committed.
final class CaseCache: @unchecked Sendable {
  // One slot per array index; the arrays are read and written in place (an entry struct in an
  // optional was copied whole, with every string and array of the record, on each read).
  private var numbers: [Int64]
  private var records: [CaseRecord?]
  private var deadlineLists: [[CaseDeadline]?]
  /// Parties, attachments and home, for the case's audit link.
  private var rowSets: [CaseSnapshot.Rows?]
  private let mask: Int64
  /// Local numbers of replicas of cases homed at peers, by id (this broker's own are parsed).
  private var replicas: [String: Int64] = [:]

  /// A cache of `capacity` slots, rounded up to a power of two.
  init(capacity: Int) {
    var size = 1
    while size < capacity { size <<= 1 }
    // Case numbers start at 1: slot 0's 0 matches no case.
    numbers = Array(repeating: 0, count: size)
    records = Array(repeating: nil, count: size)
    deadlineLists = Array(repeating: nil, count: size)
    rowSets = Array(repeating: nil, count: size)
    mask = Int64(size - 1)
  }

  /// The record of case `number`, if remembered.
  func record(_ number: Int64) -> CaseRecord? {
    let slot = Int(number & mask)
    return numbers[slot] == number ? records[slot] : nil
  }

  /// The deadlines of case `number`, if remembered.
  func deadlines(_ number: Int64) -> [CaseDeadline]? {
    let slot = Int(number & mask)
    return numbers[slot] == number ? deadlineLists[slot] : nil
  }

  /// The projection rows of case `number`, if remembered.
  func rows(_ number: Int64) -> CaseSnapshot.Rows? {
    let slot = Int(number & mask)
    return numbers[slot] == number ? rowSets[slot] : nil
  }

  /// The local number of a replica, if remembered.
  func replica(_ caseID: String) -> Int64? { replicas[caseID] }

  /// Remembers the local number of a replica.
  func remember(replica caseID: String, number: Int64) {
    if replicas.count >= numbers.count { replicas = [:] }
    replicas[caseID] = number
  }

  /// Remembers the record of a case.
  func remember(_ number: Int64, record: CaseRecord) {
    records[claim(number)] = record
  }

  /// Remembers the deadlines of a case.
  func remember(_ number: Int64, deadlines: [CaseDeadline]) {
    deadlineLists[claim(number)] = deadlines
  }

  /// Remembers the projection rows of a case.
  func remember(_ number: Int64, rows: CaseSnapshot.Rows) {
    rowSets[claim(number)] = rows
  }

  /// The slot of case `number`, emptied first when it held another case.
  private func claim(_ number: Int64) -> Int {
    let slot = Int(number & mask)
    if numbers[slot] != number {
      numbers[slot] = number
      records[slot] = nil
      deadlineLists[slot] = nil
      rowSets[slot] = nil
    }
    return slot
  }

  /// Forgets everything (a transaction failed: what it wrote here was not committed).
  func removeAll() {
    for index in numbers.indices {
      numbers[index] = 0
      records[index] = nil
      deadlineLists[index] = nil
      rowSets[index] = nil
    }
    replicas = [:]
  }
}
