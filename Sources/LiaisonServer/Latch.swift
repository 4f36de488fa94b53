import Synchronization

/// Opens once; every task waiting on it resumes then, and later waits return at once.
final class Latch: Sendable {
  private struct State {
    var open = false
    var waiters: [CheckedContinuation<Void, Never>] = []
  }

  private let state = Mutex(State())

  /// Opens the latch.
  func open() {
    let waiters = state.withLock { state in
      state.open = true
      defer { state.waiters = [] }
      return state.waiters
    }
    for waiter in waiters { waiter.resume() }
  }

  /// Returns once the latch is open.
  func wait() async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      let isOpen = state.withLock { state in
        if !state.open { state.waiters.append(continuation) }
        return state.open
      }
      if isOpen { continuation.resume() }
    }
  }
}
