import LiaisonCore
import Testing

@Suite("Delivery tracker")
struct DeliveryTrackerTests {
  typealias Tracker = DeliveryTracker<String>

  func item(_ id: Int64, _ caseID: String) -> Tracker.Item { .init(id: id, caseID: caseID, payload: "e\(id)") }

  func ids(_ assignments: [(Int, [Tracker.Item])]) -> [Int64] { assignments.flatMap { $0.1.map(\.id) } }

  @Test("a connection never receives more than its credit")
  func credit() {
    var tracker = Tracker()
    tracker.enqueue((1...5).map { item($0, "c\($0)") })
    tracker.connect(1, ackWait: 1000)
    tracker.grant(1, credit: 2)
    #expect(ids(tracker.assign(now: 0)) == [1, 2])
    #expect(tracker.assign(now: 0).isEmpty)
    tracker.grant(1, credit: 10)
    #expect(ids(tracker.assign(now: 0)) == [3, 4, 5])
  }

  @Test("events of one case are delivered one at a time, in order")
  func orderPerCase() {
    var tracker = Tracker()
    tracker.enqueue([item(1, "a"), item(2, "a"), item(3, "b"), item(4, "a")])
    tracker.connect(1, ackWait: 1000)
    tracker.grant(1, credit: 10)
    #expect(ids(tracker.assign(now: 0)) == [1, 3])
    _ = tracker.acknowledge([1])
    #expect(ids(tracker.assign(now: 0)) == [2])
    _ = tracker.acknowledge([2, 3])
    #expect(ids(tracker.assign(now: 0)) == [4])
  }

  @Test("an unacknowledged delivery is sent again after its ack wait, with growing delay")
  func redelivery() {
    var tracker = Tracker(configuration: .init(backoffBase: 100, backoffMax: 1000))
    tracker.enqueue([item(1, "a"), item(2, "a")])
    tracker.connect(1, ackWait: 500)
    tracker.grant(1, credit: 10)
    #expect(ids(tracker.assign(now: 0)) == [1])
    #expect(tracker.expire(now: 499).isEmpty)
    let expired = tracker.expire(now: 500)
    #expect(expired.map(\.id) == [1])
    #expect(expired[0].reason.contains("500 ms"))
    #expect(tracker.assign(now: 550).isEmpty, "waits for its backoff")
    _ = tracker.expire(now: 600)
    let again = tracker.assign(now: 600)
    #expect(ids(again) == [1], "event 2 of the same case still waits behind event 1")
    #expect(again[0].1[0].attempts == 2)
    _ = tracker.expire(now: 1100)
    #expect(tracker.nextWakeup == 1300, "second delay doubles to 200 ms")
    #expect(Tracker.Configuration(backoffBase: 100, backoffMax: 1000).backoff(afterAttempts: 10) == 1000)
  }

  @Test("an extension keeps a slow consumer's delivery from being redelivered")
  func extensionPreventsRedelivery() {
    var tracker = Tracker()
    tracker.enqueue([item(1, "a")])
    tracker.connect(1, ackWait: 500)
    tracker.grant(1, credit: 1)
    _ = tracker.assign(now: 0)
    tracker.extend([1], now: 400, by: 500)
    #expect(tracker.expire(now: 800).isEmpty)
    #expect(tracker.acknowledge([1]).map(\.attempts) == [1])
    #expect(tracker.unacknowledgedCount == 0)
  }

  @Test("a closed connection's deliveries go at once to another connection of the agency")
  func disconnect() {
    var tracker = Tracker()
    tracker.enqueue([item(1, "a"), item(2, "b")])
    tracker.connect(1, ackWait: 10_000)
    tracker.grant(1, credit: 10)
    #expect(ids(tracker.assign(now: 0)) == [1, 2])
    _ = tracker.acknowledge([2])
    tracker.disconnect(1)
    tracker.connect(2, ackWait: 10_000)
    tracker.grant(2, credit: 10)
    let again = tracker.assign(now: 1)
    #expect(ids(again) == [1], "acknowledged 2 does not come again")
    #expect(again[0].0 == 2)
  }

  @Test("two connections of one agency share deliveries without duplicates")
  func sharing() {
    var tracker = Tracker()
    tracker.enqueue((1...6).map { item($0, "c\($0)") })
    tracker.connect(1, ackWait: 10_000)
    tracker.connect(2, ackWait: 10_000)
    tracker.grant(1, credit: 3)
    tracker.grant(2, credit: 3)
    let assignments = tracker.assign(now: 0)
    #expect(Set(assignments.map(\.0)) == [1, 2])
    #expect(ids(assignments).sorted() == [1, 2, 3, 4, 5, 6])
    #expect(tracker.acknowledge([1, 2, 3, 4, 5, 6]).count == 6)
    #expect(tracker.acknowledge([1]).isEmpty, "a second acknowledgement is ignored")
  }
}
