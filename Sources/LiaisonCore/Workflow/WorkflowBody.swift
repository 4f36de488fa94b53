/// Which typed action body an action carries (the members of `liaison.v1.ActionBody`).
public enum WorkflowBody: String, Hashable, Sendable, CaseIterable {
  /// `receipt`: who signed for the case (签收).
  case receipt
  /// `registration`: the receiver's registration number (受理/立案登记).
  case registration
  /// `decline`: a reason code and an explanation.
  case decline
  /// `forward`: the destination and the reason (转送).
  case forward
  /// `comment`: a remark.
  case comment
  /// `information_request`: the items asked for.
  case informationRequest = "information_request"
  /// `information_supply`: the answer (materials as attachments).
  case informationSupply = "information_supply"
  /// `decision`: a decision with its kind, number and reasons.
  case decision
  /// `withdrawal`: the reason the sender withdraws.
  case withdrawal
  /// `result`: the outcome reported.
  case result
  /// `escalation`: an alert about a statutory deadline; raised by the broker only.
  case escalation
}
