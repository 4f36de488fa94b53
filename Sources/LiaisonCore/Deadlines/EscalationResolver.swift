/// Turns escalation targets into agencies of the directory.
///
/// - `self` is the party; `parent` its superior organ (directory `parent`).
/// - `legal_office` is an agency under the party with role `legal_office`, or the party itself when
///   it has the role, otherwise the party (its duty desk handles legal matters).
/// - `justice`, `procuratorate`, `government`, `police` and `supervision` are the agency of that kind
///   at the party's level: for a district agency (`tj.hp.scjg`) the district's (`tj.hp.sfj`), for a
///   municipal or provincial one (`tj.scjg`) the region's (`tj.sfj`). When the district has none,
///   the region's is used. An agency of that kind is its own (a procuratorate's procuratorate is
///   itself).
public struct EscalationResolver: Sendable {
  /// The directory used.
  public let directory: Directory

  public init(directory: Directory) {
    self.directory = directory
  }

  /// The agencies a target names for a case with these sender and receiver; empty when the
  /// directory has none (the caller reports the gap instead of alerting nobody silently).
  public func resolve(
    _ target: EscalationTarget, sender: AgencyID, receiver: AgencyID, party clockParty: AgencyID? = nil
  )
    -> [AgencyID]
  {
    let party: AgencyID =
      switch target.party {
      case .sender: sender
      case .receiver: receiver
      case .party: clockParty ?? receiver
      }
    switch target.relation {
    case .itself:
      return [party]
    case .parent:
      return directory[party]?.parent.map { [$0] } ?? []
    case .legalOffice:
      if directory[party]?.roles.contains("legal_office") == true { return [party] }
      let office = directory.agencies.first { $0.parent == party && $0.roles.contains("legal_office") }
      return [office?.id ?? party]
    case .justice: return sameLevel(.justice, as: party)
    case .procuratorate: return sameLevel(.procuratorate, as: party)
    case .government: return sameLevel(.government, as: party)
    case .police: return sameLevel(.police, as: party)
    case .supervision: return sameLevel(.supervision, as: party)
    }
  }

  /// Resolves every target of a ladder level, each agency once, in order.
  public func resolve(
    _ targets: [EscalationTarget], sender: AgencyID, receiver: AgencyID, party: AgencyID? = nil
  ) -> [AgencyID] {
    var seen: Set<AgencyID> = []
    return targets.flatMap { resolve($0, sender: sender, receiver: receiver, party: party) }.filter {
      seen.insert($0).inserted
    }
  }

  /// The agency of `kind` at the level of `party`: the longest id prefix of `party` that has one.
  /// An agency of `kind` is its own (the procuratorate of a procuratorate is itself).
  private func sameLevel(_ kind: AgencyKind, as party: AgencyID) -> [AgencyID] {
    if directory[party]?.kinds.contains(kind) == true { return [party] }
    let parts = party.rawValue.split(separator: ".").map(String.init)
    // `tj.hp.scjg` → try `tj.hp.*`, then `tj.*`; `tj.scjg` → `tj.*`.
    for length in stride(from: parts.count - 1, through: 1, by: -1) {
      let prefix = parts.prefix(length).joined(separator: ".")
      let depth = length + 1
      let matches = directory.agencies.filter {
        $0.kinds.contains(kind) && $0.id.rawValue.hasPrefix(prefix + ".")
          && $0.id.rawValue.split(separator: ".").count == depth
      }
      if let first = matches.first { return [first.id] }
    }
    return []
  }
}
