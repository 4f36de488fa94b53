/// How an agency takes part in a case; also why it receives a delivery.
public enum PartyRole: String, Hashable, Sendable, CaseIterable {
  /// The agency that opened the case.
  case sender
  /// An agency the case is addressed to.
  case addressee
  /// An agency copied on the case (抄送).
  case copy
  /// A supervisor an escalation alerted (督办): it may read the case, comment and acknowledge.
  case supervisor
}
