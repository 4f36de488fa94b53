/// The source of wall-clock time for everything that stamps or schedules: event times, ack waits,
/// redelivery backoff and (later) deadlines. Tests use `ManualClock` from LiaisonTesting.
public protocol WallClock: Sendable {
  /// Milliseconds since 1970-01-01T00:00:00Z.
  func nowMillis() -> Int64
}
