/// Who may open which channel towards whom: the rules of Deploy/authorization/channels.yaml, applied
/// default-deny. Pure: the broker asks it about a submission and gets either the copies to add or an
/// error that names the rule that refused.
public struct ChannelPolicy: Sendable {
  /// The addressing a rule allowed.
  public struct Grant: Hashable, Sendable {
    /// The rule that allowed it.
    public var rule: String
    /// Agencies the rule copies automatically (not already parties), in order.
    public var addedCopies: [AgencyID]
  }

  /// The rules, in file order.
  public let rules: [ChannelRule]
  /// Per channel, the indices of its rules (a submission looks at those only).
  private let byChannel: [Channel: [Int]]
  /// Per rule, its sender, addressee and copy kinds as bit masks (``mask(_:)``).
  private let masks: [(senders: UInt32, addressees: UInt32, copies: UInt32?)]

  /// Checks that rule ids are unique.
  public init(rules: [ChannelRule]) throws(LiaisonError) {
    var seen: Set<String> = []
    for rule in rules where !seen.insert(rule.id).inserted {
      throw LiaisonError(.configInvalid, "channel rule '\(rule.id)' is listed twice")
    }
    self.rules = rules
    byChannel = Dictionary(grouping: rules.indices) { rules[$0].channel }
    masks = rules.map { (Self.mask($0.senders), Self.mask($0.addressees), $0.copies.map(Self.mask)) }
  }

  /// Kinds as a bit mask (one bit per ``AgencyKind``), for checks without set operations.
  static func mask(_ kinds: Set<AgencyKind>) -> UInt32 {
    kinds.reduce(0) { $0 | 1 << UInt32(AgencyKind.allCases.firstIndex(of: $1)!) }
  }

  /// Decides a submission. With no rule for the channel, or none whose senders include the sender's
  /// kinds, the answer is the default: refused. Otherwise the first rule that allows everything wins;
  /// when none does, the refusal is the first applicable rule's reason.
  public func authorize(
    channel: Channel, direction: ChannelRule.Direction?, sender: AgencyID, addressees: [AgencyID],
    copies: [AgencyID], directory: Directory
  ) -> Result<Grant, LiaisonError> {
    let senderKinds = directory[sender]?.kinds ?? []
    let senderMask = Self.mask(senderKinds)
    var firstRefusal: LiaisonError?
    for index in byChannel[channel] ?? [] {
      let rule = rules[index]
      guard rule.direction == nil || rule.direction == direction, masks[index].senders & senderMask != 0 else {
        continue
      }
      switch check(rule, masks[index], sender: sender, addressees: addressees, copies: copies, directory: directory) {
      case .success(let grant): return .success(grant)
      case .failure(let error): firstRefusal = firstRefusal ?? error
      }
    }
    if let firstRefusal { return .failure(firstRefusal) }
    let candidates = (byChannel[channel] ?? []).map { rules[$0] }.filter {
      $0.direction == nil || $0.direction == direction
    }
    let kinds = senderKinds.map(\.rawValue).sorted().joined(separator: ", ")
    let named =
      candidates.isEmpty
      ? "no rule names this channel"
      : "rules \(candidates.map(\.id).joined(separator: ", ")) do not list them as senders"
    return .failure(
      LiaisonError(
        .notAuthorized,
        "rule default-deny: \(sender) (\(kinds)) may not open \(channel.rawValue)\(direction.map { " (\($0.rawValue))" } ?? "") cases; \(named)",
        field: "envelope.channel"))
  }

