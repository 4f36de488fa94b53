/// The authorization table of a channel policy, as Protocol/SPEC.md §4a prints it: for every rule,
/// which sender kinds may address which kinds, where, with which copies; for every action of every
/// workflow, which party of which kind may take it in which states. Generated from the policy and the
/// workflow tables (`liaisond authorization-table`), so the document cannot drift from the code; a
/// test walks every agency pair of the sample directory and every action against the printed table.
public struct AuthorizationTable: Sendable {
  /// The policy printed.
  public let policy: ChannelPolicy

  public init(policy: ChannelPolicy) {
    self.policy = policy
  }

  /// The workflows a rule's cases follow.
  public static func workflows(of rule: ChannelRule) -> [WorkflowTable] {
    switch rule.channel {
    case .referral: [.referral, .assistance]
    case .criminalTransfer:
      switch rule.direction {
      case .forward: [.criminalTransfer]
      case .reverse: [.reverseTransfer]
      case nil: [.criminalTransfer, .reverseTransfer]
      }
    case .dispute: [.dispute]
    case .disciplineClue, .escalation: [.disciplineClue]
    }
  }

  /// Both tables, in Markdown.
  public var markdown: String {
    channelTable + "\n" + actionTable
  }

  /// One row per channel rule.
  public var channelTable: String {
    var lines = [
      "| rule | channel | senders | addressees | where | copies | copied by the broker | forwarded to |",
      "|---|---|---|---|---|---|---|---|",
    ]
    for rule in policy.rules {
      let channel = rule.channel.rawValue + (rule.direction.map { " (\($0.rawValue))" } ?? "")
      var place: [String] = []
      switch rule.placement {
      case .any: break
      case .senderLevel: place.append("sender's level")
      case .coordinatorOfParties: place.append("coordinator of the parties' level")
      }
      if let role = rule.addresseeRole { place.append("role \(role)") }
      if rule.sameRegion { place.append("sender's region") }
      let cells = [
        "`\(rule.id)`", channel, Self.kinds(rule.senders), Self.kinds(rule.addressees),
        place.isEmpty ? "any" : place.joined(separator: ", "),
        rule.copies.map(Self.kinds) ?? "any",
        rule.autoCopy.isEmpty ? "—" : rule.autoCopy.map(\.description).joined(separator: ", "),
        Self.kinds(rule.forwardKinds),
      ]
      lines.append("| " + cells.joined(separator: " | ") + " |")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Per workflow (and the rule its cases are opened under), one row per step and party: the party,
  /// its kinds (from the rule, narrowed by the action rules) and the states it may act in.
  public var actionTable: String {
    var sections: [String] = []
    for rule in policy.rules {
      for table in Self.workflows(of: rule) {
        var lines = [
          "Workflow `\(table.name)`, rule `\(rule.id)`:", "",
          "| action | party | of kind | in states |",
          "|---|---|---|---|",
        ]
        for step in table.rules {
          let narrowing = policy.actionRules.first { $0.workflow == table.name && $0.actions.contains(step.action) }
          for role in WorkflowRole.allCases where step.by.contains(role) {
            let (party, kinds) = Self.party(role, rule: rule, in: table, narrowedBy: narrowing)
            let states = step.from.count == table.states.count ? "any" : step.from.sorted().joined(separator: ", ")
            lines.append("| `\(step.action)` | \(party) | \(kinds) | \(states) |")
          }
        }
        sections.append(lines.joined(separator: "\n") + "\n")
      }
    }
    return sections.joined(separator: "\n")
  }

  /// The party column and the kinds column of a role under `rule`.
  static func party(_ role: WorkflowRole, rule: ChannelRule, in table: WorkflowTable, narrowedBy narrowing: ActionRule?)
    -> (String, String)
  {
    let forwards = table.actions.contains(.forward)
    if let narrowing, role != .supervisor {
      let relation: String =
        switch narrowing.actor {
        case .policyCopy: "copy the broker added (\(rule.autoCopy.map(\.description).joined(separator: ", ")))"
        case .receiver: "receiver"
        case .sender: "sender"
        }
      return ("\(relation), rule `\(narrowing.id)`", kinds(narrowing.kinds))
    }
    switch role {
    case .sender: return ("sender", kinds(rule.senders))
    case .receiver:
      let forwarded =
        !forwards || rule.forwardKinds == rule.addressees ? "" : "; after a forward \(kinds(rule.forwardKinds))"
      return ("receiver", kinds(rule.addressees) + forwarded)
    case .copy:
      // A receiver that forwards the case stays informed as a copy.
      guard let copies = rule.copies else { return ("copy", "any") }
      let forwarders = rule.addressees.union(rule.forwardKinds)
      let forwarded =
        !forwards || forwarders.isSubset(of: copies) ? "" : "; after a forward \(kinds(copies.union(forwarders)))"
      return ("copy", kinds(copies) + forwarded)
    case .supervisor: return ("supervisor", "named by an escalation")
    }
  }

  static func kinds(_ kinds: Set<AgencyKind>) -> String {
    AgencyKind.allCases.filter(kinds.contains).map(\.rawValue).joined(separator: ", ")
  }
}
