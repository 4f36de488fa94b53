import Dispatch
import Foundation
import LiaisonCore
import Synchronization

/// Makes the store's commits durable on a thread of its own, so the fsync of one group commit
/// overlaps the next transaction instead of following it.
///
/// The writer connection commits with `synchronous=NORMAL`: SQLite writes the WAL frames and makes
/// them visible, but does not fsync them (it still syncs the WAL and the database file around every
/// checkpoint). Each commit then hands its generation here with what to do once it is durable;
/// this thread calls `fdatasync` on the WAL once for every commit handed over since its last sync
/// and runs their confirmations in commit order. One sync covers every commit whose COMMIT returned
/// before it started, so a confirmation never precedes the fsync that made its commit durable.
///
/// Readers wait too: a read that may have seen a commit not yet synced returns only after that
/// commit is durable (``waitForDurability()``), so nothing a client, a scheduler or a peer region
/// reads can be lost by a crash.
final class WALSync: Sendable {
  private struct Pending {
    var generation: UInt64
    var confirm: @Sendable (LiaisonError?) -> Void
  }

  private struct State {
    /// The newest generation whose COMMIT may have begun (what a reader may have seen).
    var begun: UInt64 = 0
    /// Every generation up to this one is synced.
    var durable: UInt64 = 0
    var pending: [Pending] = []
    /// Readers waiting for a generation to become durable.
    var readers: [(generation: UInt64, ticket: CommitTicket<LiaisonError?>)] = []
    /// Set when an fsync failed: nothing is confirmed after that.
    var failure: LiaisonError?
    var stopped = false
  }

  private let descriptor: Int32
  private let path: String
  private let state = Mutex(State())
  private let wakeup = DispatchSemaphore(value: 0)
  private let done = DispatchSemaphore(value: 0)

  /// Opens the WAL at `path` (the writer connection must have created it and must stay open, so the
  /// file is the one SQLite appends to) and starts the sync thread.
  init(wal path: String) throws {
    self.path = path
    descriptor = open(path, O_RDWR | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw LiaisonError(.unavailable, "cannot open the WAL \(path) to sync it: \(String(cString: strerror(errno)))")
    }
    let thread = Thread { [self] in self.run() }
    thread.name = "liaison-sqlite-sync"
    thread.start()
  }

  /// Readers waiting for a sync (for tests).
  var waitingReaders: Int { state.withLock { $0.readers.count } }

  /// Why commits can no longer be confirmed (an fsync failed), if they cannot.
  var failure: LiaisonError? { state.withLock { $0.failure } }

  /// Called inside a write transaction just before its COMMIT: from here on readers may see it.
  /// Every generation returned must be handed to ``committed(_:confirm:)``, committed or not.
  func beginCommit() -> UInt64 {
    state.withLock { state in
      state.begun += 1
      return state.begun
    }
  }

  /// Hands over a commit (or a COMMIT that failed): `confirm` runs on the sync thread once the
  /// commit is durable, with nil, or with the error that stopped the sync.
  func committed(_ generation: UInt64, confirm: @escaping @Sendable (LiaisonError?) -> Void) {
    let refused: LiaisonError? = state.withLock { state in
      if let failure = state.failure { return failure }
      if state.stopped { return LiaisonError(.unavailable, "the store is closed; retry with the same idempotency key") }
      state.pending.append(Pending(generation: generation, confirm: confirm))
      return nil
    }
    if let refused { confirm(refused) } else { wakeup.signal() }
  }

  /// Returns once every commit a read finished so far could have seen is durable (at once when
  /// none is waiting for its sync); throws when the sync failed.
  func waitForDurability() async throws {
    let ticket: CommitTicket<LiaisonError?>? = state.withLock { state in
      if let failure = state.failure { return CommitTicket(failure) }
      guard state.begun > state.durable else { return nil }
      let ticket = CommitTicket<LiaisonError?>()
      state.readers.append((state.begun, ticket))
      return ticket
    }
    if let ticket, let failure = await ticket.value { throw failure }
  }

  /// Syncs the WAL on the caller's thread (start-up and offline fills, where nothing is pipelined).
  func syncNow() throws {
    if fdatasync(descriptor) != 0 {
      throw LiaisonError(.unavailable, "fdatasync of \(path) failed: \(String(cString: strerror(errno)))")
    }
  }

  /// Syncs and confirms what was handed over, then stops the thread and closes the file.
  func close() {
    let running = state.withLock { state in
      defer { state.stopped = true }
      return !state.stopped
    }
    guard running else { return }
    wakeup.signal()
    done.wait()
    _ = Foundation.close(descriptor)
  }

  private func run() {
    defer { done.signal() }
    while true {
      wakeup.wait()
      let (batch, stopped) = state.withLock { state in
        defer { state.pending.removeAll(keepingCapacity: true) }
        return (state.pending, state.stopped)
      }
      if !batch.isEmpty { sync(batch) }
      if stopped, state.withLock({ $0.pending.isEmpty }) {
        resumeReaders(upTo: .max, failure: nil)
        return
      }
    }
  }

  private func sync(_ batch: [Pending]) {
    let newest = batch.map(\.generation).max() ?? 0
    var failure: LiaisonError? = nil
    if fdatasync(descriptor) != 0 {
      // After a failed fsync the kernel may have dropped the dirty pages: whether the commits are on
      // the disk is unknown, so none is confirmed, now or later (clients retry with their keys).
      failure = LiaisonError(
        .unavailable,
        "the store could not sync its WAL (\(String(cString: strerror(errno)))); nothing more is confirmed until the broker restarts"
      )
    }
    let newFailure = state.withLock { state -> LiaisonError? in
      if let failure {
        state.failure = state.failure ?? failure
      } else if state.failure == nil {
        // Generations are begun in order under GRDB's one writer; a COMMIT that returned before
        // this sync started is on the disk even if its hand-over comes later.
        state.durable = max(state.durable, newest)
      }
      return state.failure
    }
    for pending in batch { pending.confirm(newFailure) }
    resumeReaders(upTo: newFailure == nil ? newest : .max, failure: newFailure)
  }

  private func resumeReaders(upTo generation: UInt64, failure: LiaisonError?) {
    let ready = state.withLock { state in
      let ready = state.readers.filter { $0.generation <= generation }
      state.readers.removeAll { $0.generation <= generation }
      return ready
    }
    for reader in ready { reader.ticket.fulfil(failure) }
  }
}