  private func check(
    _ rule: ChannelRule, _ masks: (senders: UInt32, addressees: UInt32, copies: UInt32?), sender: AgencyID,
    addressees: [AgencyID], copies: [AgencyID], directory: Directory
  ) -> Result<Grant, LiaisonError> {
    for (index, id) in addressees.enumerated() {
      guard let agency = directory[id] else { continue }
      if masks.addressees & Self.mask(agency.kinds) == 0 {
        return .failure(
          refusal(
            rule, "\(id) is \(Self.kinds(agency.kinds)); it may address only \(Self.kinds(rule.addressees))",
            field: "envelope.addressees[\(index)]"))
      }
      if let role = rule.addresseeRole, !agency.roles.contains(role) {
        return .failure(refusal(rule, "\(id) does not hold the role \(role)", field: "envelope.addressees[\(index)]"))
      }
    }
    if rule.placement == .coordinatorOfParties {
      let level = Self.coordinatorLevel(of: [sender] + copies, rule: rule, directory: directory)
      for (index, id) in addressees.enumerated() where !Self.sits(id, at: level) {
        let place = level.isEmpty ? "a region's" : "\(level)'s"
        return .failure(
          refusal(
            rule,
            "\(id) is not the coordinator of the parties' level; address \(place) coordinator (parties: \(([sender] + copies).map(\.rawValue).joined(separator: ", ")))",
            field: "envelope.addressees[\(index)]"))
      }
    }
    if let allowed = rule.copies, let allowedMask = masks.copies {
      for (index, id) in copies.enumerated() {
        guard let agency = directory[id], allowedMask & Self.mask(agency.kinds) == 0 else { continue }
        return .failure(
          refusal(
            rule, "\(id) is \(Self.kinds(agency.kinds)); only \(Self.kinds(allowed)) may be copied",
            field: "envelope.copies[\(index)]"))
      }
    }
    guard !rule.autoCopy.isEmpty else { return .success(Grant(rule: rule.id, addedCopies: [])) }
    let resolver = EscalationResolver(directory: directory)
    var added: [AgencyID] = []
    for receiver in addressees {
      for id in resolver.resolve(rule.autoCopy, sender: sender, receiver: receiver)
      where id != sender && !addressees.contains(id) && !copies.contains(id) && !added.contains(id) {
        added.append(id)
      }
    }
    return .success(Grant(rule: rule.id, addedCopies: added))
  }

  private func refusal(_ rule: ChannelRule, _ reason: String, field: String) -> LiaisonError {
    LiaisonError(.notAuthorized, "rule \(rule.id): \(reason)", field: field)
  }

  private static func kinds(_ kinds: Set<AgencyKind>) -> String {
    kinds.map(\.rawValue).sorted().joined(separator: "/")
  }

  /// The id prefix all agencies share, down to (not including) their own code: `tj.hp` for
  /// `tj.hp.scjg` and `tj.hp.gafj`, `tj` for `tj.hp.scjg` and `tj.scjg`, empty across regions.
  static func commonLevel(_ agencies: [AgencyID]) -> String {
    var common: [Substring]?
    for agency in agencies {
      let parts = agency.rawValue.split(separator: ".").dropLast()
      guard let current = common else {
        common = Array(parts)
        continue
      }
      common = Array(zip(current, parts).prefix { $0 == $1 }.map(\.0))
    }
    return (common ?? []).joined(separator: ".")
  }

  /// The level whose coordinator must be addressed: the parties' common level, or the nearest level
  /// above it that has an agency the rule may address (a district without its own justice bureau
  /// is coordinated by the region's).
  static func coordinatorLevel(of parties: [AgencyID], rule: ChannelRule, directory: Directory) -> String {
    var level = commonLevel(parties)
    while !level.isEmpty {
      let found = directory.agencies.contains {
        sits($0.id, at: level) && !rule.addressees.isDisjoint(with: $0.kinds)
          && (rule.addresseeRole.map($0.roles.contains) ?? true)
      }
      if found { return level }
      level = level.split(separator: ".").dropLast().joined(separator: ".")
    }
    return level
  }

  /// Whether `agency` sits directly at `level` (`tj.hp.sfj` at `tj.hp`); at the empty level, any
  /// region-level agency does.
  static func sits(_ agency: AgencyID, at level: String) -> Bool {
    let parts = agency.rawValue.split(separator: ".")
    if level.isEmpty { return parts.count == 2 }
    return parts.dropLast().joined(separator: ".") == level
  }
}
