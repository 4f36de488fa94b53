/// The store operations federation needs beyond ``CaseStore`` (SPEC.md §12).
public protocol FederationStore: CaseStore {
  /// Applies a batch from `peer` in one transaction, skipping items applied before, each item
  /// decided by `engine`. Batches are committed in the order given. When `after` is set (the last
  /// id of the stream's previous batch) and that batch was not applied, nothing is applied and the
  /// result is a failure, so a batch never lands beyond a lost one.
  func applyInbound(_ items: [InboundItem], from peer: String, after: Int64?, engine: CaseEngine)
    -> CommitTicket<Result<[InboundOutcome], LiaisonError>>
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
}

/// What one item of a peer's batch came to.
public struct InboundOutcome: Sendable {
  /// The item's id in the peer's queue.
  public var id: Int64
  /// The item as received.
  public var item: InboundItem
  /// Its result, `nil` when it was applied before (skipped) or refused on receipt.
  public var result: CommandResult?

  public init(id: Int64, item: InboundItem, result: CommandResult?) {
    self.id = id
    self.item = item
    self.result = result
  }

  /// Why the item is refused back to the peer (on receipt, or by the engine), if it is.
  public var refusal: LiaisonError? {
    if case .refused(let error) = item.kind { return error }
    guard case .refused(let error)? = result?.outcome else { return nil }
    // A forwarded action refused by the workflow is answered to its actor (a queued refusal), not
    // reported as a bad item.
    if case .action = item.kind { return nil }
    return error
  }
}
