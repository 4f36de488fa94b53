/// What the engine decided for one command: the effects to apply, in order, and what the caller is
/// told.
public struct CaseDecision: Hashable, Sendable {
  /// What the caller is told once the effects are committed.
  public enum Outcome: Hashable, Sendable {
    /// Committed: the answer is the first event appended.
    case committed
    /// A retry of a request already committed: the answer is the original event (no effects).
    case replayed(PriorRequest)
    /// Refused: nothing of the request is applied (the effects, if any, only tell a peer).
    case refused(LiaisonError)
    /// Queued for the case's home broker, which sequences it.
    case forwarded
    /// Bookkeeping with nothing to answer (deadlines started by a delivery, alarms with no alert).
    case recorded
  }

  /// The changes, in order.
  public var effects: [CaseEffect]
  /// The answer.
  public var outcome: Outcome

  public init(_ outcome: Outcome, effects: [CaseEffect] = []) {
    self.effects = effects
    self.outcome = outcome
  }

  /// A refusal that changes nothing.
  public static func refused(_ error: LiaisonError) -> Self { Self(.refused(error)) }

  /// The refusal, if the command was refused.
  public var refusal: LiaisonError? {
    if case .refused(let error) = outcome { return error }
    return nil
  }
}
