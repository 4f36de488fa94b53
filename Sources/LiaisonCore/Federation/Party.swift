/// An agency with its role in a case.
public struct Party: Hashable, Sendable {
  /// The agency.
  public var agency: AgencyID
  /// Its role.
  public var role: PartyRole

  public init(_ agency: AgencyID, _ role: PartyRole) {
    self.agency = agency
    self.role = role
  }

  /// Parties as stored in an outbound queue row: `agency:role` joined by commas.
  public static func encode(_ parties: [Party]) -> String {
    parties.map { "\($0.agency.rawValue):\($0.role.rawValue)" }.joined(separator: ",")
  }

  /// The inverse of ``encode(_:)``; malformed entries are skipped.
  public static func decode(_ text: String) -> [Party] {
    text.split(separator: ",").compactMap { item in
      let parts = item.split(separator: ":")
      guard parts.count == 2, let agency = AgencyID(String(parts[0])), let role = PartyRole(rawValue: String(parts[1]))
      else { return nil }
      return Party(agency, role)
    }
  }
}
