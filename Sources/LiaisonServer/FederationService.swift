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
  /// Fetches an attachment from a peer broker (for actions forwarded with attachments).
  let fetchFromPeer: @Sendable (_ peer: String, _ sha256: String) async -> Void

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

  func fetchAttachment(
    request: Liaison_V1_FetchAttachmentRequest, response: RPCWriter<Liaison_V1_AttachmentChunk>,
    context: ServerContext
  ) async throws {
    let peer = try authenticator.peerRegion(context)
    guard try await store.peerMayRead(attachment: request.sha256, region: peer),
      let (record, data) = try await store.attachment(request.sha256)
    else {
      throw LiaisonError(
        .attachmentNotFound,
        "attachment \(request.sha256) is not referenced by a case homed here with a party in region \(peer)",
        field: "sha256"
      ).status
    }
    try await AttachmentChunks.send(record, data, to: response)
  }

  /// Hands each batch to the store as it arrives (the store commits them in order, several per
  /// transaction under load) and acknowledges each after its commit, in order.
  private func receive(
    _ request: RPCAsyncSequence<Liaison_V1_ExchangeBatch, any Error>, response: RPCWriter<Liaison_V1_ExchangeAck>,
    from peer: String
  ) async throws {
    let (acks, ack) = AsyncThrowingStream<Liaison_V1_ExchangeAck, any Error>.makeStream()
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask {
        for try await message in acks { try await response.write(message) }
      }
      var previous: Int64?
      for try await batch in request {
        guard let last = batch.items.last?.id else { continue }
        let validator = RequestValidator(
          directory: authenticator.currentDirectory, channels: authenticator.currentChannels,
          limits: configuration.limits)
        let now = clock.nowMillis()
        // Attachments of forwarded actions come from the actor's broker before the actions are applied.
        for item in batch.items {
          for attachment in item.action.request.attachments
          where (try? await store.hasAttachment(attachment.sha256)) == false {
            await fetchFromPeer(peer, attachment.sha256)
          }
        }
        let items = batch.items.map { FederationCodec.inbound($0, from: peer, validator: validator, now: now) }
        store.applyInbound(items, from: peer, after: previous) { result in
          if let failure = result.failure {
            ack.finish(throwing: failure.status)
            return
          }
          applied(result, items: items.count, from: peer)
          ack.yield(
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
        previous = Int64(last)
      }
      // After the last batch's commit (the store keeps the order), the acknowledgements end.
      store.applyInbound([], from: peer, after: nil) { _ in ack.finish() }
      try await group.waitForAll()
    }
  }

  /// Hands what a batch committed to the delivery hub and to the Act calls waiting for it.
  private func applied(_ result: InboundResult, items: Int, from peer: String) {
    hub.enqueue(committed: result.committed.filter { !$0.deliveries.isEmpty })
    waiters.resolve(result.verdicts)
    for (id, error) in result.refused {
      logger.warning(
        "refused an item from a peer broker", metadata: ["peer": "\(peer)", "item": "\(id)", "error": "\(error)"])
    }
    metrics.countFederation(peer: peer, direction: "received", items: items, refused: result.refused.count)
  }
}
