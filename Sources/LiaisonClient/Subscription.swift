import LiaisonWire
import SwiftProtobuf

/// An open subscription: batches of deliveries in, acknowledgements and extensions out.
public struct Subscription: Sendable {
  /// Delivery batches as the broker pushes them; ends when the subscription ends.
  public let deliveries: AsyncThrowingStream<[Liaison_V1_Delivery], any Error>
  let requests: AsyncStream<Liaison_V1_SubscribeRequest>.Continuation

  /// Acknowledges deliveries (after the caller stored them) and returns the same amount of credit.
  public func acknowledge(_ ids: [UInt64]) {
    guard !ids.isEmpty else { return }
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
}
