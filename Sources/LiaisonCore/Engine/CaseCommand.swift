/// One thing that may change a case, as the engine takes it: a request of an agency, an
/// acknowledgement, an alarm that fell due, or an item from a peer broker. ``CaseEngine`` turns a
/// command and the facts it asked for into a ``CaseDecision``.
public enum CaseCommand: Sendable {
  /// An agency opens a case.
  case submit(SubmitCommand)
  /// An agency acts on a case: a case homed here is sequenced here; on a replica of a case homed at a
  /// peer, the action is queued for the home (its `forwardedPayload` is what travels), except the
  /// acknowledgement of this broker's own escalations.
  case act(ActCommand)
  /// A subscriber acknowledged a delivery for the first time.
  case acknowledged(Acknowledgement)
  /// The alarms of a case that are due now.
  case alarm(caseID: String)
  /// An event of a case homed at the peer `from`, as that broker sequenced it.
  case replica(ReplicaCommand, from: String)
  /// An action of the peer's agency on a case homed here (validated; `takenAt` set). A refusal goes
  /// back to the peer; a duplicate sends the event again.
  case peerAction(ActCommand, from: String)
  /// An action the peer forwarded that failed validation here: refused back to it.
  case invalidPeerAction(ForwardedRefusal, from: String)
  /// The home broker refused an action this broker forwarded; `content` is the notice to the actor.
  case peerRefusal(ForwardedRefusal, content: [UInt8], from: String)
  /// An agency of the peer's region acknowledged the delivery of a case homed here.
  case deliveryNotice(DeliveryNotice, from: String)
  /// The calendar changed: the case's provisional deadlines are counted again.
  case recountDeadlines(caseID: String)

  /// The case the command concerns (`nil` for a submission, which opens one).
  public var caseID: String? {
    switch self {
    case .submit: nil
    case .act(let command), .peerAction(let command, _): command.caseID
    case .acknowledged(let ack): ack.caseID
    case .alarm(let caseID), .recountDeadlines(let caseID): caseID
    case .replica(let replica, _): replica.caseRecord.id
    case .invalidPeerAction(let refusal, _), .peerRefusal(let refusal, _, _): refusal.caseID
    case .deliveryNotice(let notice, _): notice.caseID
    }
  }

  /// True for work nobody waits on (acknowledgements, delivery notices): a store may let it wait a
  /// little for company rather than pay a commit of its own.
  public var isBackground: Bool {
    switch self {
    case .acknowledged, .deliveryNotice, .recountDeadlines: true
    default: false
    }
  }
}
