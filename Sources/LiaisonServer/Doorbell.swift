import LiaisonCore
import Synchronization

/// Wakes one waiting task: `ring` from anywhere; `wait` returns at the next ring (or at once when one
/// came since the last wait), at a deadline of a clock, or when its task is cancelled.
final class Doorbell: Sendable {
  private struct State {
    var rung = false
    var waiter: (id: Int, continuation: CheckedContinuation<Void, Never>)?
    var nextID = 0
  }

  private let state = Mutex(State())

  init() {}

  /// Wakes the waiting task, or the next one to wait.
  func ring() {
    let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
      guard let waiter = state.waiter else {
        state.rung = true
        return nil
      }
      state.waiter = nil
      return waiter.continuation
    }
    waiter?.resume()
  }

  /// Waits for a ring, or until `clock` reads `deadline` (no deadline: only a ring or cancellation).
  func wait(until deadline: Int64?, clock: any WallClock) async {
    if state.withLock({ state in
      defer { state.rung = false }
      return state.rung
    }) {
      return
    }
    await withTaskGroup(of: Void.self) { group in
      group.addTask { await self.waitForRing() }
      if let deadline { group.addTask { try? await clock.sleep(untilMillis: deadline) } }
      await group.next()
      group.cancelAll()
    }
  }

  private func waitForRing() async {
    let id = state.withLock { state -> Int in
      state.nextID += 1
      return state.nextID
    }
    await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let (now, previous) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
          if state.rung {
            state.rung = false
            return (true, nil)
          }
          if Task.isCancelled { return (true, nil) }
          defer { state.waiter = (id, continuation) }
          return (false, state.waiter?.continuation)
        }
        previous?.resume()
        if now { continuation.resume() }
      }
    } onCancel: {
      let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
        guard state.waiter?.id == id else { return nil }
        defer { state.waiter = nil }
        return state.waiter?.continuation
      }
      waiter?.resume()
    }
  }
}
