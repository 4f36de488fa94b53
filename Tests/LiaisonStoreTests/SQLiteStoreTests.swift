import Foundation
import LiaisonCore
import LiaisonStore
import LiaisonTesting
import Testing

/// What only the SQLite store has: its file settings and migrations (everything a store guarantees
/// is in the conformance suite).
@Suite("SQLite store")
struct SQLiteStoreTests {
  @Test(
    "the database is in WAL mode, its writer commits without an fsync of its own (WALSync syncs), and migrations are named"
  )
  func durabilitySettings() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let store = try SQLiteStore(.init(path: folder.file("l.sqlite")), clock: ManualClock())
    defer { store.close() }
    let (journal, synchronous, migrations) = try (
      store.journalMode(), store.writerSynchronousMode(), store.appliedMigrations()
    )
    #expect(journal == "wal")
    #expect(synchronous == 1, "NORMAL: the fsync is WALSync's, before any confirmation")
    #expect(
      migrations == [
        "v1-cases-events-deliveries", "v2-attachments", "v3-case-workflow", "v4-clocks", "v5-supervisors",
        "v6-audit", "v7-federation", "v8-case-rules", "v9-clock-parties", "v10-audit-coverage",
      ])
  }

  @Test("a store that is closed refuses new work as unavailable and answers what it had taken")
  func closedStore() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let store = try SQLiteStore(.init(path: folder.file("l.sqlite")), clock: ManualClock())
    let engine = try Fixtures.engine()
    let taken = store.commit([Commands.referral()], engine: engine)
    store.close()
    #expect(try await taken.value.get()[0].answer.get().caseRecord.id == "tj.c1")
    let refused = await store.commit([Commands.referral()], engine: engine).value
    guard case .failure(let error) = refused else {
      Issue.record("a closed store committed")
      return
    }
    #expect(error.code == .unavailable)
  }
}
