import LiaisonCore
import LiaisonWire
import ServiceLifecycle

/// The one path from a committed decision onwards: it reads the store's commit feed, in commit
/// order, and hands each commit's deliveries to the hub, its earliest alarm to the scheduler and its
/// queued peers to their links, and counts it. At start it first hands the hub the deliveries still
/// pending in the store, so a commit made meanwhile never overtakes an older delivery of its case.
final class CommitFeed: Service, Sendable {
  private let store: any CaseStore
  private let commits: AsyncStream<CommitRecord>
  private let hub: DeliveryHub
  private let scheduler: DeadlineScheduler
  private let links: [FederationLink]
  private let metrics: BrokerMetrics
  private let observer: (@Sendable (Int, Double) -> Void)?

  init(
    store: any CaseStore, hub: DeliveryHub, scheduler: DeadlineScheduler, links: [FederationLink],
    metrics: BrokerMetrics, observer: (@Sendable (Int, Double) -> Void)?
  ) {
    self.store = store
    // Subscribed at once, so that nothing committed from now on is missed.
    commits = store.commits()
    self.hub = hub
    self.scheduler = scheduler
    self.links = links
    self.metrics = metrics
    self.observer = observer
  }

  func run() async throws {
    let pending = try await store.pendingDeliveries()
    var cases: [String: CaseRecord] = [:]
    var restored: [(DeliveryRecord, WireEvent)] = []
    for (delivery, event) in pending {
      if cases[event.caseID] == nil { cases[event.caseID] = try await store.caseRecord(event.caseID) }
      guard let record = cases[event.caseID] else { continue }
      restored.append((delivery, WireEvent(event, of: record, redacted: !record.showsContent(to: delivery.agency))))
    }
    hub.restore(restored)
    // Commits made between the subscription and the read above are in both: deliver them once.
    let restoredIDs = Set(pending.map(\.0.id))
    let restoredUpTo = pending.map(\.0.eventSeq).max() ?? 0
    await cancelWhenGracefulShutdown {
      var seen = restoredIDs
      for await var record in self.commits {
        if !seen.isEmpty {
          for index in record.events.indices {
            record.events[index].deliveries.removeAll { seen.contains($0.id) }
          }
          if record.events.allSatisfy({ $0.event.seq > restoredUpTo }) { seen = [] }
        }
        self.publish(record)
      }
    }
  }

  private func publish(_ record: CommitRecord) {
    hub.publish(record)
    if let alarm = record.earliestAlarm { scheduler.alarmSet(at: alarm) }
    for link in links where record.queuedPeers.contains(link.peer.region) { link.notify() }
    metrics.recordCommit(requests: record.requests, seconds: record.seconds)
    observer?(record.requests, record.seconds)
  }
}
