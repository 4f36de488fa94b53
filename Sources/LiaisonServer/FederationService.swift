import GRPCCore
import LiaisonCore
import LiaisonWire
import Logging
import SwiftProtobuf

/// The `liaison.v1.Federation` service: a peer broker pushes its outbound queue for this region.
/// Each batch is checked item by item, applied in one transaction and acknowledged after the
/// commit; events for this region's agencies then go to the delivery hub.
struct FederationService: Liaison_V1_Federation.SimpleServiceProtocol {
  let authenticator: Authenticator
  let store: any FederationStore
  let hub: DeliveryHub
  let waiters: ForwardWaiters
  let configuration: BrokerConfiguration
  let clock: any WallClock
  let logger: Logger
  let metrics: BrokerMetrics
  /// Opens when the broker begins to stop: open streams end so the graceful shutdown can finish
  /// (the peer dials again and finds the broker gone or back).
  let stopping: Latch

  func exchange(
    request: RPCAsyncSequence<Liaison_V1_ExchangeBatch, any Error>, response: RPCWriter<Liaison_V1_ExchangeAck>,
    context: ServerContext
  ) async throws {
    let peer = try authenticator.peerRegion(context)
    logger.info("peer broker connected", metadata: ["peer": "\(peer)"])
    defer { logger.info("peer broker disconnected", metadata: ["peer": "\(peer)"]) }
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await receive(request, response: response, from: peer) }
      group.addTask { await stopping.wait() }
      try await group.next()
      group.cancelAll()
    }
  }

  /// Applies each batch and acknowledges it after the commit.
  private func receive(
    _ request: RPCAsyncSequence<Liaison_V1_ExchangeBatch, any Error>, response: RPCWriter<Liaison_V1_ExchangeAck>,
    from peer: String
  ) async throws {
    for try await batch in request {
      guard let last = batch.items.last?.id else { continue }
      let validator = RequestValidator(
        directory: authenticator.currentDirectory, channels: authenticator.currentChannels,
        limits: configuration.limits)
      let now = clock.nowMillis()
      let items = batch.items.map { FederationCodec.inbound($0, from: peer, validator: validator, now: now) }
      let result = await store.applyInbound(items, from: peer)
      if let failure = result.failure { throw failure.status }
      var deliveries: [(DeliveryRecord, Liaison_V1_Event)] = []
      for committed in result.committed where !committed.deliveries.isEmpty {
        let event = EventAssembler.event(committed.event, of: committed.caseRecord)
        deliveries += committed.deliveries.map { ($0, event) }
      }
      hub.enqueue(deliveries)
      waiters.resolve(result.verdicts)
      for (id, error) in result.refused {
        logger.warning(
          "refused an item from a peer broker", metadata: ["peer": "\(peer)", "item": "\(id)", "error": "\(error)"])
      }
      metrics.countFederation(peer: peer, direction: "received", items: items.count, refused: result.refused.count)
      try await response.write(
        .with {
          $0.acknowledged = last
          $0.refused = result.refused.map { refused in
            .with {
              $0.id = UInt64(refused.id)
              $0.error = refused.error.detail
            }
          }
        })
    }
  }
}
