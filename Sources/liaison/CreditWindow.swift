import Synchronization

/// A counting window for the load generator: `acquire` waits until enough slots are free.
/// One waiter at a time (the single producer).
final class CreditWindow: Sendable {
  private struct State {
    var available: Int
    var waiter: CheckedContinuation<Void, Never>?
    var need = 0
  }

  private let state: Mutex<State>

  init(_ size: Int) {
    state = Mutex(State(available: size))
  }

  func acquire(_ count: Int) async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      let now = state.withLock { state -> Bool in
        if state.available >= count {
          state.available -= count
          return true
        }
        state.waiter = continuation
        state.need = count
        return false
      }
      if now { continuation.resume() }
    }
  }

  func release(_ count: Int) {
    let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
      state.available += count
      guard let waiter = state.waiter, state.available >= state.need else { return nil }
      state.available -= state.need
      state.waiter = nil
      return waiter
    }
    waiter?.resume()
  }
}
