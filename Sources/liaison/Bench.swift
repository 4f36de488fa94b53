import ArgumentParser
import Dispatch
import Foundation
import GRPCCore
import LiaisonClient
import LiaisonCore
import LiaisonWire
import SwiftProtobuf
import Synchronization

/// `liaison bench`: the load generator. Prints one line per scenario in the format of
/// shared/bench/peers so Liaison sits in the same table as the peer brokers.
struct Bench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure durable end-to-end throughput and latency against a running broker.",
    discussion: """
      throughput: N events of SIZE bytes from one producer (SubmitStream, at most WINDOW unconfirmed) to one
      consumer (Subscribe, at most WINDOW unacknowledged, one ack per event); events/s from the first submit
      to the later of the last confirm and the last ack.
      latency: RATE events/s for WARMUP + DURATION seconds, open loop; submit (scheduled time) → delivery
      p50/p99/p99.9 in µs, and submit → durable confirm.
      """)

  enum Scenario: String, ExpressibleByArgument, CaseIterable { case throughput, latency, all }

  @OptionGroup var connection: ConnectionOptions
  @Option(help: "throughput, latency or all.") var scenario: Scenario = .all
  @Option(help: "Event size in bytes (encoded body).") var size = 512
  @Option(help: "Events in the throughput run.") var n = 100_000
  @Option(help: "Most unconfirmed submissions and most unacknowledged deliveries.") var window = 1000
  @Option(help: "Submissions per SubmitBatch message in the throughput run.") var batch = 64
  @Option(help: "Events per second in the latency run.") var rate = 1000
  @Option(help: "Measured seconds of the latency run.") var duration = 5
  @Option(help: "Warm-up seconds of the latency run (not counted).") var warmup = 1
  @Option(help: "Sending agency.") var producer = "tj.scjg"
  @Option(help: "Receiving agency.") var consumer = "tj.hp.scjg"
  @Option(help: "Port of the consumer's broker, when it is another region's (federation); default --port.")
  var consumerPort: Int?
  @Option(help: "Give up after this many seconds.") var timeout = 300

  /// Where the consumer connects: the producer's broker, or another region's.
  var consumerConnection: ConnectionOptions {
    var options = connection
    options.port = consumerPort ?? connection.port
    return options
  }

  func run() async throws {
    if scenario != .latency { try await throughput() }
    if scenario != .throughput { try await latency() }
  }

  static func nanos() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

  static func request(_ index: Int, run: String, to consumer: String, padding: String) -> Liaison_V1_SubmitRequest {
    .with {
      $0.envelope.channel = .referral
      $0.envelope.addressees = [consumer]
      $0.idempotencyKey = "\(run)-\(index)"
      $0.body.referral = .with {
        $0.referenceNumber = "\(index)"
        $0.caseName = "bench"
        $0.factsSummary = padding
      }
    }
  }

  /// Filler so that the encoded body is about `size` bytes.
  var padding: String { String(repeating: "x", count: max(size - 40, 1)) }

  // MARK: Throughput

  func throughput() async throws {
    let run = "bench-\(UUID().uuidString.prefix(8))"
    let (n, window, batch, padding, consumer) = (self.n, self.window, self.batch, self.padding, self.consumer)
    let credit = CreditWindow(window)
    let stats = Locked(ThroughputStats())
    let limit = timeout
    try await connection.connect(as: producer) { producerClient in
      try await consumerConnection.connect(as: consumer) { consumerClient in
        try await withThrowingTaskGroup(of: Void.self) { group in
          group.addTask {
            try await consumerClient.subscribe(ackWait: .seconds(60), window: window) { subscription in
              var seen = Set<Int>()
              for try await deliveries in subscription.deliveries {
                var ids: [UInt64] = []
                ids.reserveCapacity(deliveries.count)
                for delivery in deliveries {
                  ids.append(delivery.deliveryID)
                  guard delivery.event.envelope.idempotencyKey.hasPrefix(run) else { continue }
                  if !seen.insert(Int(delivery.event.body.referral.referenceNumber) ?? -1).inserted {
                    stats.withLock { $0.duplicates += 1 }
                  }
                }
                subscription.acknowledge(ids)
                let count = seen.count
                stats.withLock {
                  $0.deliveryBatches += 1
                  $0.consumed = count
                  $0.lastAck = Self.nanos()
                }
                if count >= n { return }
              }
            }
          }
          group.addTask {
            try await producerClient.raw.submitStream(
              request: StreamingClientRequest { writer in
                var next = 0
                stats.withLock { $0.firstSubmit = Self.nanos() }
                while next < n {
                  let count = min(batch, n - next)
                  await credit.acquire(count)
                  let requests = (next..<(next + count)).map {
                    Bench.request($0, run: run, to: consumer, padding: padding)
                  }
                  try await writer.write(.with { $0.requests = requests })
                  next += count
                }
              }
            ) { response in
              for try await results in response.messages {
                credit.release(results.results.count)
                let errors = results.results.filter { if case .error = $0.outcome { true } else { false } }
                stats.withLock {
                  $0.confirmed += results.results.count - errors.count
                  $0.refused += errors.count
                  $0.lastConfirm = Self.nanos()
                }
                if let first = errors.first, case .error(let detail) = first.outcome {
                  printError("bench: refused: \(detail.code): \(detail.message)")
                }
              }
            }
          }
          group.addTask {
            try await Task.sleep(for: .seconds(limit))
            throw ValidationError("bench: throughput run timed out after \(limit) s")
          }
          try await group.next()
          try await group.next()
          group.cancelAll()
        }
      }
    }
    let result = stats.withLock { $0 }
    let end = max(result.lastAck, result.lastConfirm)
    let elapsed = Double(end - result.firstSubmit) / 1e9
    say(
      "peer=liaison scenario=throughput size=\(size) n=\(n) window=\(window) msgs_per_s=\(Int(Double(n) / elapsed)) mb_per_s=\(String(format: "%.1f", Double(n * size) / elapsed / 1e6)) elapsed_s=\(String(format: "%.3f", elapsed)) confirmed=\(result.confirmed) nacked=\(result.refused) consumed=\(result.consumed) dups=\(result.duplicates) bad=0 batch=\(batch) deliveries_per_push=\(result.consumed / max(result.deliveryBatches, 1))"
    )
  }

  // MARK: Latency

  func latency() async throws {
    let run = "bench-\(UUID().uuidString.prefix(8))"
    let (rate, padding, consumer, window) = (self.rate, self.padding, self.consumer, self.window)
    let total = rate * (warmup + duration)
    let skip = rate * warmup
    let samples = Locked(LatencySamples(count: total, rate: rate))
    try await connection.connect(as: producer) { producerClient in
      try await consumerConnection.connect(as: consumer) { consumerClient in
        try await withThrowingTaskGroup(of: Void.self) { group in
          group.addTask {
            try await consumerClient.subscribe(ackWait: .seconds(60), window: window) { subscription in
              var seen = 0
              for try await deliveries in subscription.deliveries {
                let now = Self.nanos()
                subscription.acknowledge(deliveries.map(\.deliveryID))
                for delivery in deliveries where delivery.event.envelope.idempotencyKey.hasPrefix(run) {
                  guard let index = Int(delivery.event.body.referral.referenceNumber) else { continue }
                  let fresh = samples.withLock { $0.deliver(index, at: now) }
                  if fresh { seen += 1 }
                }
                if seen >= total { return }
              }
            }
          }
          // Let the subscription open before the clock starts.
          try await Task.sleep(for: .milliseconds(300))
          group.addTask {
            let (schedule, confirmations) = AsyncStream<Int>.makeStream()
            try await producerClient.raw.submitStream(
              request: StreamingClientRequest { writer in
                let start = Self.nanos()
                samples.withLock { $0.start = start }
                for index in 0..<total {
                  let due = start + UInt64(index) * 1_000_000_000 / UInt64(rate)
                  let now = Self.nanos()
                  if due > now { try await Task.sleep(for: .nanoseconds(Int64(due - now))) }
                  confirmations.yield(index)
                  let sent = Self.nanos()
                  samples.withLock { $0.send(index, at: sent) }
                  try await writer.write(
                    .with { $0.requests = [Bench.request(index, run: run, to: consumer, padding: padding)] })
                }
                confirmations.finish()
              }
            ) { response in
              var order = schedule.makeAsyncIterator()
              for try await _ in response.messages {
                let now = Self.nanos()
                if let index = await order.next() { samples.withLock { $0.confirm(index, at: now) } }
              }
            }
          }
          let limit = timeout
          group.addTask {
            try await Task.sleep(for: .seconds(limit))
            throw ValidationError("bench: latency run timed out after \(limit) s")
          }
          try await group.next()
          try await group.next()
          group.cancelAll()
        }
      }
    }
    let result = samples.withLock { $0 }
    let delivered = result.latencies(from: skip, \.delivered)
    let confirmed = result.latencies(from: skip, \.confirmed)
    let lag = result.latencies(from: skip, \.sent)
    func pct(_ values: [UInt64], _ p: Double) -> Int {
      values.isEmpty ? -1 : Int(values[min(values.count - 1, Int(Double(values.count) * p))] / 1000)
    }
    say(
      "peer=liaison scenario=latency size=\(size) rate=\(rate) measured=\(delivered.count) p50_us=\(pct(delivered, 0.5)) p99_us=\(pct(delivered, 0.99)) p999_us=\(pct(delivered, 0.999)) max_us=\(delivered.last.map { Int($0 / 1000) } ?? -1) confirm_p50_us=\(pct(confirmed, 0.5)) confirm_p99_us=\(pct(confirmed, 0.99)) confirm_p999_us=\(pct(confirmed, 0.999)) send_lag_p50_us=\(pct(lag, 0.5)) send_lag_p99_us=\(pct(lag, 0.99)) confirmed=\(confirmed.count) consumed=\(delivered.count) dups=\(result.duplicates) bad=0"
    )
  }
}
