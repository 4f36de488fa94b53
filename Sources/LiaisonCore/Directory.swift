/// The agencies Liaison knows: who exists, in which region, of which kinds, under which parent.
///
/// A directory is an immutable value; reloading builds a new one. Lookups are O(1).
public struct Directory: Sendable {
  /// A region served by one broker.
  public struct Region: Hashable, Sendable {
    /// Short id: `tj`, `bj`, `he`.
    public var id: String
    /// Chinese name, e.g. 天津市.
    public var name: String

    public init(id: String, name: String) {
      self.id = id
      self.name = name
    }
  }

  /// Regions, in file order.
  public let regions: [Region]
  /// Agencies, in file order.
  public let agencies: [Agency]
  private let byID: [AgencyID: Agency]

  /// Builds a directory, checking that ids are unique, parents exist and regions are declared.
  public init(regions: [Region], agencies: [Agency]) throws(LiaisonError) {
    var byID: [AgencyID: Agency] = [:]
    let regionIDs = Set(regions.map(\.id))
    for agency in agencies {
      guard byID.updateValue(agency, forKey: agency.id) == nil else {
        throw LiaisonError(.configInvalid, "agency \(agency.id) is listed twice")
      }
      guard regionIDs.contains(agency.region) else {
        throw LiaisonError(.configInvalid, "agency \(agency.id) is in region '\(agency.region)', which is not declared")
      }
    }
    for agency in agencies {
      if let parent = agency.parent, byID[parent] == nil {
        throw LiaisonError(.configInvalid, "agency \(agency.id) names parent \(parent), which is not in the directory")
      }
    }
    self.regions = regions
    self.agencies = agencies
    self.byID = byID
  }

  /// The agency with this id, if listed.
  public subscript(id: AgencyID) -> Agency? { byID[id] }

  /// The agency with this raw id, if it is a valid id and listed.
  public func agency(_ raw: String) -> Agency? {
    AgencyID(raw).flatMap { byID[$0] }
  }

  /// The same directory with these sealing keys published (replacing any listed).
  public func publishing(sealingKeys: [AgencyID: [UInt8]]) throws(LiaisonError) -> Directory {
    try Directory(
      regions: regions,
      agencies: agencies.map { agency in
        var copy = agency
        if let key = sealingKeys[agency.id] { copy.sealingKey = key }
        return copy
      })
  }

  /// Agencies of one region.
  public func agencies(inRegion region: String) -> [Agency] {
    agencies.filter { $0.region == region }
  }
}
