import DequeModule
import LiaisonCore

/// The writer's memory of the cases it touched last — local number, projection and deadlines — so
/// that the next command on a case (typically the acknowledgement of its delivery, a moment later)
/// does not read them back. Only the writer thread uses it. Transactions write through to it; when
/// one fails (rolled back), the writer empties it, since it may then hold what was not committed.
/// Bounded: the oldest entries leave first.
final class CaseCache: @unchecked Sendable {
  /// What is known of one case.
  struct Entry {
    var record: CaseRecord?
    var deadlines: [CaseDeadline]?
  }

  /// By local case number.
  private var entries: [Int64: Entry] = [:]
  private var order: Deque<Int64> = []
  /// Local numbers of replicas of cases homed at peers, by id (this broker's own are parsed).
  private var replicas: [String: Int64] = [:]
  private let capacity: Int

  init(capacity: Int) {
    self.capacity = max(capacity, 1)
    entries.reserveCapacity(self.capacity + 1)
  }

  subscript(number: Int64) -> Entry? { entries[number] }

  /// The local number of a replica, if remembered.
  func replica(_ caseID: String) -> Int64? { replicas[caseID] }

  /// Remembers the local number of a replica.
  func remember(replica caseID: String, number: Int64) {
    if replicas.count >= capacity { replicas = [:] }
    replicas[caseID] = number
  }

  /// Remembers the record of a case.
  func remember(_ number: Int64, record: CaseRecord) {
    update(number) { $0.record = record }
  }

  /// Remembers the deadlines of a case.
  func remember(_ number: Int64, deadlines: [CaseDeadline]) {
    update(number) { $0.deadlines = deadlines }
  }

  private func update(_ number: Int64, _ change: (inout Entry) -> Void) {
    if entries[number] == nil {
      order.append(number)
      if order.count > capacity, let oldest = order.popFirst() { entries[oldest] = nil }
    }
    change(&entries[number, default: Entry()])
  }

  /// Forgets everything (a transaction failed: what it wrote here was not committed).
  func removeAll() {
    entries = [:]
    order = []
    replicas = [:]
  }
}
