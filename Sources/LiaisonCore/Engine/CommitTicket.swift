import Synchronization

/// The result of work handed to a store, once it is committed: the store fulfils it once, from its
/// own thread; any number of tasks may await it (they resume on their own executors, never on the
/// store's thread).
public final class CommitTicket<Value: Sendable>: Sendable {
  private enum State {
    case waiting([CheckedContinuation<Value, Never>])
    case done(Value)
  }

  private let state = Mutex(State.waiting([]))

  public init() {}

  /// A ticket that is already fulfilled.
  public convenience init(_ value: Value) {
    self.init()
    fulfil(value)
  }

  /// Sets the value and resumes every waiter. Only the first call counts.
  public func fulfil(_ value: Value) {
    let waiters: [CheckedContinuation<Value, Never>] = state.withLock { state in
      guard case .waiting(let list) = state else { return [] }
      state = .done(value)
      return list
    }
    for waiter in waiters { waiter.resume(returning: value) }
  }

  /// The value, once the store fulfilled the ticket.
  public var value: Value {
    get async {
      await withCheckedContinuation { continuation in
        let ready: Value? = state.withLock { state in
          switch state {
          case .done(let value): return value
          case .waiting(var list):
            list.append(continuation)
            state = .waiting(list)
            return nil
          }
        }
        if let ready { continuation.resume(returning: ready) }
      }
    }
  }
}
