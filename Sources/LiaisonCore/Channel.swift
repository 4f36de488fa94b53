/// The kind of matter a case carries (see DESIGN.md "Channels").
public enum Channel: String, Hashable, Sendable, CaseIterable, Codable {
  /// Case and clue referrals, assistance requests.
  case referral
  /// Jurisdiction and law-application dispute coordination.
  case dispute
  /// Suspected-crime transfers to the police and reverse transfers.
  case criminalTransfer = "criminal_transfer"
  /// Disciplinary clues to the supervision commission.
  case disciplineClue = "discipline_clue"
  /// Alerts raised by the broker when a deadline is missed.
  case escalation
}
