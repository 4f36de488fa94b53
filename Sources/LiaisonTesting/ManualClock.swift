import LiaisonCore
import Synchronization

/// A wall clock that moves only when a test moves it.
public final class ManualClock: WallClock, Sendable {
  private let now: Mutex<Int64>

  /// Starts at `millis` (default 2026-03-02T09:00:00+08:00).
  public init(millis: Int64 = 1_772_413_200_000) {
    now = Mutex(millis)
  }

  public func nowMillis() -> Int64 { now.withLock { $0 } }

  /// Moves the clock forward.
  public func advance(byMillis delta: Int64) {
    now.withLock { $0 += delta }
  }
}
