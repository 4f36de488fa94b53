import LiaisonWire
import SwiftProtobuf
import Synchronization

/// An open subscription: batches of deliveries in, acknowledgements and extensions out, and the
/// broker's confirmation of each acknowledgement once it is committed.
public struct Subscription: Sendable {
  /// Delivery batches as the broker pushes them; ends when the subscription ends.
  public let deliveries: AsyncThrowingStream<[Liaison_V1_Delivery], any Error>
  let requests: AsyncStream<Liaison_V1_SubscribeRequest>.Continuation
  let ledger: AcknowledgementLedger

  /// Acknowledges deliveries (after the caller stored them) and returns the same amount of credit.
  public func acknowledge(_ ids: [UInt64]) {
    guard !ids.isEmpty else { return }
    ledger.sent(ids)
    requests.yield(
      .with {
        $0.acks = ids
        $0.credit = UInt32(ids.count)
      })
  }

  /// Restarts the ack deadline of deliveries still being processed.
  public func extend(_ ids: [UInt64], by duration: Duration) {
    guard !ids.isEmpty else { return }
    requests.yield(
      .with {
        $0.extend = ids
        $0.extendMs = UInt32(clamping: duration.components.seconds * 1000)
      })
  }

  /// Grants more credit without acknowledging anything.
  public func grant(_ credit: Int) {
    requests.yield(.with { $0.credit = UInt32(clamping: credit) })
  }

  /// Waits until the broker confirmed that these acknowledgements are committed — those deliveries
  /// will never come again (SPEC.md §5) — or the subscription ended; returns whether they all were.
  @discardableResult
  public func committed(_ ids: [UInt64]) async -> Bool {
    await ledger.wait(for: ids)
  }

  /// Waits until every acknowledgement sent so far is committed (or the subscription ended).
  @discardableResult
  public func allCommitted() async -> Bool {
    await ledger.wait(for: ledger.outstanding)
  }
}

/// Which acknowledgements of a subscription were sent and which the broker confirmed committed.
final class AcknowledgementLedger: Sendable {
  private struct State {
    var pending: Set<UInt64> = []
    var ended = false
    var waiters: [(token: Int, ids: Set<UInt64>, continuation: CheckedContinuation<Bool, Never>)] = []
    var nextToken = 0
  }

  private let state = Mutex(State())

  /// Acknowledgements sent and not confirmed yet.
  var outstanding: [UInt64] { state.withLock { Array($0.pending) } }

  func sent(_ ids: [UInt64]) {
    state.withLock { $0.pending.formUnion(ids) }
  }

  /// The broker confirmed these.
  func confirmed(_ ids: [UInt64]) {
    let ready = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
      state.pending.subtract(ids)
      var ready: [CheckedContinuation<Bool, Never>] = []
      state.waiters.removeAll { waiter in
        guard waiter.ids.isDisjoint(with: state.pending) else { return false }
        ready.append(waiter.continuation)
        return true
      }
      return ready
    }
    for waiter in ready { waiter.resume(returning: true) }
  }

  /// The subscription ended: waiters learn whether their acknowledgements were all confirmed.
  func end() {
    let waiters = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
      state.ended = true
      defer { state.waiters = [] }
      return state.waiters.map(\.continuation)
    }
    for waiter in waiters { waiter.resume(returning: false) }
  }

  /// Waits until none of `ids` is outstanding; false when the subscription ended or the task was
  /// cancelled first.
  func wait(for ids: [UInt64]) async -> Bool {
    let wanted = Set(ids)
    let token = state.withLock { state -> Int in
      state.nextToken += 1
      return state.nextToken
    }
    return await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        let answer = state.withLock { state -> Bool? in
          if wanted.isDisjoint(with: state.pending) { return true }
          if state.ended || Task.isCancelled { return false }
          state.waiters.append((token, wanted, continuation))
          return nil
        }
        if let answer { continuation.resume(returning: answer) }
      }
    } onCancel: {
      let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
        guard let index = state.waiters.firstIndex(where: { $0.token == token }) else { return nil }
        return state.waiters.remove(at: index).continuation
      }
      waiter?.resume(returning: false)
    }
  }
}
