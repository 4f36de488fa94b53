import Yams

extension PolicySet {
  /// Parses several policy files (Deploy/policies/*.yaml) into one set. The format:
  ///
  /// ```yaml
  /// workflow: criminal_transfer
  /// clocks:
  ///   - id: crim.filing_decision
  ///     duration: 3 ND          # H, ND, WD, MIN, S
  ///     drill: 30 S             # optional, used for drill cases
  ///     start: receipt          # submit, delivered or an action of the workflow
  ///     stop: [file, not_file]  # events that meet the deadline
  ///     pause: [supplement_requested]   # states of the workflow
  ///     warn_before: 1 ND
  ///     escalate:
  ///       - { to: [receiver.procuratorate, receiver.government] }
  ///       - { to: [receiver.parent], after: 1 ND, repeat: 1 ND }
  ///     basis: Decree310 Art8
  ///     confidence: V           # V, V-other, P, M, D
  ///     restricted: false
  ///     owner: receiver         # sender, receiver, respondent (default: who takes the stop events)
  ///     per_party: false        # one clock per addressee (or respondent)
  ///     kinds: [POLICE]         # only for owner parties of these kinds
  /// ```
  ///
  /// - Throws: `LIAISON_CONFIG_INVALID` naming the file, the line and the reason.
  public init(files: [(name: String, text: String)]) throws(LiaisonError) {
    var policies: [DeadlinePolicy] = []
    var seen: [String: String] = [:]
    for (file, text) in files {
      let reader = YAMLReader(file: file)
      let root = try reader.root(text)
      let workflowName = try reader.string(root, "workflow")
      guard let table = WorkflowTable.all[workflowName] else {
        throw reader.error(
          reader.value(root, "workflow")!,
          "unknown workflow '\(workflowName)'; workflows: \(WorkflowTable.all.keys.sorted().joined(separator: ", "))")
      }
      let events = DeadlinePolicy.events(of: table)
      for node in try reader.sequence(root, "clocks") {
        let policy = try Self.policy(node, table: table, events: events, reader: reader)
        if let other = seen[policy.id] {
          throw reader.error(node, "deadline \(policy.id) is already defined in \(other)")
        }
        seen[policy.id] = file
        policies.append(policy)
      }
    }
    try self.init(policies)
  }

  private static func policy(
    _ node: Node, table: WorkflowTable, events: Set<CaseAction>, reader: YAMLReader
  ) throws(LiaisonError) -> DeadlinePolicy {
    func duration(_ key: String, required: Bool) throws(LiaisonError) -> DeadlineDuration? {
      guard let value = reader.value(node, key) else {
        if required { throw reader.error(node, "missing required key '\(key)'") }
        return nil
      }
      do {
        return try DeadlineDuration(parsing: try reader.scalar(value))
      } catch {
        throw reader.error(value, error.message)
      }
    }
    func event(_ value: Node) throws(LiaisonError) -> CaseAction {
      let name = CaseAction(try reader.scalar(value))
      guard events.contains(name) else {
        throw reader.error(
          value,
          "unknown event '\(name)' for workflow \(table.name); events: \(events.sorted().map(\.rawValue).joined(separator: ", "))"
        )
      }
      return name
    }
    let id = try reader.string(node, "id")
    guard let startNode = reader.value(node, "start") else { throw reader.error(node, "missing required key 'start'") }
    let start = try event(startNode)
    var stop: Set<CaseAction> = []
    for value in try reader.sequence(node, "stop") { stop.insert(try event(value)) }
    var pause: Set<String> = []
    for value in try reader.optionalSequence(node, "pause") {
      let state = try reader.scalar(value)
      guard table.states.contains(state) else {
        throw reader.error(
          value, "unknown state '\(state)' for workflow \(table.name); states: \(table.states.joined(separator: ", "))")
      }
      pause.insert(state)
    }
    var ladder: [DeadlinePolicy.Level] = []
    for levelNode in try reader.optionalSequence(node, "escalate") {
      var targets: [EscalationTarget] = []
      for target in try reader.sequence(levelNode, "to") {
        do {
          targets.append(try EscalationTarget(parsing: try reader.scalar(target)))
        } catch {
          throw reader.error(target, error.message)
        }
      }
      func levelDuration(_ key: String) throws(LiaisonError) -> DeadlineDuration? {
        guard let value = reader.value(levelNode, key) else { return nil }
        do {
          return try DeadlineDuration(parsing: try reader.scalar(value))
        } catch {
          throw reader.error(value, error.message)
        }
      }
      ladder.append(
        .init(
          targets: targets, after: try levelDuration("after") ?? DeadlineDuration(0, .seconds),
          repeatEvery: try levelDuration("repeat")))
    }
    var confidence = DeadlinePolicy.Confidence.design
    if let raw = try reader.optionalString(node, "confidence") {
      guard let parsed = DeadlinePolicy.Confidence(rawValue: raw) else {
        throw reader.error(
          reader.value(node, "confidence")!,
          "unknown confidence '\(raw)'; use \(DeadlinePolicy.Confidence.allCases.map(\.rawValue).joined(separator: ", "))"
        )
      }
      confidence = parsed
    }
    var owner = DeadlinePolicy.owner(stoppedBy: stop, in: table)
    if let raw = try reader.optionalString(node, "owner") {
      guard let parsed = DeadlinePolicy.Owner(rawValue: raw) else {
        throw reader.error(
          reader.value(node, "owner")!,
          "deadline \(id): owner must be one of \(DeadlinePolicy.Owner.allCases.map(\.rawValue).joined(separator: ", ")), not '\(raw)'"
        )
      }
      owner = parsed
    }
    let perParty = try reader.optionalBool(node, "per_party") ?? false
    if perParty, owner == .sender {
      throw reader.error(node, "deadline \(id): per_party needs an owner with several parties (receiver or respondent)")
    }
    return DeadlinePolicy(
      id: id, workflow: table.name, duration: try duration("duration", required: true)!,
      drillDuration: try duration("drill", required: false), start: start, stop: stop, pause: pause,
      warnBefore: try duration("warn_before", required: false), ladder: ladder,
      basis: try reader.optionalString(node, "basis") ?? "", confidence: confidence,
      restricted: try reader.optionalBool(node, "restricted") ?? false, owner: owner, perParty: perParty,
      kinds: reader.value(node, "kinds") == nil ? nil : try reader.kinds(node, "kinds", of: "deadline \(id)"))
  }
}
