import Synchronization

/// Whether the broker accepts requests; read by the health service.
final class ServingFlag: Sendable {
  private let value = Atomic<Bool>(false)

  var isServing: Bool { value.load(ordering: .relaxed) }

  func set(_ serving: Bool) { value.store(serving, ordering: .relaxed) }
}
