import LiaisonCore

/// Commit batch sizes and durations since the last report: the raw material of the store's
/// group-commit behaviour (requests per transaction, and how long each transaction with its fsync took).
public final class CommitStatistics: Sendable {
  /// A summary of the commits since the previous report.
  public struct Report: Sendable, CustomStringConvertible {
    /// Transactions committed.
    public var commits: Int
    /// Requests committed.
    public var requests: Int
    /// Median and 99th percentile transaction time, in microseconds.
    public var p50Micros: Int
    public var p99Micros: Int

    public var description: String {
      "commits=\(commits) requests=\(requests) mean_batch=\(commits == 0 ? 0 : requests / commits) commit_p50_us=\(p50Micros) commit_p99_us=\(p99Micros)"
    }
  }

  private let samples = Locked<[(Int, Double)]>([])

  public init() {}

  /// Records one commit (the store's batch observer).
  public func record(requests: Int, seconds: Double) {
    samples.withLock { $0.append((requests, seconds)) }
  }

  /// Summarises and forgets the commits recorded so far.
  public func report() -> Report {
    let taken = samples.withLock { list -> [(Int, Double)] in
      defer { list.removeAll(keepingCapacity: true) }
      return list
    }
    let times = taken.map(\.1).sorted()
    func percentile(_ p: Double) -> Int {
      times.isEmpty ? 0 : Int(times[min(times.count - 1, Int(Double(times.count) * p))] * 1e6)
    }
    return Report(
      commits: taken.count, requests: taken.reduce(0) { $0 + $1.0 }, p50Micros: percentile(0.5),
      p99Micros: percentile(0.99))
  }
}
