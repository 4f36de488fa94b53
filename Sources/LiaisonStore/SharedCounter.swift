import Synchronization

/// An atomic counter shareable with closures.
final class SharedCounter: Sendable {
  private let value = Atomic<Int>(0)

  /// The current value.
  var current: Int { value.load(ordering: .acquiring) }

  func increment() { value.add(1, ordering: .relaxed) }

  func decrement() { value.subtract(1, ordering: .releasing) }
}
