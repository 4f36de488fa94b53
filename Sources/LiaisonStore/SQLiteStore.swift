import Dispatch
import Foundation
import GRDB
import LiaisonCore
import Synchronization

/// The embedded store: one SQLite file in WAL mode with `synchronous=FULL`, written by a single
/// writer thread that group-commits every request waiting when it starts a transaction (one
/// transaction and one fsync per batch), and read concurrently through a GRDB `DatabasePool`.
public final class SQLiteStore: CaseStore {
  /// Store settings.
  public struct Configuration: Sendable {
    /// Path of the database file; its `-wal` and `-shm` companions live beside it.
    public var path: String
    /// Region prefix of the ids this broker assigns (`tj` gives `tj.c1`, `tj.e1`). Default `tj`.
    public var region: String
    /// Most requests committed in one transaction. Default 4096.
    public var maxBatch: Int
    /// How long acknowledgements and redelivery records may wait for other work to share their
    /// commit, in ms. They are never waited on, and a crash before their commit only causes a
    /// redelivery. Default 5.
    public var backgroundDelay: Int
    /// WAL pages after which a commit also checkpoints the WAL into the database file. Default 10000.
    public var checkpointPages: Int
    /// Regions served by peer brokers: events for their agencies are queued for the peer in the
    /// transaction that stores them, instead of delivered here. Default none.
    public var peers: Set<String>

    public init(
      path: String, region: String = "tj", maxBatch: Int = 4096, backgroundDelay: Int = 5,
      checkpointPages: Int = 10_000, peers: Set<String> = []
    ) {
      self.path = path
      self.region = region
      self.peers = peers.subtracting([region])
      self.maxBatch = maxBatch
      self.backgroundDelay = backgroundDelay
      self.checkpointPages = checkpointPages
    }
  }

  enum Job: Sendable {
    case submit([SubmitCommand], @Sendable ([Result<CommittedEvent, LiaisonError>]) -> Void)
    case act(ActCommand, @Sendable (Result<CommittedEvent, LiaisonError>) -> Void)
    case acknowledge([Acknowledgement])
    case redelivery([(id: Int64, attempts: Int, error: String)])
    case audit([AuditLink.Entry])
    case flush(@Sendable () -> Void)
    case fire(AlarmContext, @Sendable ([CommittedEvent]) -> Void)
    case forward(ActCommand, home: String, payload: [UInt8], @Sendable (Result<Void, LiaisonError>) -> Void)
    case inbound(peer: String, [InboundItem], after: Int64?, @Sendable (InboundResult) -> Void)
    case dequeue(peer: String, upTo: Int64)

    /// Work nobody waits for: it may wait a little for company rather than pay an fsync alone.
    var isBackground: Bool {
      switch self {
      case .acknowledge, .redelivery, .audit, .dequeue: true
      // Delivery notices only start clocks at a time they carry: they may wait for company too.
      case .inbound(_, let items, _, _):
        items.allSatisfy {
          if case .delivered = $0.kind { true } else { false }
        }
      case .submit, .act, .flush, .fire, .forward: false
      }
    }

    var requestCount: Int {
      switch self {
      case .submit(let commands, _): commands.count
      case .acknowledge(let acks): acks.count
      case .redelivery(let list): list.count
      case .audit(let entries): entries.count
      case .inbound(_, let items, _, _): items.count
      case .act, .flush, .fire, .forward, .dequeue: 1
      }
    }
  }

  private struct Queue {
    var jobs: [Job] = []
    var stopped = false
  }

  /// The configuration the store was opened with.
  public let configuration: Configuration
  let pool: DatabasePool
  let clock: any WallClock
  private let queue = Mutex(Queue())
  private let wakeup = DispatchSemaphore(value: 0)
  private let completions = DispatchQueue(label: "liaison.store.completions")
  private let pendingCompletions = SharedCounter()
  private let rules = Locked<DeadlineRules?>(nil)

  private let writerDone = DispatchSemaphore(value: 0)
  private let batchObserver: (@Sendable (Int, Double) -> Void)?
  let outboundObserver = Locked<OutboundObserver?>(nil)

