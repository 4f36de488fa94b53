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

  private typealias Verdict = Result<CommittedEvent, LiaisonError>

  /// One call's wait: a verdict that came before the call waited for it, or the call waiting.
  private struct Slot {
    var token: Int
    var verdict: Verdict?
    var waiter: CheckedContinuation<Verdict?, Never>?
  }

  private struct State {
    var slots: [Key: Slot] = [:]
    var nextToken = 0
  }

  private let state = Mutex(State())

  /// Runs `start` (which queues the action) and waits up to `timeoutMillis` of `clock` for the
  /// verdict; `nil` when none came in time. A failure of `start` is the result. A retry of the same
  /// request takes over the wait; the earlier call then answers `forwarded`.
  func wait(
    actor: AgencyID, idempotencyKey: String, timeoutMillis: Int64, clock: any WallClock,
    start: @Sendable () async -> Result<Void, LiaisonError>
  ) async -> Result<CommittedEvent, LiaisonError>? {
    let key = Key(actor: actor, idempotencyKey: idempotencyKey)
    let (token, previous) = state.withLock { state in
      state.nextToken += 1
      let previous = state.slots.updateValue(Slot(token: state.nextToken), forKey: key)
      return (state.nextToken, previous?.waiter)
    }
    previous?.resume(returning: nil)
    if case .failure(let error) = await start() {
      take(key, token: token)
      return .failure(error)
    }
    let deadline = clock.nowMillis() + timeoutMillis
    let verdict = await withTaskGroup(of: Verdict?.self) { group in
      group.addTask { await self.verdict(key, token: token) }
      group.addTask {
        try? await clock.sleep(untilMillis: deadline)
        return nil
      }
      let first = await group.next() ?? nil
      group.cancelAll()
      return first
    }
    take(key, token: token)
    return verdict
  }

  /// Resumes the calls waiting for these verdicts (or keeps a verdict for a call about to wait).
  func resolve(_ verdicts: [ForwardVerdict]) {
    for verdict in verdicts {
      let key = Key(actor: verdict.actor, idempotencyKey: verdict.idempotencyKey)
      let waiter = state.withLock { state -> CheckedContinuation<Verdict?, Never>? in
        guard var slot = state.slots[key] else { return nil }
        let waiter = slot.waiter
        slot.waiter = nil
        slot.verdict = verdict.result
        state.slots[key] = slot
        return waiter
      }
      waiter?.resume(returning: verdict.result)
    }
  }

  /// The verdict for this call's slot, once it comes (`nil` when cancelled or taken over).
  private func verdict(_ key: Key, token: Int) async -> Verdict? {
    await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<Verdict?, Never>) in
        let ready = state.withLock { state -> Verdict?? in
          guard var slot = state.slots[key], slot.token == token, !Task.isCancelled else { return .some(nil) }
          if let verdict = slot.verdict { return .some(verdict) }
          slot.waiter = continuation
          state.slots[key] = slot
          return .none
        }
        if let ready { continuation.resume(returning: ready) }
      }
    } onCancel: {
      let waiter = state.withLock { state -> CheckedContinuation<Verdict?, Never>? in
        guard var slot = state.slots[key], slot.token == token, let waiter = slot.waiter else { return nil }
        slot.waiter = nil
        state.slots[key] = slot
        return waiter
      }
      waiter?.resume(returning: nil)
    }
  }

  /// Removes this call's slot (a later retry's slot stays).
  private func take(_ key: Key, token: Int) {
    state.withLock { state in
      if state.slots[key]?.token == token { state.slots[key] = nil }
    }
  }
}
