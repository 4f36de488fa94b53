import GRPCCore
import LiaisonClient
import LiaisonCore
import LiaisonServer
import LiaisonTesting
import LiaisonWire
import SwiftProtobuf
import Synchronization
import Testing

@Suite("Delivery over mutual TLS", .timeLimit(.minutes(2)))
struct DeliveryTests {
  @Test("a referral is committed, delivered to the addressee and the copy, acknowledged, and shown in GetCase")
  func submitDeliverAcknowledge() async throws {
    try await TestBroker.with { broker in
      let submitted = try await broker.connect(as: "tj.scjg") { client in
        try await client.submit(Requests.referral(copies: ["tj.hp.sfj"], key: "r-1"))
      }
      #expect(submitted.caseID == "tj.c1")
      #expect(submitted.state == "sent")
      for agency in ["tj.hp.scjg", "tj.hp.sfj"] {
        let delivery = try await broker.connect(as: agency) { client in
          try await client.subscribe(window: 10) { subscription in
            for try await batch in subscription.deliveries {
              subscription.acknowledge(batch.map(\.deliveryID))
              return batch[0]
            }
            throw RPCError(code: .unavailable, message: "ended")
          }
        }
        #expect(delivery.event.envelope.caseID == "tj.c1")
        #expect(delivery.event.envelope.sender == "tj.scjg")
        #expect(delivery.event.body.referral.caseName == "无照经营")
        #expect(delivery.role == (agency == "tj.hp.sfj" ? "copy" : "addressee"))
        #expect(delivery.attempt == 1)
        // Delivered pre-encoded (content and envelope concatenated), the event decodes to exactly
        // what GetCase assembles from the stored event.
        let view = try await broker.connect(as: agency) { client in try await client.getCase("tj.c1") }
        #expect(delivery.event == view.events[0])
      }
      let acknowledged = await eventually {
        let view = try? await broker.connect(as: "tj.scjg") { client in try await client.getCase("tj.c1") }
        return view?.deliveries.allSatisfy { $0.state == .acknowledged && $0.attempts == 1 } ?? false
      }
      #expect(acknowledged)
    }
  }

  @Test("an unacknowledged delivery comes again after the ack wait, and GetCase shows the attempts and the error")
  func redeliveryAfterAckWait() async throws {
    let clock = ManualClock()
    try await TestBroker.with(
      configure: { $0.delivery.backoffBase = 50 }, clock: clock,
      { broker in
        _ = try await broker.connect(as: "tj.scjg") { client in try await client.submit(Requests.referral()) }
        let agency = Fixtures.agency("tj.hp.scjg")
        let attempts = try await broker.connect(as: "tj.hp.scjg") { client in
          try await client.subscribe(ackWait: .milliseconds(200), window: 10) { subscription in
            var attempts: [UInt32] = []
            for try await batch in subscription.deliveries {
              attempts += batch.map(\.attempt)
              if attempts.count == 3 {
                subscription.acknowledge(batch.map(\.deliveryID))
                await subscription.committed(batch.map(\.deliveryID))
                return attempts
              }
              // Not acknowledged: the ack wait (200 ms) runs out, then the backoff (50 ms, 100 ms).
              _ = await eventually { broker.broker.deliveryStats()[agency]?.inFlight == 1 }
              clock.advance(byMillis: 200)
              _ = await eventually { broker.broker.deliveryStats()[agency]?.inFlight == 0 }
              clock.advance(byMillis: 100)
            }
            return attempts
          }
        }
        #expect(attempts == [1, 2, 3])
        let view = try await broker.connect(as: "tj.scjg") { client in try await client.getCase("tj.c1") }
        #expect(view.deliveries[0].state == .acknowledged, "the acknowledgement was confirmed committed")
        #expect(view.deliveries[0].attempts == 3)
        #expect(view.deliveries[0].lastError.contains("ack wait of 200 ms"))
      })
  }

  @Test("extending the ack deadline keeps a slow consumer's delivery from being redelivered")
  func extendAckDeadline() async throws {
    let clock = ManualClock()
    try await TestBroker.with(clock: clock) { broker in
      _ = try await broker.connect(as: "tj.scjg") { client in try await client.submit(Requests.referral()) }
      let agency = Fixtures.agency("tj.hp.scjg")
      let seen = try await broker.connect(as: "tj.hp.scjg") { client in
        try await client.subscribe(ackWait: .milliseconds(300), window: 10) { subscription in
          var seen: [UInt32] = []
          for try await batch in subscription.deliveries {
            seen += batch.map(\.attempt)
            let ids = batch.map(\.deliveryID)
            // 600 ms of work under a 300 ms ack wait, extended by a second every 150 ms.
            for _ in 0..<4 {
              let extendedTo = clock.nowMillis() + 1000
              subscription.extend(ids, by: .seconds(1))
              _ = await eventually { broker.broker.deliveryStats()[agency]?.nextDue == extendedTo }
              clock.advance(byMillis: 150)
            }
            subscription.acknowledge(ids)
            await subscription.committed(ids)
            return seen
          }
          return seen
        }
      }
      #expect(seen == [1], "delivered once")
      let view = try await broker.connect(as: "tj.scjg") { client in try await client.getCase("tj.c1") }
      #expect(view.deliveries[0].attempts == 1, "never sent again")
    }
  }

