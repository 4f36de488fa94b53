import LiaisonCore
import Synchronization

/// A wall clock that moves only when a test moves it. Tasks sleeping on it (the broker's ack waits,
/// redelivery backoff, deadline scheduler) resume when ``advance(byMillis:)`` reaches their time.
public final class ManualClock: WallClock, Sendable {
  private struct Sleeper {
    var id: Int
    var deadline: Int64
    var continuation: CheckedContinuation<Void, any Error>
  }

  private struct State {
    var now: Int64
    var sleepers: [Sleeper] = []
    var nextID = 0
  }

  private let state: Mutex<State>

  /// Starts at `millis` (default 2026-03-02T09:00:00+08:00).
  public init(millis: Int64 = 1_772_413_200_000) {
    state = Mutex(State(now: millis))
  }

  public func nowMillis() -> Int64 { state.withLock { $0.now } }

  /// Moves the clock forward and wakes the tasks whose time has come, earliest first.
  public func advance(byMillis delta: Int64) {
    let due = state.withLock { state -> [Sleeper] in
      state.now += delta
      let now = state.now
      let due = state.sleepers.filter { $0.deadline <= now }.sorted { $0.deadline < $1.deadline }
      state.sleepers.removeAll { $0.deadline <= now }
      return due
    }
    for sleeper in due { sleeper.continuation.resume() }
  }

  /// How many tasks are sleeping on the clock (a test may wait until the broker's timers are set).
  public var sleeping: Int { state.withLock { $0.sleepers.count } }

  public func sleep(untilMillis deadline: Int64) async throws {
    let id = state.withLock { state -> Int in
      state.nextID += 1
      return state.nextID
    }
    try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        let resumeNow = state.withLock { state -> Bool in
          if state.now >= deadline || Task.isCancelled { return true }
          state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
          return false
        }
        if resumeNow { continuation.resume() }
      }
      try Task.checkCancellation()
    } onCancel: {
      let sleeper = state.withLock { state -> Sleeper? in
        guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
        return state.sleepers.remove(at: index)
      }
      sleeper?.continuation.resume(throwing: CancellationError())
    }
  }
}
