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
    /// Every agency the rule's automatic copies name, added or already a party (they hold the
    /// powers the action rules give a policy copy).
    public var policyCopies: [AgencyID] = []
  }

  /// The rules, in file order.
  public let rules: [ChannelRule]
  /// Who may take which action once a case is open, beyond the workflow's roles, in file order.
  public let actionRules: [ActionRule]
  /// Per channel, the indices of its rules (a submission looks at those only).
  private let byChannel: [Channel: [Int]]
  /// Per rule, its sender, addressee and copy kinds as bit masks (``mask(_:)``).
  private let masks: [(senders: UInt32, addressees: UInt32, copies: UInt32?)]

  /// Checks that rule ids are unique.
  public init(rules: [ChannelRule], actions: [ActionRule] = []) throws(LiaisonError) {
    var seen: Set<String> = []
    for id in rules.map(\.id) + actions.map(\.id) where !seen.insert(id).inserted {
      throw LiaisonError(.configInvalid, "channel rule '\(id)' is listed twice")
    }
    for rule in rules where rule.channel == .disciplineClue && !rule.autoCopy.isEmpty {
      throw LiaisonError(
        .configInvalid,
        "rule \(rule.id): a discipline clue is sealed to the parties its sender names; the broker cannot copy it to others (remove auto_copy)"
      )
    }
    self.rules = rules
    actionRules = actions
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
    var error = LiaisonError(
      .notAuthorized,
      "rule default-deny: \(sender) (\(kinds)) may not open \(channel.rawValue)\(direction.map { " (\($0.rawValue))" } ?? "") cases; \(named)",
      field: "envelope.channel")
    error.rule = "default-deny"
    return .failure(error)
  }

  private func check(
    _ rule: ChannelRule, _ masks: (senders: UInt32, addressees: UInt32, copies: UInt32?), sender: AgencyID,
    addressees: [AgencyID], copies: [AgencyID], directory: Directory
  ) -> Result<Grant, LiaisonError> {
    let senderRegion = directory[sender]?.region ?? sender.region
    for (index, id) in addressees.enumerated() {
      guard let agency = directory[id] else { continue }
      if rule.sameRegion, agency.region != senderRegion {
        return .failure(
          refusal(
            rule,
            "\(id) is in region \(agency.region); \(rule.channel.rawValue) cases stay inside region \(senderRegion)",
            field: "envelope.addressees[\(index)]"))
      }
      if rule.placement == .senderLevel, masks.addressees & Self.mask(agency.kinds) != 0,
        !Self.sits(id, at: Self.level(of: sender))
      {
        let level = Self.level(of: sender)
        return .failure(
          refusal(
            rule,
            "\(id) is not at the sender's level; address the \(Self.kinds(rule.addressees)) of \(level.isEmpty ? "the region" : level) (\(sender) sends to its own level)",
            field: "envelope.addressees[\(index)]"))
      }
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
    if rule.sameRegion {
      for (index, id) in copies.enumerated() {
        guard let agency = directory[id], agency.region != senderRegion else { continue }
        return .failure(
          refusal(
            rule,
            "\(id) is in region \(agency.region); \(rule.channel.rawValue) cases stay inside region \(senderRegion)",
            field: "envelope.copies[\(index)]"))
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
    var named: [AgencyID] = []
    for receiver in addressees {
      for id in resolver.resolve(rule.autoCopy, sender: sender, receiver: receiver)
      where id != sender && !addressees.contains(id) && !named.contains(id) {
        named.append(id)
        if !copies.contains(id) { added.append(id) }
      }
    }
    return .success(Grant(rule: rule.id, addedCopies: added, policyCopies: named))
  }

  private func refusal(_ rule: ChannelRule, _ reason: String, field: String) -> LiaisonError {
    var error = LiaisonError(.notAuthorized, "rule \(rule.id): \(reason)", field: field)
    error.rule = rule.id
    return error
  }

  // MARK: Open cases

  /// The rule a case was opened under: by its recorded id, or (a case recorded before rules were
  /// recorded) the first rule of its channel and direction whose senders include the sender's kinds.
  public func rule(of record: CaseRecord, directory: Directory) -> ChannelRule? {
    if !record.rule.isEmpty, let rule = rules.first(where: { $0.id == record.rule }) { return rule }
    let direction: ChannelRule.Direction? =
      record.channel == .criminalTransfer ? (record.workflow.hasSuffix(".reverse") ? .reverse : .forward) : nil
    let senderMask = Self.mask(directory[record.sender]?.kinds ?? [])
    return (byChannel[record.channel] ?? []).first { index in
      (rules[index].direction == nil || rules[index].direction == direction) && masks[index].senders & senderMask != 0
    }.map { rules[$0] }
  }

  /// Decides a forward of an open case to `destination`, like a new addressing under the case's
  /// rule: the destination must be of a kind the rule forwards to (its addressees unless it says
  /// otherwise), in the sender's region when the rule keeps cases there; the rule's automatic copies
  /// are added relative to the new receiver.
  public func authorizeForward(
    of record: CaseRecord, by actor: AgencyID, to destination: AgencyID, directory: Directory
  ) -> Result<Grant, LiaisonError> {
    guard let rule = rule(of: record, directory: directory) else {
      var error = LiaisonError(
        .notAuthorized, "rule default-deny: no rule of the channel policy covers case \(record.id) any more",
        field: "body.forward.to")
      error.rule = "default-deny"
      return .failure(error)
    }
    guard let agency = directory[destination] else {
      return .failure(
        LiaisonError(.unknownAgency, "agency '\(destination)' is not in the directory", field: "body.forward.to"))
    }
    if Self.mask(rule.forwardKinds) & Self.mask(agency.kinds) == 0 {
      return .failure(
        refusal(
          rule,
          "\(destination) is \(Self.kinds(agency.kinds)); a \(record.channel.rawValue) case may be forwarded only to \(Self.kinds(rule.forwardKinds))",
          field: "body.forward.to"))
    }
    let senderRegion = directory[record.sender]?.region ?? record.sender.region
    if rule.sameRegion, agency.region != senderRegion {
      return .failure(
        refusal(
          rule,
          "\(destination) is in region \(agency.region); \(record.channel.rawValue) cases stay inside region \(senderRegion)",
          field: "body.forward.to"))
    }
    let resolver = EscalationResolver(directory: directory)
    let parties = Set(record.parties.map(\.0))
    let named = resolver.resolve(rule.autoCopy, sender: record.sender, receiver: destination).filter {
      $0 != destination && $0 != record.sender
    }
    return .success(Grant(rule: rule.id, addedCopies: named.filter { !parties.contains($0) }, policyCopies: named))
  }

  /// Checks the action rules for `action` by `actor` on a case of `workflow`: `nil` when no rule
  /// governs the action or the actor satisfies every rule that does, else the refusal naming the rule.
  public func authorizeAction(
    _ action: CaseAction, by actor: AgencyID, on record: CaseRecord, directory: Directory
  ) -> LiaisonError? {
    for rule in actionRules where rule.workflow == record.workflow && rule.actions.contains(action) {
      let related: Bool =
        switch rule.actor {
        case .policyCopy: record.autoCopies.contains(actor)
        case .receiver: record.addressees.contains(actor)
        case .sender: record.sender == actor
        }
      let kinds = directory[actor]?.kinds ?? []
      guard related, !rule.kinds.isDisjoint(with: kinds) else {
        let who: String =
          switch rule.actor {
          case .policyCopy:
            "the \(Self.kinds(rule.kinds)) the channel policy copied on case \(record.id) (\(record.autoCopies.map(\.rawValue).joined(separator: ", ")))"
          case .receiver: "an addressee of kind \(Self.kinds(rule.kinds))"
          case .sender: "the sender, of kind \(Self.kinds(rule.kinds))"
          }
        var error = LiaisonError(
          .actionNotAllowed, "rule \(rule.id): '\(action)' is taken only by \(who), not by \(actor)")
        error.rule = rule.id
        return error
      }
    }
    return nil
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
      // A region's own disputes stay in the region: the search does not climb above its level.
      if !level.contains(".") { return level }
      level = level.split(separator: ".").dropLast().joined(separator: ".")
    }
    return level
  }

  /// The level an agency sits at: its id without its own code (`tj.hp` for `tj.hp.scjg`).
  static func level(of agency: AgencyID) -> String {
    agency.rawValue.split(separator: ".").dropLast().joined(separator: ".")
  }

  /// Whether `agency` sits directly at `level` (`tj.hp.sfj` at `tj.hp`); at the empty level, any
  /// region-level agency does.
  static func sits(_ agency: AgencyID, at level: String) -> Bool {
    let parts = agency.rawValue.split(separator: ".")
    if level.isEmpty { return parts.count == 2 }
    return parts.dropLast().joined(separator: ".") == level
  }
}
