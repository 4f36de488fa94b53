import LiaisonCore
import Synchronization

/// Act calls waiting for the home broker's answer to an action forwarded there. The answer arrives
/// on a Federation stream (the sequenced event or a refusal) and resumes the call; a call not
/// answered in time returns `forwarded` and its outcome reaches the agency as a delivery.
final class ForwardWaiters: Sendable {
  private struct Key: Hashable {
    var actor: AgencyID
    var idempotencyKey: String
  }

  private typealias Waiter = CheckedContinuation<Result<CommittedEvent, LiaisonError>?, Never>
  private struct State {
    var waiting: [Key: (token: Int, waiter: Waiter)] = [:]
    var nextToken = 0
  }

  private let state = Mutex(State())

  /// Runs `start` (which queues the action) and waits up to `timeoutMillis` for the verdict; `nil`
  /// when none came in time. A failure of `start` is the result.
  func wait(
    actor: AgencyID, idempotencyKey: String, timeoutMillis: Int64,
    start: @escaping @Sendable () async -> Result<Void, LiaisonError>
  ) async -> Result<CommittedEvent, LiaisonError>? {
    let key = Key(actor: actor, idempotencyKey: idempotencyKey)
    return await withCheckedContinuation { (continuation: Waiter) in
      // A retry of the same request replaces the earlier wait, which then answers `forwarded`.
      let (token, previous) = state.withLock { state in
        state.nextToken += 1
        return (state.nextToken, state.waiting.updateValue((state.nextToken, continuation), forKey: key))
      }
      previous?.waiter.resume(returning: nil)
      Task {
        if case .failure(let error) = await start() { self.resume(key, .failure(error), token: token) }
      }
      Task {
        try? await Task.sleep(for: .milliseconds(timeoutMillis))
        self.resume(key, nil, token: token)
      }
    }
  }

  /// Resumes the calls waiting for these verdicts.
  func resolve(_ verdicts: [ForwardVerdict]) {
    for verdict in verdicts {
      let key = Key(actor: verdict.actor, idempotencyKey: verdict.idempotencyKey)
      state.withLock { $0.waiting.removeValue(forKey: key) }?.waiter.resume(returning: verdict.result)
    }
  }

  private func resume(_ key: Key, _ result: Result<CommittedEvent, LiaisonError>?, token: Int) {
    let waiter = state.withLock { state -> Waiter? in
      // Only this call's own wait: a later retry may have taken the key.
      guard state.waiting[key]?.token == token else { return nil }
      return state.waiting.removeValue(forKey: key)?.waiter
    }
    waiter?.resume(returning: result)
  }
}
