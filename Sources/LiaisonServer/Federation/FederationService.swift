import GRPCCore
import LiaisonCore
import LiaisonWire
import Logging
import SwiftProtobuf

/// The `liaison.v1.Federation` service: a peer broker pushes its outbound queue for this region.
/// Each batch is checked item by item, applied in one transaction and acknowledged after the
/// commit; events for this region's agencies then go to the delivery hub.
struct FederationService: Liaison_V1_Federation.SimpleServiceProtocol {
  let broker: BrokerContext
  /// Fetches an attachment from a peer broker (for actions forwarded with attachments).
  let fetchFromPeer: @Sendable (_ peer: String, _ sha256: String) async -> Void

  func exchange(
    request: RPCAsyncSequence<Liaison_V1_ExchangeBatch, any Error>, response: RPCWriter<Liaison_V1_ExchangeAck>,
    context: ServerContext
  ) async throws {
    let peer = try broker.authenticator.peerRegion(context)
    broker.logger.info("peer broker connected", metadata: ["peer": "\(peer)"])
    defer { broker.logger.info("peer broker disconnected", metadata: ["peer": "\(peer)"]) }
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await receive(request, response: response, from: peer) }
      group.addTask { await broker.stopping.wait() }
      try await group.next()
      group.cancelAll()
    }
  }

  func fetchAttachment(
    request: Liaison_V1_FetchAttachmentRequest, response: RPCWriter<Liaison_V1_AttachmentChunk>,
    context: ServerContext
  ) async throws {
    let peer = try broker.authenticator.peerRegion(context)
    guard try await broker.store.peerMayRead(attachment: request.sha256, region: peer),
      let (record, data) = try await broker.store.attachment(request.sha256)
    else {
      throw LiaisonError(
        .attachmentNotFound,
        "attachment \(request.sha256) is not referenced by a case homed here with a party in region \(peer)",
        field: "sha256"
      ).status
    }
    try await AttachmentChunks.send(record, data, to: response)
  }

  /// A batch handed to the store: its ticket and the id to acknowledge once it is committed.
  private struct PendingBatch: Sendable {
    var ticket: CommitTicket<Result<[InboundOutcome], LiaisonError>>
    var last: UInt64
  }

  /// Hands each batch to the store as it arrives (the store commits them in order, several per
  /// transaction under load) and acknowledges each after its commit, in order.
  private func receive(
    _ request: RPCAsyncSequence<Liaison_V1_ExchangeBatch, any Error>, response: RPCWriter<Liaison_V1_ExchangeAck>,
    from peer: String
  ) async throws {
    let (pending, handed) = AsyncStream<PendingBatch>.makeStream()
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask {
        for await batch in pending {
          let outcomes: [InboundOutcome]
          switch await batch.ticket.value {
          case .success(let list): outcomes = list
          case .failure(let failure): throw failure.status
          }
          applied(outcomes, from: peer)
          try await response.write(
            .with {
              $0.acknowledged = batch.last
              $0.refused = outcomes.compactMap { outcome in
                outcome.refusal.map { error in
                  .with {
                    $0.id = UInt64(outcome.id)
                    $0.error = error.detail
                  }
                }
              }
            })
        }
      }
      var previous: Int64?
      do {
        for try await batch in request {
          guard let last = batch.items.last?.id else { continue }
          let validator = broker.validator
          let now = broker.clock.nowMillis()
          // Attachments of forwarded actions come from the actor's broker before the actions are applied.
          for item in batch.items {
            for attachment in item.action.request.attachments
            where (try? await broker.store.hasAttachment(attachment.sha256)) == false {
              await fetchFromPeer(peer, attachment.sha256)
            }
          }
          let items = batch.items.map { FederationCodec.inbound($0, from: peer, validator: validator, now: now) }
          handed.yield(
            PendingBatch(
              ticket: broker.store.applyInbound(items, from: peer, after: previous, engine: broker.rules.engine),
              last: last))
          previous = Int64(last)
        }
      } catch {
        handed.finish()
        throw error
      }
      handed.finish()
      try await group.waitForAll()
    }
  }

  /// Resumes the Act calls waiting for what a batch brought, and counts it.
  private func applied(_ outcomes: [InboundOutcome], from peer: String) {
    let region = broker.configuration.region
    var verdicts: [ForwardVerdict] = []
    for outcome in outcomes {
      switch (outcome.item.kind, outcome.result?.outcome) {
      case (.event(let replica), .committed?), (.event(let replica), .replayed?):
        // The home sequenced an action this broker forwarded: the waiting actor learns it.
        guard replica.event.actor.region == region, !replica.event.idempotencyKey.isEmpty,
          let answer = try? outcome.result?.answer.get()
        else { continue }
        verdicts.append(
          ForwardVerdict(
            actor: replica.event.actor, idempotencyKey: replica.event.idempotencyKey, result: .success(answer)))
      case (.refusal(let refusal, _), _):
        let code = LiaisonError.Code.registry.first { $0.rawValue == refusal.code } ?? .actionNotAllowed
        verdicts.append(
          ForwardVerdict(
            actor: refusal.actor, idempotencyKey: refusal.idempotencyKey,
            result: .failure(LiaisonError(code, refusal.message))))
      default:
        break
      }
    }
    broker.waiters.resolve(verdicts)
    let refused = outcomes.compactMap { outcome in outcome.refusal.map { (outcome.id, $0) } }
    for (id, error) in refused {
      broker.logger.warning(
        "refused an item from a peer broker", metadata: ["peer": "\(peer)", "item": "\(id)", "error": "\(error)"])
    }
    broker.metrics.countFederation(peer: peer, direction: "received", items: outcomes.count, refused: refused.count)
  }
}
