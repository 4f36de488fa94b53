/// The source of time for everything that stamps or schedules: event times, ack waits, redelivery
/// backoff, deadline alarms, reconnection pauses. Tests use `ManualClock` from LiaisonTesting, which
/// moves only when the test moves it, so they advance time instead of sleeping.
public protocol WallClock: Sendable {
  /// Milliseconds since 1970-01-01T00:00:00Z.
  func nowMillis() -> Int64
  /// Suspends until the clock reads `deadline` (ms since the epoch) or later; returns at once when it
  /// already does. Throws `CancellationError` when the task is cancelled first.
  func sleep(untilMillis deadline: Int64) async throws
}

extension WallClock {
  /// Suspends for `milliseconds` of this clock's time.
  public func sleep(milliseconds: Int64) async throws {
    try await sleep(untilMillis: nowMillis() + milliseconds)
  }
}