  @Test("on reconnect everything unacknowledged comes again and nothing acknowledged does")
  func reconnect() async throws {
    try await TestBroker.with { broker in
      try await broker.connect(as: "tj.scjg") { client in
        for index in 0..<4 { _ = try await client.submit(Requests.referral(key: "k\(index)")) }
      }
      let first = try await broker.connect(as: "tj.hp.scjg") { client in
        try await client.subscribe(window: 10) { subscription in
          var got: [String] = []
          for try await batch in subscription.deliveries {
            got += batch.map(\.event.envelope.caseID)
            if got.count >= 4 {
              // Acknowledge the first two only (confirmed committed), then drop the connection.
              let all = batch.map(\.deliveryID)
              subscription.acknowledge(Array(all.prefix(2)))
              await subscription.committed(Array(all.prefix(2)))
              return got
            }
          }
          return got
        }
      }
      #expect(first == ["tj.c1", "tj.c2", "tj.c3", "tj.c4"])
      let second = try await broker.connect(as: "tj.hp.scjg") { client in
        try await client.subscribe(window: 10) { subscription in
          for try await batch in subscription.deliveries {
            subscription.acknowledge(batch.map(\.deliveryID))
            return batch.map { "\($0.event.envelope.caseID)#\($0.attempt)" }
          }
          return []
        }
      }
      #expect(second == ["tj.c3#2", "tj.c4#2"])
    }
  }

  @Test("two connections of one agency share its deliveries without duplicating acknowledged ones")
  func sharedConnections() async throws {
    try await TestBroker.with { broker in
      let total = 40
      try await broker.connect(as: "tj.scjg") { client in
        for index in 0..<total { _ = try await client.submit(Requests.referral(key: "s\(index)")) }
      }
      let seen = Locked<[String]>([])
      let agency = Fixtures.agency("tj.hp.scjg")
      try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<2 {
          group.addTask {
            try await broker.connect(as: "tj.hp.scjg") { client in
              try await client.subscribe(window: 5) { subscription in
                for try await batch in subscription.deliveries {
                  seen.withLock { $0 += batch.map(\.event.envelope.caseID) }
                  subscription.acknowledge(batch.map(\.deliveryID))
                }
              }
            }
          }
        }
        group.addTask {
          // Everything seen and nothing left unacknowledged: nothing can come again.
          _ = await eventually(within: 10) {
            seen.withLock { $0.count } >= total && broker.broker.deliveryStats()[agency]?.unacknowledged == 0
          }
        }
        // The watcher ends first; then the two subscribers are cancelled.
        try await group.next()
        group.cancelAll()
      }
      let cases = seen.withLock { $0 }
      #expect(Set(cases).count == total)
      #expect(cases.count == total, "no acknowledged delivery came twice")
    }
  }

  @Test("events of one case arrive in sequence order")
  func orderPerCase() async throws {
    try await TestBroker.with { broker in
      try await broker.connect(as: "tj.scjg") { client in
        _ = try await client.submit(Requests.referral())
        for index in 1...5 { _ = try await client.act(Requests.comment("tj.c1", "补充说明 \(index)")) }
      }
      let sequences = try await broker.connect(as: "tj.hp.scjg") { client in
        try await client.subscribe(window: 100) { subscription in
          var sequences: [UInt64] = []
          for try await batch in subscription.deliveries {
            sequences += batch.map(\.event.sequence)
            subscription.acknowledge(batch.map(\.deliveryID))
            if sequences.count == 6 { return sequences }
          }
          return sequences
        }
      }
      #expect(sequences == [1, 2, 3, 4, 5, 6])
    }
  }

  @Test("deliveries not acknowledged before a restart are delivered after it")
  func restart() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let pki = try TestPKI(folder: folder)
    try await TestBroker.with(folder: folder, pki: pki) { broker in
      _ = try await broker.connect(as: "tj.scjg") { client in try await client.submit(Requests.referral()) }
    }
    let delivered = try await TestBroker.with(folder: folder, pki: pki) { broker in
      try await broker.connect(as: "tj.hp.scjg") { client in
        try await client.subscribe(window: 10) { subscription in
          for try await batch in subscription.deliveries {
            subscription.acknowledge(batch.map(\.deliveryID))
            return batch.map(\.event.envelope.caseID)
          }
          return []
        }
      }
    }
    #expect(delivered == ["tj.c1"])
  }
}
