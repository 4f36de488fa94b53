/// Durable storage of cases, events, deliveries, idempotency keys and attachments.
///
/// Contract (every implementation, checked by the store conformance tests):
/// - `submit` and `act` return only after the events are durably committed (fsync); concurrent
///   calls may be committed together in one transaction.
/// - A request whose idempotency key was already used by the same agency with the same request hash
///   returns the original event with `duplicate == true`; with a different hash it fails with
///   `LIAISON_IDEMPOTENCY_CONFLICT`. Nothing is written for a refused request.
/// - Acknowledgements and redelivery records are written asynchronously, in order, and are durable
///   once a later `flush()` returns.
public protocol CaseStore: Sendable {
  /// Opens cases; calls `completion` with one result per command, in order, once committed. The
  /// completion runs on the store's writer: it must be quick and must not block.
  func submit(
    _ commands: [SubmitCommand], completion: @escaping @Sendable ([Result<CommittedEvent, LiaisonError>]) -> Void)
  /// Takes an action on a case; calls `completion` once committed (same rules as `submit`).
  func act(_ command: ActCommand, completion: @escaping @Sendable (Result<CommittedEvent, LiaisonError>) -> Void)
  /// Records acknowledgements; those that are a case's delivery to a receiver start its receipt
  /// clocks.
  func recordAcknowledgements(_ acks: [Acknowledgement])
  /// Records in the audit trail that `agency` read the restricted case `caseID`.
  func recordRead(of caseID: String, by agency: AgencyID)
  /// Records redelivery problems: (delivery id, times sent, error).
  func recordRedeliveries(_ expiries: [(id: Int64, attempts: Int, error: String)])
  /// Waits until everything recorded before the call is committed.
  func flush() async
  /// One case.
  func caseRecord(_ id: String) async throws -> CaseRecord?
  /// A case's events in sequence order.
  func events(ofCase id: String) async throws -> [EventRecord]
  /// A case's deliveries, by event then delivery id.
  func deliveries(ofCase id: String) async throws -> [DeliveryRecord]
  /// Cases in which `agency` is a party, newest first; also the page token of the next page.
  func listCases(for agency: AgencyID, _ filter: CaseListFilter) async throws -> ([CaseRecord], Int64?)
  /// The clocks a case has started, in the order they started.
  func clocks(ofCase id: String) async throws -> [CaseClock]
  /// The clocks of several cases at once (one read), by case id.
  func clocks(ofCases ids: [String]) async throws -> [String: [CaseClock]]
  /// Every unacknowledged delivery with its event, in delivery order (used at start-up).
  func pendingDeliveries() async throws -> [(DeliveryRecord, EventRecord)]
  /// Stores an attachment (idempotent by digest).
  func putAttachment(_ record: AttachmentRecord, data: [UInt8]) async throws
  /// An attachment's metadata and bytes.
  func attachment(_ sha256: String) async throws -> (AttachmentRecord, [UInt8])?
  /// True when `agency` uploaded the attachment or is a party to a case that references it.
  func mayRead(attachment sha256: String, agency: AgencyID) async throws -> Bool
}

extension CaseStore {
  /// Opens cases and waits for the commit.
  public func submit(_ commands: [SubmitCommand]) async -> [Result<CommittedEvent, LiaisonError>] {
    await withCheckedContinuation { continuation in
      submit(commands) { continuation.resume(returning: $0) }
    }
  }

  /// Takes an action and waits for the commit.
  public func act(_ command: ActCommand) async -> Result<CommittedEvent, LiaisonError> {
    await withCheckedContinuation { continuation in
      act(command) { continuation.resume(returning: $0) }
    }
  }
}
