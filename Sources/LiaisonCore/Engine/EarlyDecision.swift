/// A decision taken before the store's transaction, on the facts the command would have in the
/// common case (``CaseEngine/decideEarly(_:now:)``), so that the store's single writer does not
/// spend its time deciding. The store applies it only when the facts it loads are exactly
/// ``facts``; otherwise the engine decides again on what was loaded (``CaseEngine/run(_:early:in:now:)``).
/// Either way the decision is the engine's function of the command, the facts and the time.
public struct EarlyDecision: Hashable, Sendable {
  /// The facts the decision presumes.
  public var facts: CaseFacts
  /// What the engine decided on them.
  public var decision: CaseDecision

  public init(facts: CaseFacts, decision: CaseDecision) {
    self.facts = facts
    self.decision = decision
  }
}

extension CaseEngine {
  /// The facts on which `command` can be decided before they are loaded, if there are such: a
  /// submission opens a new case, so its facts are only whether its idempotency key was used and
  /// whether its attachments were uploaded — in the common case, never and all of them (no
  /// prior, nothing missing). Every other command depends on a stored case: none.
  public func presumedFacts(for command: CaseCommand) -> CaseFacts? {
    switch command {
    case .submit: CaseFacts()
    case .act, .acknowledged, .alarm, .replica, .peerAction, .invalidPeerAction, .peerRefusal, .deliveryNotice,
      .recountDeadlines:
      nil
    }
  }

  /// Decides each command that can be decided before its facts are loaded, at `now` (when the
  /// store accepted it); `nil` for the others.
  public func decideEarly(_ commands: [CaseCommand], now: Int64) -> [EarlyDecision?] {
    commands.map { command in
      presumedFacts(for: command).map { EarlyDecision(facts: $0, decision: decide(command, facts: $0, now: now)) }
    }
  }
}
