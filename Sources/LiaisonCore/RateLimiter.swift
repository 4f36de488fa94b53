/// Per-agency token buckets: each agency may make `rate` requests per second on average and
/// `burst` at once. One agency's flood empties only its own bucket. Pure: the caller passes the
/// time and keeps the value behind a lock.
public struct RateLimiter: Sendable {
  /// Requests per second, per agency.
  public let rate: Double
  /// Largest burst, per agency.
  public let burst: Double
  private var buckets: [AgencyID: (tokens: Double, at: Int64)] = [:]

  public init(rate: Double, burst: Double) {
    self.rate = rate
    self.burst = max(burst, 1)
  }

  /// Takes up to `count` tokens for `agency` at `now` (ms); returns how many were granted (the
  /// first requests of a batch go ahead, the rest are refused).
  public mutating func take(_ count: Int, for agency: AgencyID, now: Int64) -> Int {
    var bucket = buckets[agency] ?? (burst, now)
    let elapsed = Double(max(now - bucket.at, 0)) / 1000
    bucket.tokens = min(burst, bucket.tokens + elapsed * rate)
    bucket.at = now
    let granted = min(count, Int(bucket.tokens))
    bucket.tokens -= Double(granted)
    buckets[agency] = bucket
    return granted
  }

  /// Seconds until `agency` has a token again.
  public func retryAfter(for agency: AgencyID) -> Double {
    guard let bucket = buckets[agency], bucket.tokens < 1 else { return 0 }
    return (1 - bucket.tokens) / rate
  }
}
