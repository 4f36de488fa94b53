/// The store operations federation needs beyond ``CaseStore`` (SPEC.md §12). Every write is a job of
/// the store's single writer, committed in its group-commit transactions.
public protocol FederationStore: CaseStore {
  /// Queues a validated action on a case homed at the peer `home`; the case's replica must be here
  /// with the actor as a party. `payload` is the wire encoding of the forwarded request.
  func forward(_ command: ActCommand, to home: String, payload: [UInt8]) async -> Result<Void, LiaisonError>
  /// Applies a batch from `peer` in one transaction, skipping items applied before, and calls
  /// `completion` once committed (on the store's writer: quick, never blocking). Batches are
  /// committed in the order given. When `after` is set (the last id of the stream's previous batch)
  /// and that batch was not applied, nothing is applied and the result carries a failure, so a batch
  /// never lands beyond a lost one.
  func applyInbound(
    _ items: [InboundItem], from peer: String, after: Int64?, completion: @escaping @Sendable (InboundResult) -> Void)
  /// Removes the items the peer acknowledged.
  func dequeueOutbound(peer: String, upTo id: Int64)
  /// Up to `limit` items queued for `peer` after `id`, in queue order, stopping once their bodies
  /// reach `maxBytes` (at least one item).
  func outbound(peer: String, after id: Int64, limit: Int, maxBytes: Int) async throws -> [OutboundItem]
  /// Depth and age of every non-empty outbound queue.
  func outboundStats() async throws -> [PeerQueueStats]
  /// True when the attachment's bytes are here.
  func hasAttachment(_ sha256: String) async throws -> Bool
  /// The peer region homing a case that references the attachment, when its bytes are not here.
  func attachmentHome(_ sha256: String) async throws -> String?
  /// True when the broker of `region` may fetch the attachment: an agency of that region is a party
  /// to a case homed here that references it, or it was uploaded here by a party to a case homed
  /// in that region (an action forwarded there carries it).
  func peerMayRead(attachment sha256: String, region: String) async throws -> Bool
  /// Calls `observer` after each commit that queued items, with the peers they are for.
  func observeOutbound(_ observer: @escaping @Sendable (Set<String>) -> Void)
}
