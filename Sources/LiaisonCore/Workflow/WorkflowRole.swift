/// The part an agency plays in a case, as the workflows name it.
public enum WorkflowRole: String, Hashable, Sendable, CaseIterable {
  /// The agency that opened the case (移送机关, applicant, requesting agency).
  case sender
  /// An addressee: the agency the case is for (receiving agency, police, coordinator, commission).
  case receiver
  /// A copied agency: the procuratorate on a criminal transfer, a respondent in a dispute.
  case copy
  /// A supervisor alerted by an escalation.
  case supervisor

  /// The workflow role of a party role.
  public init(_ role: PartyRole) {
    switch role {
    case .sender: self = .sender
    case .addressee: self = .receiver
    case .copy: self = .copy
    case .supervisor: self = .supervisor
    }
  }
}
