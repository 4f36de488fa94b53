import Yams

extension ChannelPolicy {
  /// Parses a channel policy file (Deploy/authorization/channels.yaml):
  ///
  /// ```yaml
  /// rules:
  ///   - id: criminal_transfer.forward
  ///     channel: criminal_transfer
  ///     direction: forward
  ///     senders: [ENFORCEMENT, ENF_TEAM, STREET, VERTICAL]
  ///     addressees: [POLICE]
  ///     auto_copy: [receiver.procuratorate]
  /// ```
  ///
  /// `senders`, `addressees` and `copies` list agency kinds (`ANY` for all); `copies` absent allows
  /// any agency; `addressee_role` and `placement` (`any`, `coordinator_of_parties`) are optional.
  ///
  /// - Throws: ``LiaisonError`` with code `LIAISON_CONFIG_INVALID` naming the file, line and reason.
  public init(yaml: String, file: String) throws(LiaisonError) {
    let reader = YAMLReader(file: file)
    let root = try reader.root(yaml)
    var rules: [ChannelRule] = []
    for node in try reader.sequence(root, "rules") {
      let id = try reader.string(node, "id")
      let rawChannel = try reader.string(node, "channel")
      guard let channel = Channel(rawValue: rawChannel), channel != .escalation else {
        throw reader.error(
          node,
          "rule \(id): unknown channel '\(rawChannel)'; use referral, dispute, criminal_transfer or discipline_clue")
      }
      var direction: ChannelRule.Direction?
      if let raw = try reader.optionalString(node, "direction") {
        guard let parsed = ChannelRule.Direction(rawValue: raw) else {
          throw reader.error(node, "rule \(id): direction must be forward or reverse, not '\(raw)'")
        }
        direction = parsed
      }
      var placement = ChannelRule.Placement.any
      if let raw = try reader.optionalString(node, "placement") {
        guard let parsed = ChannelRule.Placement(rawValue: raw) else {
          throw reader.error(node, "rule \(id): placement must be any or coordinator_of_parties, not '\(raw)'")
        }
        placement = parsed
      }
      var autoCopy: [EscalationTarget] = []
      for target in try reader.optionalSequence(node, "auto_copy") {
        do {
          autoCopy.append(try EscalationTarget(parsing: try reader.scalar(target)))
        } catch {
          throw reader.error(target, "rule \(id): \(error.message)")
        }
      }
      rules.append(
        ChannelRule(
          id: id, channel: channel, direction: direction, senders: try Self.kinds(reader, node, "senders", id),
          addressees: try Self.kinds(reader, node, "addressees", id),
          addresseeRole: try reader.optionalString(node, "addressee_role"), placement: placement,
          copies: reader.value(node, "copies") == nil ? nil : try Self.kinds(reader, node, "copies", id),
          autoCopy: autoCopy))
    }
    do {
      try self.init(rules: rules)
    } catch {
      throw LiaisonError(.configInvalid, "\(file): \(error.message)")
    }
  }

  private static func kinds(_ reader: YAMLReader, _ node: Node, _ key: String, _ rule: String) throws(LiaisonError)
    -> Set<AgencyKind>
  {
    var kinds: Set<AgencyKind> = []
    for item in try reader.sequence(node, key) {
      let raw = try reader.scalar(item)
      if raw == "ANY" {
        kinds.formUnion(AgencyKind.allCases)
        continue
      }
      guard let kind = AgencyKind(rawValue: raw) else {
        let allowed = AgencyKind.allCases.map(\.rawValue).joined(separator: ", ")
        throw reader.error(item, "rule \(rule): unknown agency kind '\(raw)' in \(key); allowed: ANY, \(allowed)")
      }
      kinds.insert(kind)
    }
    guard !kinds.isEmpty else { throw reader.error(node, "rule \(rule): \(key) lists no kind") }
    return kinds
  }
}
