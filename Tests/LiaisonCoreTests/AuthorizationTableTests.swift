import Foundation
import LiaisonCore
import LiaisonTesting
import Testing

/// The authorization table of Protocol/SPEC.md §4a is the specification: these tests read it, check
/// it is what `liaisond authorization-table` prints for the shipped policy, and walk every agency pair
/// of the sample directory and every action of every workflow through the engine against it.
@Suite("Authorization table")
struct AuthorizationTableTests {
  /// A row of the channel table.
  struct ChannelRow {
    var rule: String
    var channel: Channel
    var direction: ChannelRule.Direction?
    var senders: Set<AgencyKind>?  // nil: any
    var addressees: Set<AgencyKind>
    var place: Set<String>
    var copies: Set<AgencyKind>?
    var autoCopy: String
    var forwardTo: Set<AgencyKind>
  }

  /// A row of an action table.
  struct ActionRow {
    var action: CaseAction
    var party: String
    var kinds: Set<AgencyKind>?  // nil: any
    var states: Set<String>?  // nil: any
  }

  static let specText: String =
    (try? String(contentsOfFile: "\(Fixtures.repositoryRoot)/Protocol/SPEC.md", encoding: .utf8)) ?? ""

  /// The generated part of SPEC.md.
  static let printed: String = {
    guard let begin = specText.range(of: "<!-- authorization-table:begin -->\n"),
      let end = specText.range(of: "<!-- authorization-table:end -->")
    else { return "" }
    return String(specText[begin.upperBound..<end.lowerBound])
  }()

  static func cells(_ line: Substring) -> [String] {
    line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
  }

  static func kinds(_ cell: String) -> Set<AgencyKind>? {
    let names = cell.split(separator: ";")[0].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    if names == ["any"] || names == ["named by an escalation"] { return nil }
    var kinds = Set(names.compactMap(AgencyKind.init(rawValue:)))
    // "POLICE; after a forward POLICE, PROCURATORATE": a forwarded receiver may be of the second list.
    if let after = cell.range(of: "after a forward ") {
      kinds.formUnion(
        cell[after.upperBound...].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.compactMap(
          AgencyKind.init(rawValue:)))
    }
    return kinds
  }

