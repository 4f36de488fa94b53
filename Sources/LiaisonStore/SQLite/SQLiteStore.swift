import Dispatch
import Foundation
import GRDB
import LiaisonCore
import Synchronization

/// The embedded store: one SQLite file in WAL mode, written by a single writer thread that
/// group-commits every request waiting when it starts a transaction (one transaction per batch), and
/// read concurrently through a GRDB `DatabasePool`. Commits are made durable by one fdatasync of the
/// WAL per batch or fewer, on a thread of its own (``WALSync``), before anything is confirmed.
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
    /// The writer connection's page cache in KiB (SQLite's default is 2,000). Default 32,768: with
    /// it `liaisond bench-store` committed about 10% more submissions per second.
    public var writerCacheKiB: Int
    /// The newest audit links checked against the tables when the store opens (0: none); a
    /// database that fails is not opened. Default 10,000. `liaisond audit verify` checks them all.
    public var checkLinks: Int

    public init(
      path: String, region: String = "tj", maxBatch: Int = 4096, backgroundDelay: Int = 5,
      checkpointPages: Int = 10_000, checkLinks: Int = 10_000, writerCacheKiB: Int = 32_768
    ) {
      self.writerCacheKiB = writerCacheKiB
      self.checkLinks = checkLinks
      self.path = path
      self.region = region
      self.maxBatch = maxBatch
      self.backgroundDelay = backgroundDelay
      self.checkpointPages = checkpointPages
    }
  }

  enum Job: Sendable {
    case commands([CaseCommand], [EarlyDecision?], CaseEngine, CommitTicket<Result<[CommandResult], LiaisonError>>)
    case inbound(
      peer: String, [InboundItem], after: Int64?, CaseEngine, CommitTicket<Result<[InboundOutcome], LiaisonError>>)
    case redelivery([(id: Int64, attempts: Int, error: String)])
    case audit([AuditLink.Entry])
    case flush(CommitTicket<Void>)
    case dequeue(peer: String, upTo: Int64)

    /// Work nobody waits for: it may wait a little for company rather than pay an fsync alone.
    var isBackground: Bool {
      switch self {
      case .redelivery, .audit, .dequeue: true
      case .commands(let commands, _, _, _): commands.allSatisfy(\.isBackground)
      case .inbound(_, let items, _, _, _): items.allSatisfy(\.isBackground)
      case .flush: false
      }
    }

    var requestCount: Int {
      switch self {
      case .commands(let commands, _, _, _): commands.count
      case .redelivery(let list): list.count
      case .audit(let entries): entries.count
      case .inbound(_, let items, _, _, _): items.count
      case .flush, .dequeue: 1
      }
    }

    /// Answers the job with a failure of its whole transaction.
    func fail(_ error: LiaisonError) {
      switch self {
      case .commands(_, _, _, let ticket): ticket.fulfil(.failure(error))
      case .inbound(_, _, _, _, let ticket): ticket.fulfil(.failure(error))
      case .flush(let ticket): ticket.fulfil(())
      case .redelivery, .audit, .dequeue: break
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
  private let writerDone = DispatchSemaphore(value: 0)
  private let feed = Mutex<AsyncStream<CommitRecord>.Continuation?>(nil)
  /// The cases the writer touched last (writer thread only).
  private let cache = CaseCache(capacity: 16_384)
  /// Where commits become durable and are confirmed, off the writer thread.
  let walSync: WALSync

  /// Opens (creating if needed) and migrates the database, then starts the writer thread.
  public init(_ configuration: Configuration, clock: any WallClock) throws {
    self.configuration = configuration
    self.clock = clock
    var config = GRDB.Configuration()
    config.busyMode = .timeout(10)
    config.prepareDatabase { db in
      try db.execute(sql: "PRAGMA foreign_keys = ON")
    }
    pool = try DatabasePool(path: configuration.path, configuration: config)
    // COMMIT does not fsync (NORMAL, as DatabasePool sets it anyway): WALSync syncs the WAL before a
    // commit is confirmed, while the writer goes on with the next transaction.
    try pool.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA synchronous = NORMAL")
      // A group commit of about a thousand events touches more pages than SQLite's default 2 MB holds.
      try db.execute(sql: "PRAGMA cache_size = -\(configuration.writerCacheKiB)")
      // Checkpoint (copy the WAL into the database file) every 10,000 pages (about 40 MB of WAL)
      // instead of SQLite's 1,000: the commit that crosses the threshold pays for the checkpoint,
      // and at 1,000 events/s the default made that 1 commit in 100, which set the p99 latency.
      try db.execute(sql: "PRAGMA wal_autocheckpoint = \(configuration.checkpointPages)")
    }
    try Self.migrator.migrate(pool)
    // The writer connection has opened the WAL by now and keeps it open, so this is SQLite's file.
    walSync = try WALSync(wal: configuration.path + "-wal")
    if configuration.checkLinks > 0 {
      let problems = try pool.read { db in try AuditVerifier.quickCheck(db, links: configuration.checkLinks) }
      if let first = problems.first {
        // No writer thread was started: nothing for close() (run by deinit) to wait for.
        queue.withLock { $0.stopped = true }
        walSync.close()
        throw LiaisonError(
          .configInvalid,
          "\(configuration.path) does not match its audit chain (\(problems.count) problem(s) in the newest \(configuration.checkLinks) links); the first: \(first). Run liaisond audit verify, and restore a backup that verifies"
        )
      }
    }
    // Only a database that matches its audit chain is written to.
    try pool.write { db in try Self.raiseOutboundIDs(db, now: clock.nowMillis()) }
    try walSync.syncNow()
    let thread = Thread { [self] in self.runWriter() }
    thread.name = "liaison-sqlite-writer"
    thread.start()
  }

  /// Stops the writer after the jobs already queued (their tickets are fulfilled); later work fails
  /// with `LIAISON_UNAVAILABLE`. The commit feed ends.
  public func close() {
    let wasRunning = queue.withLock { state in
      defer { state.stopped = true }
      return !state.stopped
    }
    guard wasRunning else { return }
    wakeup.signal()
    writerDone.wait()
    // Every commit was handed over; the sync thread confirms them before it stops.
    walSync.close()
    feed.withLock { $0?.finish() }
  }

  deinit { close() }

  /// The `synchronous` setting of the writer connection (1 = NORMAL: COMMIT writes the WAL and
  /// ``WALSync`` syncs it before any confirmation), for tests.
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

  public func commit(_ commands: [CaseCommand], engine: CaseEngine) -> CommitTicket<
    Result<[CommandResult], LiaisonError>
  > {
    let ticket = CommitTicket<Result<[CommandResult], LiaisonError>>()
    guard !commands.isEmpty else {
      ticket.fulfil(.success([]))
      return ticket
    }
    // Submissions are decided here, on the caller's thread, on the facts they have in the common
    // case; the writer only checks those facts (EarlyDecision).
    enqueue(.commands(commands, engine.decideEarly(commands, now: clock.nowMillis()), engine, ticket))
    return ticket
  }

  public func commits() -> AsyncStream<CommitRecord> {
    let (stream, continuation) = AsyncStream<CommitRecord>.makeStream()
    let closed = queue.withLock { $0.stopped }
    if closed {
      continuation.finish()
    } else {
      feed.withLock { $0 = continuation }
    }
    return stream
  }

  /// Records that `agency` read the restricted case `caseID` (an audit link, committed with the next
  /// batch).
  public func recordRead(of caseID: String, by agency: AgencyID) {
    enqueue(.audit([AuditLink.entry(forReadOf: caseID, by: agency.rawValue, at: clock.nowMillis())]))
  }

  public func recordAttachmentRead(_ sha256: String, through caseIDs: [String], by agency: AgencyID) {
    enqueue(
      .audit([AuditLink.entry(forAttachment: sha256, through: caseIDs, by: agency.rawValue, at: clock.nowMillis())]))
  }

  public func recordRedeliveries(_ expiries: [(id: Int64, attempts: Int, error: String)]) {
    if !expiries.isEmpty { enqueue(.redelivery(expiries)) }
  }

  public func flush() async {
    let ticket = CommitTicket<Void>()
    enqueue(.flush(ticket))
    await ticket.value
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
      job.fail(LiaisonError(.unavailable, "the store is closed; retry with the same idempotency key"))
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
      if !jobs.isEmpty { commit(consume jobs) }
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

  /// What a job produced, to hand over once the transaction is durable.
  private enum Answer: Sendable {
    case commands([CommandResult])
    case inbound(Result<[InboundOutcome], LiaisonError>)
    case none
  }

  /// One group commit: every job in one transaction, handed to the sync thread, which answers the
  /// jobs and feeds the hub once the WAL is synced; the writer meanwhile starts the next one.
  private func commit(_ jobs: consuming [Job]) {
    let started = DispatchTime.now().uptimeNanoseconds
    if let failure = walSync.failure {
      for job in jobs { job.fail(failure) }
      return
    }
    let now = clock.nowMillis()
    var answers: [Answer] = []
    var record = CommitRecord(events: [], queuedPeers: [], earliestAlarm: nil, requests: 0, seconds: 0)
    var generation: UInt64? = nil
    do {
      try pool.writeWithoutTransaction { db in
        try db.inTransaction(.immediate) {
          var transaction = try SQLiteTransaction(db: db, region: configuration.region, now: now, cache: cache)
          answers = try jobs.map { try self.run($0, in: &transaction, now: now) }
          try transaction.linkCases()
          record.events = transaction.committed
          record.queuedPeers = transaction.queuedPeers
          record.earliestAlarm = transaction.earliestAlarm
          generation = walSync.beginCommit()
          return .commit
        }
      }
    } catch {
      // The cache may hold what the failed transaction wrote.
      cache.removeAll()
      if let generation { walSync.committed(generation) { _ in } }
      let failure = LiaisonError(
        .unavailable, "the store could not commit (\(error)); retry with the same idempotency key")
      for job in jobs { job.fail(failure) }
      return
    }
    record.requests = jobs.reduce(0) { $0 + $1.requestCount }
    guard let generation else { return }
    // Runs on the sync thread, which also frees the batch (its release was about 2 µs per event of
    // the writer's profile).
    walSync.committed(generation) { [self, jobs, answers, record] failure in
      if let failure {
        for job in jobs { job.fail(failure) }
        return
      }
      var record = record
      // From the transaction's start to its sync (the commit duration of the metrics).
      record.seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
      // The feed first: deliveries reach the hub in commit order, whoever resumes first.
      feed.withLock { _ = $0?.yield(record) }
      for (job, answer) in zip(jobs, answers) {
        switch (job, answer) {
        case (.commands(_, _, _, let ticket), .commands(let results)): ticket.fulfil(.success(results))
        case (.inbound(_, _, _, _, let ticket), .inbound(let outcome)): ticket.fulfil(outcome)
        case (.flush(let ticket), _): ticket.fulfil(())
        default: break
        }
      }
    }
  }

  /// A read through the pool that returns once nothing it could have seen can still be lost to a
  /// crash (the newest commits may be waiting for their sync).
  func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
    let value = try await pool.read(body)
    try await walSync.waitForDurability()
    return value
  }

  /// A write outside the writer thread (an upload), returned once it is durable.
  func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
    let generation = Mutex<UInt64?>(nil)
    let value: T
    do {
      value = try await pool.write { db in
        let value = try body(db)
        generation.withLock { $0 = self.walSync.beginCommit() }
        return value
      }
    } catch {
      if let begun = generation.withLock({ $0 }) { walSync.committed(begun) { _ in } }
      throw error
    }
    guard let begun = generation.withLock({ $0 }) else { return value }
    let synced = CommitTicket<LiaisonError?>()
    walSync.committed(begun) { failure in synced.fulfil(failure) }
    if let failure = await synced.value { throw failure }
    return value
  }

  /// Applies one job inside the open transaction.
  private func run(_ job: Job, in transaction: inout SQLiteTransaction, now: Int64) throws -> Answer {
    switch job {
    case .commands(let commands, let early, let engine, _):
      var results: [CommandResult] = []
      results.reserveCapacity(commands.count)
      for index in commands.indices {
        results.append(try engine.run(commands[index], early: early[index], in: &transaction, now: now))
      }
      try transaction.linkAcknowledgements()
      return .commands(results)
    case .inbound(let peer, let items, let after, let engine, _):
      return .inbound(try applyInbound(items, from: peer, after: after, engine: engine, in: &transaction, now: now))
    case .redelivery(let list):
      let statement = try transaction.db.cachedStatement(
        sql: "UPDATE deliveries SET attempts = max(attempts, ?), last_error = ? WHERE id = ? AND acked_at IS NULL")
      for item in list { try statement.execute(arguments: [item.attempts, item.error, item.id]) }
      return .none
    case .audit(let entries):
      for entry in entries { try transaction.link(entry) }
      return .none
    case .dequeue(let peer, let upTo):
      try transaction.db.cachedStatement(sql: "DELETE FROM outbound WHERE peer = ? AND id <= ?")
        .execute(arguments: [peer, upTo])
      return .none
    case .flush:
      return .none
    }
  }
}
