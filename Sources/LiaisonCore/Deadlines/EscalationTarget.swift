/// Whom an escalation alerts, named relative to the case and resolved from the directory: the
/// parent (superior organ) or legal office of a party, or the same-level justice bureau,
/// procuratorate, government, police or supervision commission of the receiver.
public struct EscalationTarget: Hashable, Sendable, CustomStringConvertible {
  /// Whose relative the target is.
  public enum Party: String, Hashable, Sendable, CaseIterable {
    /// The agency that opened the case.
    case sender
    /// The addressee.
    case receiver
    /// The party whose clock ran out: the addressee or respondent of a per-party clock, else the
    /// clock's owner (the sender for the sender's clocks, the addressee otherwise).
    case party
  }

  /// What the target is, relative to its party.
  public enum Relation: String, Hashable, Sendable, CaseIterable {
    /// The party itself (its duty desk).
    case itself = "self"
    /// The party's superior organ (directory `parent`).
    case parent
    /// The party's legal office (an agency with role `legal_office` under it, or itself when it has the role).
    case legalOffice = "legal_office"
    /// The justice bureau of the party's level (its parent government's justice bureau).
    case justice
    /// The procuratorate of the party's level.
    case procuratorate
    /// The people's government of the party's level.
    case government
    /// The police of the party's level.
    case police
    /// The discipline and supervision commission of the party's level.
    case supervision
  }

  /// Whose relative.
  public var party: Party
  /// Which relative.
  public var relation: Relation

  public init(_ party: Party, _ relation: Relation) {
    self.party = party
    self.relation = relation
  }

  /// Parses `<party>.<relation>`, e.g. `receiver.procuratorate`, `sender.legal_office`.
  public init(parsing text: String) throws(LiaisonError) {
    let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
    guard parts.count == 2, let party = Party(rawValue: parts[0]), let relation = Relation(rawValue: parts[1]) else {
      let parties = Party.allCases.map(\.rawValue).joined(separator: "|")
      let relations = Relation.allCases.map(\.rawValue).joined(separator: "|")
      throw LiaisonError(
        .configInvalid, "unknown escalation target '\(text)'; write <\(parties)>.<\(relations)>")
    }
    self.init(party, relation)
  }

  public var description: String { "\(party.rawValue).\(relation.rawValue)" }
}