  static let channelRows: [ChannelRow] = printed.split(separator: "\n", omittingEmptySubsequences: false).prefix {
    !$0.isEmpty
  }.dropFirst(2).map {
    let cell = cells($0)
    let channel = cell[1].split(separator: " ")
    return ChannelRow(
      rule: cell[0].trimmingCharacters(in: CharacterSet(charactersIn: "`")),
      channel: Channel(rawValue: String(channel[0]))!,
      direction: channel.count > 1
        ? ChannelRule.Direction(rawValue: channel[1].trimmingCharacters(in: CharacterSet(charactersIn: "()"))) : nil,
      senders: kinds(cell[2]), addressees: kinds(cell[3]) ?? [],
      place: cell[4] == "any" ? [] : Set(cell[4].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }),
      copies: kinds(cell[5]), autoCopy: cell[6], forwardTo: kinds(cell[7]) ?? [])
  }

  /// The action tables, by workflow name.
  static let actionRows: [String: [ActionRow]] = {
    var tables: [String: [ActionRow]] = [:]
    var current: String?
    for line in printed.split(separator: "\n") {
      if line.hasPrefix("Workflow `") {
        current = String(line.dropFirst("Workflow `".count).prefix { $0 != "`" })
      } else if let name = current, line.hasPrefix("| `") {
        let cell = cells(line)
        tables[name, default: []].append(
          ActionRow(
            action: CaseAction(cell[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))), party: cell[1],
            kinds: kinds(cell[2]),
            states: cell[3] == "any"
              ? nil : Set(cell[3].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })))
      }
    }
    return tables
  }()

  static let directory = try! Fixtures.directory()
  static let policy = try! Fixtures.channelPolicy()

  static func level(_ id: AgencyID) -> String { id.rawValue.split(separator: ".").dropLast().joined(separator: ".") }

  @Test("SPEC.md prints exactly the table `liaisond authorization-table` generates for the shipped policy")
  func printedTableIsGenerated() {
    #expect(!Self.printed.isEmpty, "the markers are in SPEC.md")
    #expect(Self.printed == AuthorizationTable(policy: Self.policy).markdown)
    #expect(Self.channelRows.count == Self.policy.rules.count)
    #expect(Set(Self.actionRows.keys) == Set(WorkflowTable.all.keys))
  }

  // MARK: Opening a case

  /// Whether `row` allows `sender` to address `addressee` with `copies`, read from the table's words.
  static func allows(_ row: ChannelRow, sender: Agency, addressee: Agency, copies: [Agency]) -> Bool {
    guard row.senders.map({ !$0.isDisjoint(with: sender.kinds) }) ?? true,
      !row.addressees.isDisjoint(with: addressee.kinds)
    else { return false }
    for place in row.place {
      switch place {
      case "sender's level": if level(addressee.id) != level(sender.id) { return false }
      case "sender's region":
        if ([addressee] + copies).contains(where: { $0.region != sender.region }) { return false }
      case "coordinator of the parties' level":
        // Parties of several regions: any region's coordinator.
        let wanted = coordinatorLevel(row, parties: [sender] + copies)
        if wanted.isEmpty ? level(addressee.id).contains(".") : level(addressee.id) != wanted { return false }
      default:
        guard place.hasPrefix("role ") else {
          Issue.record("unknown place '\(place)'")
          return false
        }
        if !addressee.roles.contains(String(place.dropFirst("role ".count))) { return false }
      }
    }
    for copy in copies where row.copies.map({ $0.isDisjoint(with: copy.kinds) }) ?? false { return false }
    return true
  }

  /// "The dispute coordinator of the level the parties share; the search never climbs above a region":
  /// the parties' common level, or the nearest one above it with an agency the row addresses.
  static func coordinatorLevel(_ row: ChannelRow, parties: [Agency]) -> String {
    let paths = parties.map { $0.id.rawValue.split(separator: ".").dropLast() }
    var common = Array(paths[0])
    for path in paths.dropFirst() { common = Array(zip(common, path).prefix { $0 == $1 }.map(\.0)) }
    while common.count > 1 {
      let level = common.joined(separator: ".")
      let role = row.place.first { $0.hasPrefix("role ") }.map { String($0.dropFirst("role ".count)) }
      let found = directory.agencies.contains {
        self.level($0.id) == level && !row.addressees.isDisjoint(with: $0.kinds)
          && (role.map($0.roles.contains) ?? true)
      }
      if found { break }
      common.removeLast()
    }
    return common.joined(separator: ".")
  }

  static let openings: [(Channel, ChannelRule.Direction?)] = [
    (.referral, nil), (.criminalTransfer, .forward), (.criminalTransfer, .reverse), (.dispute, nil),
    (.disciplineClue, nil),
  ]

  @Test(
    "every sender and addressee of the sample directory, on every channel: allowed exactly as the table says",
    arguments: openings.indices)
  func openingMatrix(_ index: Int) {
    let (channel, direction) = Self.openings[index]
    let rows = Self.channelRows.filter { $0.channel == channel && ($0.direction == nil || $0.direction == direction) }
    #expect(!rows.isEmpty)
    var allowed = 0
    for sender in Self.directory.agencies {
      for addressee in Self.directory.agencies where addressee.id != sender.id {
        let expected = rows.contains { Self.allows($0, sender: sender, addressee: addressee, copies: []) }
        let decided = Self.policy.authorize(
          channel: channel, direction: direction, sender: sender.id, addressees: [addressee.id], copies: [],
          directory: Self.directory)
        switch decided {
        case .success(let grant):
          allowed += 1
          #expect(expected, "\(channel) \(sender.id) → \(addressee.id) allowed by \(grant.rule), the table says no")
          let row = rows.first { $0.rule == grant.rule }
          if row?.autoCopy == "receiver.procuratorate" {
            let procuratorate = Self.directory.agencies.filter {
              $0.kinds.contains(.procuratorate) && Self.level($0.id) == Self.level(addressee.id)
            }.map(\.id)
            #expect(grant.policyCopies == procuratorate, "\(sender.id) → \(addressee.id): the receiver's procuratorate")
          } else {
            #expect(grant.policyCopies.isEmpty)
          }
        case .failure(let error):
          #expect(!expected, "\(channel) \(sender.id) → \(addressee.id) refused (\(error.message)), the table says yes")
          #expect(error.code == .notAuthorized)
          #expect(error.message.hasPrefix("rule "), "the refusal names its rule")
        }
      }
    }
    #expect(allowed > 0)
  }

  @Test("every agency of the sample directory as a copy of an allowed case: allowed exactly as the table says")
  func copyMatrix() throws {
    let cases: [(Channel, ChannelRule.Direction?, String, String)] = [
      (.referral, nil, "tj.hp.scjg", "tj.hp.sthj"), (.criminalTransfer, .forward, "tj.hp.scjg", "tj.hp.gafj"),
      (.criminalTransfer, .reverse, "tj.hp.gafj", "tj.hp.scjg"), (.dispute, nil, "tj.hp.scjg", "tj.hp.sfj"),
      (.disciplineClue, nil, "tj.hp.scjg", "tj.hp.jwjw"), (.dispute, nil, "bj.scjg", "bj.sfj"),
    ]
    for (channel, direction, senderID, addresseeID) in cases {
      let rows = Self.channelRows.filter { $0.channel == channel && ($0.direction == nil || $0.direction == direction) }
      let sender = try #require(Self.directory[Fixtures.agency(senderID)])
      let addressee = try #require(Self.directory[Fixtures.agency(addresseeID)])
      #expect(rows.contains { Self.allows($0, sender: sender, addressee: addressee, copies: []) })
      for copy in Self.directory.agencies where copy.id != sender.id && copy.id != addressee.id {
        let expected = rows.contains { Self.allows($0, sender: sender, addressee: addressee, copies: [copy]) }
        let decided = Self.policy.authorize(
          channel: channel, direction: direction, sender: sender.id, addressees: [addressee.id], copies: [copy.id],
          directory: Self.directory)
        switch decided {
        case .success: #expect(expected, "\(channel) \(senderID) → \(addresseeID) copied to \(copy.id): allowed")
        case .failure(let error):
          #expect(!expected, "\(channel) \(senderID) → \(addresseeID) copied to \(copy.id): \(error.message)")
        }
      }
    }
  }

  // MARK: Acting on a case

  /// A case of each workflow with one party of every role, and copies of several kinds.
  struct Cast {
    var record: CaseRecord
    var supervisor: AgencyID
  }

  static func cast(_ workflow: String) -> Cast {
    func id(_ raw: String) -> AgencyID { Fixtures.agency(raw) }
    let (channel, sender, addressee, copies, autoCopies): (Channel, String, String, [String], [String]) =
      switch workflow {
      case "criminal_transfer":
        (
          .criminalTransfer, "tj.hp.scjg", "tj.hp.gafj",
          ["tj.hp.jcy", "tj.hx.jcy", "tj.hp.gov", "tj.hp.sfj", "tj.hp.jwjw", "tj.hx.gafj"], ["tj.hp.jcy"]
        )
      case "criminal_transfer.reverse": (.criminalTransfer, "tj.hp.gafj", "tj.hp.scjg", ["tj.hp.jcy", "tj.hp.sfj"], [])
      case "dispute": (.dispute, "tj.hp.scjg", "tj.hp.sfj", ["tj.hp.csgl", "tj.hp.sthj"], [])
      case "discipline_clue": (.disciplineClue, "tj.hp.scjg", "tj.hp.jwjw", ["tj.jwjw"], [])
      default: (.referral, "tj.hp.scjg", "tj.hp.sthj", ["tj.hp.jcy", "tj.hp.gov", "tj.hp.csgl"], [])
      }
    var record = CaseRecord(
      id: "tj.c1", channel: channel, state: "", sender: id(sender), operatorName: nil, addressees: [id(addressee)],
      copies: copies.map(id), title: "t", drill: false, confidentiality: 2, openedAt: 0, updatedAt: 0,
      lastSequence: 1, workflow: workflow)
    record.autoCopies = autoCopies.map(id)
    record.supervisors = [id("tj.gov")]
    return Cast(record: record, supervisor: id("tj.gov"))
  }

  /// Whether a row of the action table covers `actor` in `record`.
  static func covers(_ row: ActionRow, actor: AgencyID, in record: CaseRecord) -> Bool {
    guard row.states?.contains(record.state) ?? true,
      row.kinds.map({ !$0.isDisjoint(with: directory[actor]?.kinds ?? []) }) ?? true
    else { return false }
    if row.party.hasPrefix("copy the broker added") { return record.autoCopies.contains(actor) }
    switch row.party {
    case "sender": return record.sender == actor
    case "receiver": return record.addressees.contains(actor)
    case "copy": return record.copies.contains(actor)
    case "supervisor": return record.supervisors.contains(actor)
    default:
      Issue.record("unknown party '\(row.party)'")
      return false
    }
  }

  @Test(
    "every action, in every state, by every party of a case and a stranger, through the engine: allowed exactly as the table says",
    arguments: WorkflowTable.all.keys.sorted())
  func actionMatrix(_ workflow: String) throws {
    let engine = try Fixtures.engine()
    let table = try #require(WorkflowTable.all[workflow])
    let rows = try #require(Self.actionRows[workflow])
    let cast = Self.cast(workflow)
    let actors = cast.record.parties.map(\.0) + [Fixtures.agency("tj.gaj")]
    var allowed = 0
    for state in table.states {
      var record = cast.record
      record.state = state
      var allowedNow: [AgencyID: Set<CaseAction>] = [:]
      for action in table.actions {
        for actor in actors {
          let forwardTo: AgencyID? =
            action == .forward ? rows.isEmpty ? nil : Self.forwardDestination(workflow, record) : nil
          let command = ActCommand(
            caseID: record.id, actor: actor, operatorName: nil, action: action, body: table.body(of: action),
            forwardTo: forwardTo, idempotencyKey: "", requestHash: [], attachments: [], content: [], signature: [])
          let decision = engine.decide(
            .act(command), facts: CaseFacts(loaded: LoadedCase(record: record, deadlines: [])), now: 0)
          let expected = rows.contains { $0.action == action && Self.covers($0, actor: actor, in: record) }
          if let refusal = decision.refusal {
            #expect(!expected, "\(workflow): \(actor) may take '\(action)' in '\(state)': \(refusal.message)")
            if record.role(of: actor) == nil {
              #expect(refusal.code == .caseNotFound, "a stranger is told the case does not exist")
            }
          } else {
            allowed += 1
            allowedNow[actor, default: []].insert(action)
            #expect(expected, "\(workflow): \(actor) may not take '\(action)' in '\(state)', but the engine allowed it")
          }
        }
      }
      // What GetCase lists as allowed is what the engine allows.
      for actor in actors {
        #expect(
          Set(engine.allowedActions(for: actor, on: record)) == allowedNow[actor] ?? [],
          "\(workflow) in '\(state)': allowed actions of \(actor)")
      }
    }
    #expect(allowed > 0)
  }

  /// An agency the case's rule may forward to that is not a party yet.
  static func forwardDestination(_ workflow: String, _ record: CaseRecord) -> AgencyID? {
    let row = channelRows.first { row in
      AuthorizationTable.workflows(of: policy.rules.first { $0.id == row.rule }!).contains { $0.name == workflow }
    }
    return directory.agencies.first {
      !($0.kinds.isDisjoint(with: row?.forwardTo ?? [])) && record.role(of: $0.id) == nil && $0.region == "tj"
    }?.id
  }

  // MARK: Forwarding

  @Test(
    "every agency of the sample directory as the destination of a forward: allowed exactly as the table says",
    arguments: ["referral", "criminal_transfer", "criminal_transfer.reverse", "discipline_clue"])
  func forwardMatrix(_ workflow: String) throws {
    let engine = try Fixtures.engine()
    var record = Self.cast(workflow).record
    record.state = "receipted"
    let rule = try #require(
      Self.channelRows.first { row in
        AuthorizationTable.workflows(of: Self.policy.rules.first { $0.id == row.rule }!).contains {
          $0.name == workflow
        }
      })
    let sender = try #require(Self.directory[record.sender])
    var allowed = 0
    for destination in Self.directory.agencies where record.role(of: destination.id) != .sender {
      let command = ActCommand(
        caseID: record.id, actor: record.addressees[0], operatorName: nil, action: .forward, body: .forward,
        forwardTo: destination.id, idempotencyKey: "", requestHash: [], attachments: [], content: [], signature: [])
      let decision = engine.decide(
        .act(command), facts: CaseFacts(loaded: LoadedCase(record: record, deadlines: [])), now: 0)
      let expected =
        !destination.kinds.isDisjoint(with: rule.forwardTo) && record.role(of: destination.id) != .addressee
        && (!rule.place.contains("sender's region") || destination.region == sender.region)
      if let refusal = decision.refusal {
        #expect(!expected, "\(workflow): forward to \(destination.id) refused: \(refusal.message)")
      } else {
        allowed += 1
        #expect(expected, "\(workflow): forward to \(destination.id) allowed, the table says no")
        if rule.autoCopy == "receiver.procuratorate" {
          let updated = decision.effects.compactMap { effect -> CaseRecord? in
            if case .updateCase(let record) = effect { return record }
            return nil
          }.first
          // The receiver's procuratorate; none when the case goes to a procuratorate itself.
          let procuratorate = Self.directory.agencies.filter {
            !destination.kinds.contains(.procuratorate) && $0.kinds.contains(.procuratorate)
              && Self.level($0.id) == Self.level(destination.id)
          }.map(\.id)
          #expect(
            updated?.autoCopies == procuratorate, "forward to \(destination.id): its procuratorate holds the powers")
          #expect(procuratorate.allSatisfy { updated?.role(of: $0) != nil })
        }
      }
    }
    #expect(allowed > 0)
  }
}
