import LiaisonCore
import Prometheus

/// The broker's Prometheus metrics (names under `liaison_`). Counters and histograms are updated as
/// things happen; gauges (connected agencies, unacknowledged deliveries, open and missed deadlines)
/// are refreshed at each scrape.
public final class BrokerMetrics: Sendable {
  private let registry = PrometheusCollectorRegistry()
  private let submissions: Counter
  private let actions: Counter
  private let deliveries: Counter
  private let redeliveries: Counter
  private let acknowledgements: Counter
  private let commitBatch: ValueHistogram
  private let commitSeconds: DurationHistogram

  public init() {
    func descriptor(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
      MetricNameDescriptor(namespace: "liaison", metricName: name, unitName: unit, helpText: help)
    }
    submissions = registry.makeCounter(
      descriptor: descriptor("submissions", "total", "Cases opened (committed)."), labels: [])
    actions = registry.makeCounter(descriptor: descriptor("actions", "total", "Actions committed."), labels: [])
    deliveries = registry.makeCounter(
      descriptor: descriptor("deliveries", "total", "Deliveries sent to subscribers, first attempts."), labels: [])
    redeliveries = registry.makeCounter(
      descriptor: descriptor("redeliveries", "total", "Deliveries sent again after an ack wait or a reconnect."),
      labels: [])
    acknowledgements = registry.makeCounter(
      descriptor: descriptor("acknowledgements", "total", "Deliveries acknowledged by their agency."), labels: [])
    commitBatch = registry.makeValueHistogram(
      descriptor: descriptor("commit_batch", "requests", "Requests per group commit."),
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096])
    commitSeconds = registry.makeDurationHistogram(
      descriptor: descriptor("commit", "seconds", "Duration of a group commit, fsync included."),
      buckets: [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .seconds(1),
      ])
  }

  /// Counts committed submissions.
  func countSubmissions(_ count: Int) { submissions.increment(by: Int64(count)) }

  /// Counts one committed action.
  func countAction() { actions.increment() }

  /// Counts deliveries handed to subscribers: first attempts and repeats.
  func countDeliveries(first: Int, again: Int) {
    deliveries.increment(by: Int64(first))
    redeliveries.increment(by: Int64(again))
  }

  /// Counts acknowledged deliveries.
  func countAcknowledgements(_ count: Int) { acknowledgements.increment(by: Int64(count)) }

  /// The Prometheus text exposition.
  func exposition() -> [UInt8] { registry.emitToBuffer() }

  /// Records one group commit.
  func recordCommit(requests: Int, seconds: Double) {
    commitBatch.record(Double(requests))
    commitSeconds.record(.nanoseconds(Int64(seconds * 1e9)))
  }

  /// Counts escalation events by kind (`warn`, `escalate`) and level.
  func recordEscalation(kind: String, level: Int) {
    registry.makeCounter(
      descriptor: MetricNameDescriptor(
        namespace: "liaison", metricName: "escalations", unitName: "total",
        helpText: "Deadline alerts raised, by kind and ladder level."),
      labels: [("kind", kind), ("level", "\(level)")]
    ).increment()
  }

  /// Counts federation items sent to or received from a peer, and those the receiver refused.
  func countFederation(peer: String, direction: String, items: Int, refused: Int = 0) {
    let descriptor = MetricNameDescriptor(
      namespace: "liaison", metricName: "federation_items", unitName: "total",
      helpText: "Federation items acknowledged by a peer (sent) or applied from a peer (received).")
    registry.makeCounter(descriptor: descriptor, labels: [("peer", peer), ("direction", direction)])
      .increment(by: Int64(items))
    if refused > 0 {
      registry.makeCounter(
        descriptor: MetricNameDescriptor(
          namespace: "liaison", metricName: "federation_refused", unitName: "total",
          helpText: "Federation items refused, by peer and direction."),
        labels: [("peer", peer), ("direction", direction)]
      ).increment(by: Int64(refused))
    }
  }

  /// Sets the outbound queue gauges of each peer and whether its link is up.
  func refreshFederation(_ queues: [PeerQueueStats], peers: [String], connected: Set<String>, now: Int64) {
    func gauge(_ name: String, _ unit: String, _ help: String, _ peer: String) -> Gauge {
      registry.makeGauge(
        descriptor: MetricNameDescriptor(namespace: "liaison", metricName: name, unitName: unit, helpText: help),
        labels: [("peer", peer)])
    }
    for peer in peers {
      let queue = queues.first { $0.peer == peer } ?? PeerQueueStats(peer: peer, depth: 0, oldestQueuedAt: nil)
      gauge("federation_queue_depth", "", "Items queued for a peer broker and not yet acknowledged.", peer)
        .set(Double(queue.depth))
      let age = Double(queue.age(now: now)) / 1000
      gauge("federation_queue_age", "seconds", "Age of the oldest item queued for a peer broker.", peer).set(age)
      gauge("federation_link_up", "", "1 while the Exchange stream to the peer broker is open.", peer)
        .set(connected.contains(peer) ? 1.0 : 0.0)
    }
  }

  /// Sets the gauges read at scrape time.
  func refresh(
    connectedAgencies: Int, unacknowledged: Int,
    deadlines: [(channel: String, open: Int, missed: Int, provisional: Int)], yearsWithoutCalendar: [Int]
  ) {
    func gauge(_ name: String, _ help: String, _ labels: [(String, String)] = []) -> Gauge {
      registry.makeGauge(
        descriptor: MetricNameDescriptor(namespace: "liaison", metricName: name, unitName: "", helpText: help),
        labels: labels)
    }
    gauge("connected_agencies", "Agencies with at least one subscriber connection.").set(Double(connectedAgencies))
    gauge("unacknowledged_deliveries", "Deliveries waiting for an acknowledgement.").set(Double(unacknowledged))
    for channel in Channel.allCases where channel != .escalation {
      let counts = deadlines.first { $0.channel == channel.rawValue }
      gauge("deadlines_open", "Running or paused statutory clocks, by channel.", [("channel", channel.rawValue)])
        .set(Double(counts?.open ?? 0))
      gauge("deadlines_missed", "Open clocks past their due time, by channel.", [("channel", channel.rawValue)])
        .set(Double(counts?.missed ?? 0))
      gauge(
        "deadlines_provisional",
        "Running clocks whose due time falls in a year without an official holiday schedule, by channel.",
        [("channel", channel.rawValue)]
      ).set(Double(counts?.provisional ?? 0))
    }
    // Years a new deadline may fall in that have no cn-YYYY.yaml (alert on > 0).
    gauge(
      "calendar_years_missing",
      "Years within the longest deadline from now without an official holiday schedule (add Deploy/calendar/cn-YYYY.yaml)."
    ).set(Double(yearsWithoutCalendar.count))
  }
}
