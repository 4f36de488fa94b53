import LiaisonCore

/// What the store needs from the broker to turn due alarms into events: the directory (to resolve
/// escalation targets), the identity the broker signs its own events with, and the wire encoding of
/// an alert's body.
public struct AlarmContext: Sendable {
  /// The directory in force.
  public var directory: Directory
  /// The actor of broker-raised events, e.g. `tj.liaison`.
  public var actor: AgencyID
  /// Encodes an alert (with the supervisors it alerts and its policy) as an event's typed content.
  public var encode: @Sendable (ClockAlert, [AgencyID], DeadlinePolicy?) -> [UInt8]

  public init(
    directory: Directory, actor: AgencyID,
    encode: @escaping @Sendable (ClockAlert, [AgencyID], DeadlinePolicy?) -> [UInt8]
  ) {
    self.directory = directory
    self.actor = actor
    self.encode = encode
  }
}
