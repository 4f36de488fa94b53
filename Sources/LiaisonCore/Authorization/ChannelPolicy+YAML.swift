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
  /// any agency; `addressee_role`, `placement` (`any`, `coordinator_of_parties`, `sender_level`),
  /// `forward_to` (kinds; default the addressees) and `same_region` are optional. An optional
  /// `actions:` list narrows who may take an action of a workflow:
  ///
  /// ```yaml
  /// actions:
  ///   - id: criminal_transfer.procuratorial_supervision
  ///     workflow: criminal_transfer
  ///     actions: [request_explanation, order_filing, accept_reasons]
  ///     actor: policy_copy
  ///     kinds: [PROCURATORATE]
  /// ```
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
          let allowed = ChannelRule.Placement.allCases.map(\.rawValue).joined(separator: ", ")
          throw reader.error(node, "rule \(id): placement must be one of \(allowed), not '\(raw)'")
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
          id: id, channel: channel, direction: direction, senders: try reader.kinds(node, "senders", of: "rule \(id)"),
          addressees: try reader.kinds(node, "addressees", of: "rule \(id)"),
          addresseeRole: try reader.optionalString(node, "addressee_role"), placement: placement,
          copies: reader.value(node, "copies") == nil ? nil : try reader.kinds(node, "copies", of: "rule \(id)"),
          autoCopy: autoCopy,
          forwardTo: reader.value(node, "forward_to") == nil
            ? nil : try reader.kinds(node, "forward_to", of: "rule \(id)"),
          sameRegion: try reader.optionalBool(node, "same_region") ?? false))
    }
    var actions: [ActionRule] = []
    for node in try reader.optionalSequence(root, "actions") {
      let id = try reader.string(node, "id")
      let workflow = try reader.string(node, "workflow")
      guard let table = WorkflowTable.all[workflow] else {
        throw reader.error(
          node,
          "rule \(id): unknown workflow '\(workflow)'; workflows: \(WorkflowTable.all.keys.sorted().joined(separator: ", "))"
        )
      }
      var governed: Set<CaseAction> = []
      for item in try reader.sequence(node, "actions") {
        let action = CaseAction(try reader.scalar(item))
        guard table.actions.contains(action) else {
          throw reader.error(item, "rule \(id): workflow \(workflow) has no action '\(action)'")
        }
        governed.insert(action)
      }
      let rawActor = try reader.string(node, "actor")
      guard let actor = ActionRule.Actor(rawValue: rawActor) else {
        let allowed = ActionRule.Actor.allCases.map(\.rawValue).joined(separator: ", ")
        throw reader.error(node, "rule \(id): actor must be one of \(allowed), not '\(rawActor)'")
      }
      actions.append(
        ActionRule(
          id: id, workflow: workflow, actions: governed, actor: actor,
          kinds: try reader.kinds(node, "kinds", of: "rule \(id)"))
      )
    }
    do {
      try self.init(rules: rules, actions: actions)
    } catch {
      throw LiaisonError(.configInvalid, "\(file): \(error.message)")
    }
  }
}
