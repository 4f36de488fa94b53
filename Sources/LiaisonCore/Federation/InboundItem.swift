/// One item received from a peer broker, ready for the store. The server decodes and validates the
/// wire item; the store applies every item of a batch in one transaction, once.
public struct InboundItem: Sendable {
  /// What the item carries.
  public enum Kind: Sendable {
    /// An event of a case homed at the peer.
    case event(ReplicaCommand)
    /// A peer region's agency acting on a case homed here (validated; `takenAt` set).
    case action(ActCommand)
    /// A forwarded action that failed validation here: refused back to the actor's broker.
    case invalidAction(ForwardedRefusal)
    /// The home broker refused an action this broker forwarded; `content` is the encoded notice
    /// delivered to the actor.
    case refusal(ForwardedRefusal, content: [UInt8])
    /// A peer region's agency acknowledged the delivery of a case homed here.
    case delivered(DeliveryNotice)
    /// Refused on receipt (e.g. an event of a case the peer is not the home of); stored nowhere.
    case refused(LiaisonError)
  }

  /// The item's id in the peer's outbound queue.
  public var id: Int64
  /// What it carries.
  public var kind: Kind

  public init(id: Int64, kind: Kind) {
    self.id = id
    self.kind = kind
  }
}

extension InboundItem {
  /// The command the item is for the engine; `nil` for an item refused on receipt.
  public func command(from peer: String) -> CaseCommand? {
    switch kind {
    case .event(let replica): .replica(replica, from: peer)
    case .action(let command): .peerAction(command, from: peer)
    case .invalidAction(let refusal): .invalidPeerAction(refusal, from: peer)
    case .refusal(let refusal, let content): .peerRefusal(refusal, content: content, from: peer)
    case .delivered(let notice): .deliveryNotice(notice, from: peer)
    case .refused: nil
    }
  }

  /// True when only deadlines move (a delivery notice): nobody waits for it.
  public var isBackground: Bool {
    if case .delivered = kind { return true }
    return false
  }
}
