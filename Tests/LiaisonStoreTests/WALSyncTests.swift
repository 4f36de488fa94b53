import Foundation
import LiaisonCore
import LiaisonTesting
import Synchronization
import Testing

@testable import LiaisonStore

/// The sync thread behind the writer: a commit is confirmed after the fdatasync that covers it, in
/// commit order; a read waits for the commits it may have seen; a failed fdatasync confirms nothing,
/// then or later.
@Suite("WAL sync")
struct WALSyncTests {
  @Test("confirmations follow the sync in commit order, one sync covers earlier commits, readers wait")
  func order() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("l.sqlite-wal")
    #expect(FileManager.default.createFile(atPath: path, contents: Data([1, 2, 3])))
    let sync = try WALSync(wal: path)
    let log = Mutex<[String]>([])

    // Nothing begun: a read does not wait.
    try await sync.waitForDurability()
    #expect(sync.waitingReaders == 0)

    let first = sync.beginCommit()
    let second = sync.beginCommit()
    let confirmed = CommitTicket<LiaisonError?>()
    sync.committed(second) { failure in
      log.withLock { $0.append("second") }
      confirmed.fulfil(failure)
    }
    #expect(await confirmed.value == nil)
    // The sync of the second commit covered the first, whose COMMIT returned before it began.
    try await sync.waitForDurability()
    #expect(sync.waitingReaders == 0)
    sync.committed(first) { _ in log.withLock { $0.append("first") } }

    let third = sync.beginCommit()
    let reader = Task {
      try await sync.waitForDurability()
      log.withLock { $0.append("read") }
    }
    #expect(await eventually { sync.waitingReaders == 1 }, "the read waits for the third commit's sync")
    sync.committed(third) { _ in log.withLock { $0.append("third") } }
    try await reader.value

    let fourth = sync.beginCommit()
    sync.committed(fourth) { _ in log.withLock { $0.append("fourth") } }
    sync.close()
    #expect(log.withLock { $0 } == ["second", "first", "third", "read", "fourth"])
    // After close nothing is taken.
    let refused = CommitTicket<LiaisonError?>()
    sync.committed(sync.beginCommit()) { refused.fulfil($0) }
    #expect(await refused.value?.code == .unavailable)
  }

  @Test("a failed fdatasync confirms nothing: the commits it covered, later commits and reads all fail")
  func failure() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    // fdatasync of a FIFO fails (EINVAL), as a disk that reports an I/O error would.
    let path = folder.file("fifo")
    #expect(mkfifo(path, 0o600) == 0)
    let sync = try WALSync(wal: path)
    defer { sync.close() }
    #expect(sync.failure == nil)
    let begun = sync.beginCommit()
    let first = CommitTicket<LiaisonError?>()
    sync.committed(begun) { first.fulfil($0) }
    let failure = try #require(await first.value)
    #expect(failure.code == .unavailable)
    #expect(failure.message.contains("could not sync its WAL"))
    #expect(sync.failure?.code == .unavailable)

    let later = CommitTicket<LiaisonError?>()
    sync.committed(sync.beginCommit()) { later.fulfil($0) }
    #expect(await later.value?.code == .unavailable, "nothing after a failed sync is confirmed")
    await #expect(throws: LiaisonError.self) { try await sync.waitForDurability() }
    #expect(throws: LiaisonError.self) { try sync.syncNow() }
  }
}
