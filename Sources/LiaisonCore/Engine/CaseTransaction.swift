/// One open transaction of a store, as the engine's commit loop uses it: it loads the facts a
/// command needs and applies the decision's effects. A store implements it around its own
/// connection and group commit; it decides nothing (every rule is ``CaseEngine``'s).
public protocol CaseTransaction {
  /// Loads what `request` names, as the transaction sees it (including what it applied before).
  mutating func load(_ request: FactRequest) throws -> CaseFacts
  /// Applies `decision`'s effects, in order, to the case of `command`; returns the events appended,
  /// each with the case after the decision and its deliveries. Called for every decision, one
  /// without effects too (a store may have bookkeeping of its own to close, e.g. a claimed key).
  mutating func apply(_ decision: CaseDecision, of command: CaseCommand) throws -> [CommittedEvent]
}

/// What one command came to, once applied.
public struct CommandResult: Sendable {
  /// The decision's outcome.
  public var outcome: CaseDecision.Outcome
  /// The events it appended, with the case after and their deliveries, in order.
  public var committed: [CommittedEvent]

  public init(outcome: CaseDecision.Outcome, committed: [CommittedEvent]) {
    self.outcome = outcome
    self.committed = committed
  }

  /// The answer to the agency that sent the command: the event committed (or, for a retry, the
  /// original one) or the refusal.
  public var answer: Result<CommittedEvent, LiaisonError> {
    switch outcome {
    case .replayed(let prior): return .success(prior.replay)
    case .refused(let error): return .failure(error)
    case .committed, .forwarded, .recorded:
      guard let first = committed.first else {
        return .failure(LiaisonError(.internalError, "the command committed no event"))
      }
      return .success(first)
    }
  }
}

extension CaseEngine {
  /// Decides `command` inside `transaction` and applies the decision: facts, decision, effects.
  /// An early decision (``decideEarly(_:now:)``) is applied when the facts loaded are the ones it
  /// presumed; otherwise the command is decided on what was loaded, at `now`.
  public func run(
    _ command: CaseCommand, early: EarlyDecision? = nil, in transaction: inout some CaseTransaction, now: Int64
  ) throws -> CommandResult {
    let request = facts(for: command)
    let facts = request.isEmpty ? CaseFacts() : try transaction.load(request)
    let decision: CaseDecision
    if let early, early.facts == facts {
      decision = early.decision
    } else {
      decision = decide(command, facts: facts, now: now)
    }
    let committed = try transaction.apply(decision, of: command)
    return CommandResult(outcome: decision.outcome, committed: committed)
  }
}
