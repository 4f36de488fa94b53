import Yams

extension Directory {
  /// Parses a directory file. The format is documented in Deploy/directory/README.md:
  ///
  /// ```yaml
  /// regions:
  ///   - { id: tj, name: 天津市 }
  /// agencies:
  ///   - { id: tj.scjg, name: 天津市市场监督管理委员会, kinds: [ENFORCEMENT], sector: market, parent: tj.gov }
  /// ```
  ///
  /// - Throws: ``LiaisonError`` with code `LIAISON_CONFIG_INVALID` naming the file, line and reason.
  public init(yaml: String, file: String) throws(LiaisonError) {
    let reader = YAMLReader(file: file)
    let root = try reader.root(yaml)
    var regions: [Region] = []
    for node in try reader.sequence(root, "regions") {
      regions.append(Region(id: try reader.string(node, "id"), name: try reader.string(node, "name")))
    }
    var agencies: [Agency] = []
    for node in try reader.sequence(root, "agencies") {
      let rawID = try reader.string(node, "id")
      guard let id = AgencyID(rawID) else {
        throw reader.error(node, "'\(rawID)' is not an agency id (lower-case region.code[.sub])")
      }
      var kinds: Set<AgencyKind> = []
      for kindNode in try reader.sequence(node, "kinds") {
        guard let raw = kindNode.string, let kind = AgencyKind(rawValue: raw) else {
          let allowed = AgencyKind.allCases.map(\.rawValue).joined(separator: ", ")
          throw reader.error(kindNode, "unknown agency kind '\(kindNode.string ?? "?")'; allowed: \(allowed)")
        }
        kinds.insert(kind)
      }
      guard !kinds.isEmpty else { throw reader.error(node, "agency \(rawID) needs at least one kind") }
      var parent: AgencyID?
      if let rawParent = try reader.optionalString(node, "parent") {
        guard let parsed = AgencyID(rawParent) else {
          throw reader.error(node, "parent '\(rawParent)' is not an agency id")
        }
        parent = parsed
      }
      var roles: Set<String> = []
      for roleNode in try reader.optionalSequence(node, "roles") { roles.insert(try reader.scalar(roleNode)) }
      var sealingKey: [UInt8]?
      if let hex = try reader.optionalString(node, "sealing_key") {
        guard let key = Hex.decode(hex), key.count == 32 else {
          throw reader.error(node, "sealing_key of \(rawID) must be 64 hexadecimal digits (an X25519 public key)")
        }
        sealingKey = key
      }
      agencies.append(
        Agency(
          id: id, name: try reader.string(node, "name"),
          region: try reader.optionalString(node, "region") ?? id.region,
          kinds: kinds, sector: try reader.optionalString(node, "sector"), parent: parent,
          roles: roles, sealingKey: sealingKey))
    }
    do {
      try self.init(regions: regions, agencies: agencies)
    } catch {
      throw LiaisonError(.configInvalid, "\(file): \(error.message)")
    }
  }
}
