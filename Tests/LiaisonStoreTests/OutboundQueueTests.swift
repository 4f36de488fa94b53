import Foundation
import LiaisonCore
import LiaisonStore
import LiaisonTesting
import Testing

@Suite("The federation outbound queue in the store")
struct OutboundQueueTests {
  /// A referral from Tianjin to a Beijing agency with a body of `size` bytes.
  static func referral(_ index: Int, size: Int) -> SubmitCommand {
    var command = SQLiteStoreTests.command(to: ["bj.scjg"], key: "k\(index)")
    command.content = [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: size)
    return command
  }

  @Test("events for a peer region are queued with the event, read in order, bounded by count and by bytes")
  func boundedReads() async throws {
    try await SQLiteStoreTests.withStore(peers: ["bj"]) { store, _ in
      for index in 0..<10 { _ = try await store.submit([Self.referral(index, size: 100_000)])[0].get() }
      // A Tianjin-only case queues nothing.
      _ = try await store.submit([SQLiteStoreTests.command(key: "local")])[0].get()
      #expect(try await store.outboundStats().map(\.depth) == [10])

      let all = try await store.outbound(peer: "bj", after: 0, limit: 512, maxBytes: .max)
      #expect(all.count == 10)
      #expect(all.map(\.id) == all.map(\.id).sorted())
      // 100 kB each: the read stops with the item that reaches 250 kB.
      let bounded = try await store.outbound(peer: "bj", after: 0, limit: 512, maxBytes: 250_000)
      #expect(bounded.map(\.id) == Array(all.prefix(3).map(\.id)))
      // At least one item however large; the count bound still applies; the next read goes on from there.
      #expect(try await store.outbound(peer: "bj", after: 0, limit: 512, maxBytes: 1).map(\.id) == [all[0].id])
      #expect(try await store.outbound(peer: "bj", after: 0, limit: 2, maxBytes: .max).count == 2)
      let rest = try await store.outbound(peer: "bj", after: bounded.last!.id, limit: 512, maxBytes: .max)
      #expect(rest.map(\.id) == Array(all.dropFirst(3).map(\.id)))
      // Acknowledged items leave the queue.
      store.dequeueOutbound(peer: "bj", upTo: all[4].id)
      await store.flush()
      #expect(try await store.outboundStats().map(\.depth) == [5])
      #expect(try await store.outbound(peer: "bj", after: 0, limit: 512, maxBytes: .max).first?.id == all[5].id)
      #expect(try await store.outbound(peer: "he", after: 0, limit: 512, maxBytes: .max).isEmpty)
    }
  }

  @Test("the observer told of queued items is called at the same stack depth after hundreds of commits")
  func observerDoesNotGrow() async throws {
    try await SQLiteStoreTests.withStore(peers: ["bj"]) { store, _ in
      // A function value kept behind a generic lock was once re-wrapped on every commit: each call
      // went through two more thunks than the one before, until the writer's stack overflowed.
      let depths = Locked<[Int]>([])
      store.observeOutbound { regions in
        #expect(regions == ["bj"])
        let depth = Thread.callStackReturnAddresses.count
        depths.withLock { $0.append(depth) }
      }
      for index in 0..<300 { _ = try await store.submit([Self.referral(index, size: 10)])[0].get() }
      let seen = depths.withLock { $0 }
      #expect(seen.count == 300)
      #expect(Set(seen).count == 1, "stack depths \(seen.first ?? 0) … \(seen.last ?? 0)")
    }
  }
}
