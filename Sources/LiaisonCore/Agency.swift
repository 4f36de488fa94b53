/// One agency of the directory.
public struct Agency: Hashable, Sendable {
  /// The agency's id, e.g. `tj.scjg`.
  public var id: AgencyID
  /// The Chinese name, e.g. 天津市市场监督管理委员会.
  public var name: String
  /// The region whose broker serves it: `tj`, `bj` or `he`.
  public var region: String
  /// What the agency is; at least one.
  public var kinds: Set<AgencyKind>
  /// The enforcement sector (market, ecology, transport …) for enforcement agencies.
  public var sector: String?
  /// The superior organ, if any.
  public var parent: AgencyID?
  /// Extra roles, e.g. `legal_office`.
  public var roles: Set<String>
  /// The public X25519 key (32 bytes) that discipline clues for this agency are sealed to, if it
  /// publishes one (supervision commissions).
  public var sealingKey: [UInt8]?

  public init(
    id: AgencyID, name: String, region: String, kinds: Set<AgencyKind>, sector: String? = nil,
    parent: AgencyID? = nil, roles: Set<String> = [], sealingKey: [UInt8]? = nil
  ) {
    self.sealingKey = sealingKey
    self.id = id
    self.name = name
    self.region = region
    self.kinds = kinds
    self.sector = sector
    self.parent = parent
    self.roles = roles
  }
}
