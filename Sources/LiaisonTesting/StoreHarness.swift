import Foundation
import LiaisonCore
import LiaisonStore

/// The store implementations the conformance suite runs against.
public enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
  /// The embedded SQLite store.
  case sqlite

  public var description: String { rawValue }
}

/// One store under test, of any kind, with the engine of its broker and what the conformance suite
/// needs besides the store protocol: reopening (a restart), verifying the audit chain, a backup
/// restored into a new store.
public final class StoreHarness: Sendable {
  /// The kind.
  public let kind: StoreKind
  /// The store.
  public let store: any FederationStore
  /// The engine of the store's broker.
  public let engine: CaseEngine
  /// The clock the store stamps with.
  public let clock: ManualClock
  private let folder: TemporaryDirectory
  private let path: String

  private init(kind: StoreKind, folder: TemporaryDirectory, path: String, engine: CaseEngine, clock: ManualClock)
    throws
  {
    self.kind = kind
    self.folder = folder
    self.path = path
    self.engine = engine
    self.clock = clock
    switch kind {
    case .sqlite: store = try SQLiteStore(.init(path: path, region: engine.configuration.region), clock: clock)
    }
  }

  /// Opens a fresh store of `kind` for a broker of Tianjin (with peer brokers for `peers`), runs
  /// `body`, closes and removes it.
  public static func with<R>(
    _ kind: StoreKind, peers: Set<String> = [], clock: ManualClock = ManualClock(),
    _ body: (StoreHarness) async throws -> R
  ) async throws -> R {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let harness = try StoreHarness(
      kind: kind, folder: folder, path: folder.file("store.sqlite"), engine: try Fixtures.engine(peers: peers),
      clock: clock)
    defer { harness.close() }
    return try await body(harness)
  }

  /// Closes the store (what is committed stays).
  public func close() {
    switch store {
    case let sqlite as SQLiteStore: sqlite.close()
    default: break
    }
  }

  /// Closes the store and opens it again on the same data (a restart).
  public func reopened() throws -> StoreHarness {
    close()
    return try StoreHarness(kind: kind, folder: folder, path: path, engine: engine, clock: clock)
  }

  /// A backup of the store, taken while it runs, restored into a new store.
  public func restoredBackup() throws -> StoreHarness {
    switch kind {
    case .sqlite:
      let backup = folder.file("backup-\(UUID().uuidString.prefix(6)).sqlite")
      let restored = folder.file("restored-\(UUID().uuidString.prefix(6)).sqlite")
      _ = try StoreBackup.backup(database: path, to: backup)
      _ = try StoreBackup.restore(from: backup, to: restored, replace: false)
      return try StoreHarness(kind: kind, folder: folder, path: restored, engine: engine, clock: clock)
    }
  }

  /// The problems the audit verifier finds (empty when the chain is intact), and how many links.
  public func verifyAudit() throws -> (problems: [String], links: Int) {
    switch kind {
    case .sqlite:
      let report = try AuditVerifier.verify(path: path)
      return (report.problems, report.links)
    }
  }

  // MARK: Commands

  /// Commits commands and returns their results.
  public func commit(_ commands: [CaseCommand]) async throws -> [CommandResult] {
    try await store.commit(commands, engine: engine).value.get()
  }

  /// Commits one command and returns its answer to the caller.
  public func answer(_ command: CaseCommand) async throws -> Result<CommittedEvent, LiaisonError> {
    try await commit([command])[0].answer
  }

  /// Acknowledges deliveries as their agencies would.
  public func acknowledge(_ deliveries: [DeliveryRecord], action: CaseAction = .submit, at time: Int64? = nil)
    async throws
  {
    _ = try await commit(
      deliveries.map {
        .acknowledged(
          Acknowledgement(
            id: $0.id, attempts: 1, at: time ?? clock.nowMillis(), agency: $0.agency, caseID: $0.caseID,
            role: $0.role, action: action))
      })
  }
}

/// Commands as the request validator makes them, for store and engine tests.
public enum Commands {
  /// A referral submission.
  public static func referral(
    from sender: String = "tj.scjg", to: [String] = ["tj.hp.scjg"], copies: [String] = [], key: String = "",
    hash: [UInt8] = [1], attachments: [String] = [], content: [UInt8] = [1, 2, 3], drill: Bool = false
  ) -> CaseCommand {
    .submit(
      SubmitCommand(
        sender: Fixtures.agency(sender), operatorName: nil, channel: .referral, workflow: .referral,
        addressees: to.map(Fixtures.agency), copies: copies.map(Fixtures.agency), title: "无照经营", drill: drill,
        confidentiality: 2, idempotencyKey: key, requestHash: hash, attachments: attachments, content: content))
  }

  /// A forward criminal transfer to the Heping police (the channel policy copies the procuratorate).
  public static func criminalTransfer(
    from sender: String = "tj.hp.scjg", to: String = "tj.hp.gafj", key: String = "", drill: Bool = false,
    approvedAt: Int64? = nil
  ) -> CaseCommand {
    .submit(
      SubmitCommand(
        sender: Fixtures.agency(sender), operatorName: nil, channel: .criminalTransfer,
        workflow: .criminalTransfer, addressees: [Fixtures.agency(to)], copies: [], title: "销售伪劣产品案", drill: drill,
        confidentiality: 2, idempotencyKey: key, requestHash: [2], attachments: [], content: [4, 5, 6],
        deadlineStart: approvedAt, direction: .forward))
  }

  /// An action on a case, with the body its workflow asks for.
  public static func act(
    _ caseID: String, by actor: String, _ action: CaseAction, workflow: WorkflowTable = .referral,
    forwardTo: String? = nil, key: String = "", hash: [UInt8] = [9], attachments: [String] = [],
    registeredAt: Int64? = nil
  ) -> ActCommand {
    ActCommand(
      caseID: caseID, actor: Fixtures.agency(actor), operatorName: nil, action: action,
      body: workflow.body(of: action), forwardTo: forwardTo.map(Fixtures.agency), idempotencyKey: key,
      requestHash: hash, attachments: attachments, content: Array(action.rawValue.utf8), signature: [],
      registeredAt: registeredAt)
  }
}
