import Synchronization

/// A value behind a mutex, shareable between tasks (a class, so closures can capture it).
///
/// Keep function values out of it (box them in a class): `withLock` hands the value to its body
/// `inout` across a generic boundary, and a function value is re-wrapped in a reabstraction thunk
/// each time, so every access makes later calls of it slower and deeper.
public final class Locked<Value: Sendable>: Sendable {
  private let mutex: Mutex<Value>

  public init(_ value: Value) {
    mutex = Mutex(value)
  }

  public func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R {
    mutex.withLock { body(&$0) }
  }
}
