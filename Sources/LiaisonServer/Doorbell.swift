import Synchronization

/// Wakes one waiting task: `ring` from anywhere, `wait` returns at the next ring (or at once when
/// one came since the last wait), or after a timeout.
final class Doorbell: Sendable {
  private struct State {
    var rung = false
    var waiter: CheckedContinuation<Void, Never>?
    var generation = 0
  }

  private let state = Mutex(State())

  func ring() {
    let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
      guard let waiter = state.waiter else {
        state.rung = true
        return nil
      }
      state.waiter = nil
      return waiter
    }
    waiter?.resume()
  }

  /// Waits for a ring, at most `milliseconds`.
  func wait(milliseconds: Int) async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      let (resumeNow, previous, generation) = state.withLock {
        state -> (Bool, CheckedContinuation<Void, Never>?, Int) in
        state.generation += 1
        if state.rung {
          state.rung = false
          return (true, nil, state.generation)
        }
        defer { state.waiter = continuation }
        return (false, state.waiter, state.generation)
      }
      previous?.resume()
      if resumeNow {
        continuation.resume()
        return
      }
      Task {
        try? await Task.sleep(for: .milliseconds(milliseconds))
        let waiter = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
          guard state.generation == generation else { return nil }
          defer { state.waiter = nil }
          return state.waiter
        }
        waiter?.resume()
      }
    }
  }
}
