/// Encodes the content of the events the broker raises itself, in the wire layer's encoding (the
/// engine stays free of it). Implementations are pure: the same alert gives the same bytes.
public protocol NoticeEncoder: Sendable {
  /// The content of a `warn` or `escalate` event: the alert (with the party whose clock it is), the
  /// supervisors it alerts, its policy, and whether the case is a drill.
  func escalation(_ alert: DeadlineAlert, supervisors: [AgencyID], policy: DeadlinePolicy?, drill: Bool) -> [UInt8]
}