  /// Opens (creating if needed) and migrates the database, then starts the writer thread.
  /// - Parameter batchObserver: called after each commit with the number of requests and the
  ///   seconds the transaction took (for metrics and benchmarks).
  public init(
    _ configuration: Configuration, clock: any WallClock, batchObserver: (@Sendable (Int, Double) -> Void)? = nil
  ) throws {
    self.configuration = configuration
    self.clock = clock
    self.batchObserver = batchObserver
    var config = GRDB.Configuration()
    config.busyMode = .timeout(10)
    config.prepareDatabase { db in
      try db.execute(sql: "PRAGMA foreign_keys = ON")
    }
    pool = try DatabasePool(path: configuration.path, configuration: config)
    // DatabasePool sets the writer to synchronous=NORMAL after prepareDatabase; a commit must not be
    // confirmed before it reaches the disk, so put FULL back on the one writer connection.
    try pool.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA synchronous = FULL")
      // Checkpoint (copy the WAL into the database file) every 10,000 pages (about 40 MB of WAL)
      // instead of SQLite's 1,000: the commit that crosses the threshold pays for the checkpoint,
      // and at 1,000 events/s the default made that 1 commit in 100, which set the p99 latency.
      try db.execute(sql: "PRAGMA wal_autocheckpoint = \(configuration.checkpointPages)")
    }
    try Self.migrator.migrate(pool)
    try pool.write { db in try Self.raiseOutboundIDs(db, now: clock.nowMillis()) }
    let thread = Thread { [self] in self.runWriter() }
    thread.name = "liaison-sqlite-writer"
    thread.start()
  }

  /// Stops the writer after the jobs already queued; later requests fail with `LIAISON_UNAVAILABLE`.
  public func close() {
    let wasRunning = queue.withLock { state in
      defer { state.stopped = true }
      return !state.stopped
    }
    guard wasRunning else { return }
    wakeup.signal()
    writerDone.wait()
    completions.sync {}
  }

  deinit { close() }

  /// Installs (or replaces, on reload) the deadline policies and calendar; from the next commit on,
  /// case events start, stop and pause clocks. Without rules no clocks run.
  public func setDeadlineRules(_ newRules: DeadlineRules?) {
    rules.withLock { $0 = newRules }
  }

  /// The deadline rules in force, if any.
  public var deadlineRules: DeadlineRules? { rules.withLock { $0 } }

  /// The `synchronous` setting of the writer connection (2 = FULL), for tests and `check-config`.
  public func writerSynchronousMode() throws -> Int {
    try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
  }

  /// The journal mode of the database (`wal`).
  public func journalMode() throws -> String {
    try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
  }

  /// Names of the migrations applied, in order.
  public func appliedMigrations() throws -> [String] {
    try pool.read { db in try Self.migrator.appliedMigrations(db) }
  }

  // MARK: Writes

  public func submit(
    _ commands: [SubmitCommand], completion: @escaping @Sendable ([Result<CommittedEvent, LiaisonError>]) -> Void
  ) {
    // An empty list still goes through the queue, so completions keep the order of calls.
    enqueue(.submit(commands, completion))
  }

  public func act(_ command: ActCommand, completion: @escaping @Sendable (Result<CommittedEvent, LiaisonError>) -> Void)
  {
    enqueue(.act(command, completion))
  }

  public func recordAcknowledgements(_ acks: [Acknowledgement]) {
    if !acks.isEmpty { enqueue(.acknowledge(acks)) }
  }

  /// Records that `agency` read the restricted case `caseID` (an audit link, committed with the next
  /// batch).
  public func recordRead(of caseID: String, by agency: AgencyID) {
    enqueue(.audit([AuditLink.entry(forReadOf: caseID, by: agency.rawValue, at: clock.nowMillis())]))
  }

  public func recordRedeliveries(_ expiries: [(id: Int64, attempts: Int, error: String)]) {
    if !expiries.isEmpty { enqueue(.redelivery(expiries)) }
  }

  /// Raises the alarms due now (see ``BatchWriter/fireAlarms(_:)``) and returns the events committed.
  public func fireAlarms(_ context: AlarmContext) async -> [CommittedEvent] {
    await withCheckedContinuation { continuation in
      enqueue(.fire(context) { continuation.resume(returning: $0) })
    }
  }

  /// The earliest time an alarm is due, if any (through the partial index on `next_at`).
  public func nextAlarm() async throws -> Int64? {
    try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT min(next_at) FROM clocks WHERE next_at IS NOT NULL")
    }
  }

  public func flush() async {
    await withCheckedContinuation { continuation in enqueue(.flush { continuation.resume() }) }
  }

  func enqueue(_ job: Job) {
    let accepted = queue.withLock { state in
      guard !state.stopped else { return false }
      state.jobs.append(job)
      return true
    }
    if accepted {
      wakeup.signal()
    } else {
      Self.fail(job, LiaisonError(.unavailable, "the store is closed; retry with the same idempotency key"))
    }
  }

  private func runWriter() {
    defer { writerDone.signal() }
    while true {
      wakeup.wait()
      var (jobs, stopped) = takeJobs(limit: configuration.maxBatch)
      if !jobs.isEmpty, !stopped, jobs.allSatisfy(\.isBackground) {
        waitForCompany(until: .now() + .milliseconds(configuration.backgroundDelay))
        let more: [Job]
        (more, stopped) = takeJobs(limit: configuration.maxBatch)
        jobs += more
      }
      if !jobs.isEmpty { commit(jobs) }
      if stopped { return }
    }
  }

  /// Waits until a job somebody waits for is queued, the store stops, or `deadline`. Wake-ups left
  /// over from jobs already taken do not end the wait (they used to, and background work then paid
  /// an fsync of its own instead of joining the next submission's); jobs are not taken here, and
  /// `takeJobs` signals again when it leaves any behind.
  private func waitForCompany(until deadline: DispatchTime) {
    while wakeup.wait(timeout: deadline) == .success {
      let company = queue.withLock { state in state.stopped || state.jobs.contains { !$0.isBackground } }
      if company { return }
    }
  }

  /// Takes queued jobs up to `limit` requests; also tells whether the store is stopping with
  /// nothing left.
  private func takeJobs(limit: Int) -> ([Job], Bool) {
    queue.withLock { state -> ([Job], Bool) in
      var taken = 0
      var count = 0
      while taken < state.jobs.count, count < limit {
        count += state.jobs[taken].requestCount
        taken += 1
      }
      let jobs = Array(state.jobs.prefix(taken))
      state.jobs.removeFirst(taken)
      if !state.jobs.isEmpty { wakeup.signal() }
      return (jobs, state.stopped && state.jobs.isEmpty)
    }
  }

  private func commit(_ jobs: [Job]) {
    let started = DispatchTime.now().uptimeNanoseconds
    let now = clock.nowMillis()
    var results: [BatchWriter.Outcome] = []
    var queuedPeers: Set<String> = []
    do {
      try pool.writeWithoutTransaction { db in
        try db.inTransaction(.immediate) {
          var writer = try BatchWriter(
            db: db, region: configuration.region, peers: configuration.peers, now: now, rules: rules.withLock { $0 })
          results = try jobs.map { try writer.apply($0) }
          queuedPeers = writer.queuedPeers
          return .commit
        }
      }
    } catch {
      let failure = LiaisonError(
        .unavailable, "the store could not commit (\(error)); retry with the same idempotency key")
      complete { for job in jobs { Self.fail(job, failure) } }
      return
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    batchObserver?(jobs.reduce(0) { $0 + $1.requestCount }, seconds)
    let outcomes = results
    if !queuedPeers.isEmpty, let observer = outboundObserver.withLock({ $0 }) { observer.notify(queuedPeers) }
    complete {
      for (job, outcome) in zip(jobs, outcomes) {
        switch (job, outcome) {
        case (.submit(_, let completion), .submitted(let list)): completion(list)
        case (.act(_, let completion), .acted(let result)): completion(result)
        case (.flush(let completion), _): completion()
        case (.fire(_, let completion), .fired(let events)): completion(events)
        case (.forward(_, _, _, let completion), .forwarded(let result)): completion(result)
        case (.inbound(_, _, _, let completion), .inbound(let result)): completion(result)
        default: break
        }
      }
    }
  }

  /// Runs the completions of one commit, in commit order. Under load they go to their own serial
  /// queue so the writer can start the next transaction at once; when nothing else is waiting (no
  /// queued jobs, no completions still running) the writer runs them itself, which saves a thread
  /// wake-up on the latency path.
  private func complete(_ work: @escaping @Sendable () -> Void) {
    let idle = queue.withLock { $0.jobs.isEmpty } && pendingCompletions.current == 0
    if idle {
      work()
      return
    }
    pendingCompletions.increment()
    completions.async { [pendingCompletions] in
      work()
      pendingCompletions.decrement()
    }
  }

  private static func fail(_ job: Job, _ error: LiaisonError) {
    switch job {
    case .submit(let commands, let completion): completion(commands.map { _ in .failure(error) })
    case .act(_, let completion): completion(.failure(error))
    case .flush(let completion): completion()
    case .fire(_, let completion): completion([])
    case .forward(_, _, _, let completion): completion(.failure(error))
    case .inbound(_, _, _, let completion):
      var result = InboundResult()
      result.failure = error
      completion(result)
    case .acknowledge, .redelivery, .audit, .dequeue: break
    }
  }
}
