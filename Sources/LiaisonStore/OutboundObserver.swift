/// What the store calls after a commit that queued items for peer brokers, with their regions.
///
/// A class, kept behind the store's lock as a reference: a function value stored in a generic
/// container and read through its `inout` accessor is re-wrapped in a reabstraction thunk on every
/// access, so after n commits one call went through 2n thunks — CPU that grew with uptime and a
/// stack that would eventually overflow.
final class OutboundObserver: Sendable {
  let notify: @Sendable (Set<String>) -> Void

  init(_ notify: @escaping @Sendable (Set<String>) -> Void) {
    self.notify = notify
  }
}
