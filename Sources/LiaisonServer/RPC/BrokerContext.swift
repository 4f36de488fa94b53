import LiaisonCore
import LiaisonStore
import Logging

/// What the RPC handlers share: the broker's parts, passed as one value instead of each handler
/// listing them.
struct BrokerContext: Sendable {
  /// The configuration in force.
  let configuration: BrokerConfiguration
  /// The directory, channel policy and deadline rules in force, and the engine made of them.
  let rules: RuleBook
  /// Who is calling, from the certificate.
  let authenticator: Authenticator
  /// The store.
  let store: any FederationStore
  /// Deliveries to subscribers.
  let hub: DeliveryHub
  /// Act calls waiting for a peer broker's answer to a forwarded action.
  let waiters: ForwardWaiters
  /// The time source of stamps and timers.
  let clock: any WallClock
  let logger: Logger
  let metrics: BrokerMetrics
  /// Per-agency request rate limits.
  let limiter: Locked<RateLimiter>
  /// Opens when the broker begins to stop: long streams end so the shutdown can finish.
  let stopping: Latch
  /// Fetches (and keeps) an attachment of a case homed at a peer broker from that broker.
  let remoteAttachment: @Sendable (String) async throws(LiaisonError) -> (AttachmentRecord, [UInt8])?

  /// The validator of requests against the contract and the directory in force.
  var validator: RequestValidator {
    RequestValidator(directory: rules.directory, limits: configuration.limits)
  }

  /// Commits commands through the engine in force and waits until they are durable.
  func commit(_ commands: [CaseCommand]) async -> Result<[CommandResult], LiaisonError> {
    await store.commit(commands, engine: rules.engine).value
  }
}
