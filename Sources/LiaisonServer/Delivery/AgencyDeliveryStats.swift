import LiaisonCore

/// The delivery state of one agency, as the hub holds it.
public struct AgencyDeliveryStats: Hashable, Sendable {
  /// Deliveries not acknowledged (waiting, in flight or waiting to be sent again).
  public var unacknowledged: Int
  /// Deliveries sent and not acknowledged.
  public var inFlight: Int
  /// Subscriber connections.
  public var connections: Int
  /// The next time something is due (an ack wait ending, a redelivery), ms since the epoch.
  public var nextDue: Int64?

  public init(unacknowledged: Int, inFlight: Int, connections: Int, nextDue: Int64?) {
    self.unacknowledged = unacknowledged
    self.inFlight = inFlight
    self.connections = connections
    self.nextDue = nextDue
  }
}
