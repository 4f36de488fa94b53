/// Durable storage of cases, events, deliveries, deadlines, idempotency keys and attachments: an
/// adapter that loads what the engine asks for and applies its decisions (``CaseTransaction``). It
/// decides nothing.
///
/// Contract (every implementation, checked by the store conformance suite in LiaisonTesting):
/// - `commit` runs its commands through the engine in order, applies every decision in a
///   transaction that is durably committed (fsync) before the ticket is fulfilled; concurrent calls
///   may share one transaction. A refused command writes nothing.
/// - Per-case order: events of a case get consecutive sequences from 1, in commit order.
/// - Idempotency: facts include the earlier result of a key, so a retry is answered by the engine
///   with the original event.
/// - Commits are published in commit order on ``commits()``, once subscribed and once durable.
/// - Reads show only what is durable: a crash never takes back what a read returned.
/// - Background work (acknowledgements, delivery notices, redelivery records) is durable once a
///   later `flush()` returns.
public protocol CaseStore: Sendable {
  /// Runs `commands` through `engine` and commits their decisions; the ticket holds one result per
  /// command, in order, once durable (or the failure of the whole transaction).
  func commit(_ commands: [CaseCommand], engine: CaseEngine) -> CommitTicket<Result<[CommandResult], LiaisonError>>
  /// The commits, in commit order, from the call on (one subscriber).
  func commits() -> AsyncStream<CommitRecord>
  /// Records in the audit trail that `agency` read the restricted case `caseID`.
  func recordRead(of caseID: String, by agency: AgencyID)
  /// Records that `agency` downloaded attachment `sha256` through the restricted cases `caseIDs` (an
  /// audit link, committed with the next batch).
  func recordAttachmentRead(_ sha256: String, through caseIDs: [String], by agency: AgencyID)
  /// Records redelivery problems: (delivery id, times sent, error).
  func recordRedeliveries(_ expiries: [(id: Int64, attempts: Int, error: String)])
  /// Waits until everything handed over before the call is committed.
  func flush() async
  /// One case.
  func caseRecord(_ id: String) async throws -> CaseRecord?
  /// A case's events in order.
  func events(ofCase id: String) async throws -> [EventRecord]
  /// A case's deliveries, by event then delivery id.
  func deliveries(ofCase id: String) async throws -> [DeliveryRecord]
  /// Cases in which `agency` is a party, newest first; also the page token of the next page.
  func listCases(for agency: AgencyID, _ filter: CaseListFilter) async throws -> ([CaseRecord], Int64?)
  /// The deadlines of a case, in the order they started.
  func deadlines(ofCase id: String) async throws -> [CaseDeadline]
  /// The deadlines of several cases at once (one read), by case id.
  func deadlines(ofCases ids: [String]) async throws -> [String: [CaseDeadline]]
  /// Every unacknowledged delivery with its event, in delivery order (used at start-up).
  func pendingDeliveries() async throws -> [(DeliveryRecord, EventRecord)]
  /// The cases with an alarm due at or before `now`, at most `limit`, earliest first.
  func dueAlarms(at now: Int64, limit: Int) async throws -> [String]
  /// Cases with a running provisional deadline, in a stable order after `cursor` (0 first), at most
  /// `limit`, each with the cursor that follows it.
  func casesWithProvisionalDeadlines(after cursor: Int64, limit: Int) async throws -> [(cursor: Int64, caseID: String)]
  /// The earliest time an alarm is due, if any.
  func nextAlarm() async throws -> Int64?
  /// Stores an attachment (idempotent by digest).
  func putAttachment(_ record: AttachmentRecord, data: [UInt8]) async throws
  /// An attachment's metadata and bytes.
  func attachment(_ sha256: String) async throws -> (AttachmentRecord, [UInt8])?
  /// Whether `agency` uploaded the attachment, and the cases referencing it on which it is a party.
  func access(toAttachment sha256: String, by agency: AgencyID) async throws -> AttachmentAccess
}

extension CaseStore {
  /// Commits one command and waits for its result.
  public func commit(_ command: CaseCommand, engine: CaseEngine) async -> Result<CommandResult, LiaisonError> {
    await commit([command], engine: engine).value.map { $0[0] }
  }
}
