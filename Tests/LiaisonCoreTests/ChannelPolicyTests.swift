import LiaisonCore
import LiaisonTesting
import Testing

@Suite("Channel policy (Deploy/authorization/channels.yaml), default deny")
struct ChannelPolicyTests {
  /// One submission and the expected decision.
  struct Case: Sendable, CustomTestStringConvertible {
    var channel: Channel
    var direction: ChannelRule.Direction?
    var sender: String
    var addressees: [String]
    var copies: [String]
    var rule: String
    var field: String?

    init(
      _ channel: Channel, _ direction: ChannelRule.Direction?, _ sender: String, _ addressees: [String],
      _ copies: [String], _ rule: String, _ field: String? = nil
    ) {
      (self.channel, self.direction, self.sender, self.addressees) = (channel, direction, sender, addressees)
      (self.copies, self.rule, self.field) = (copies, rule, field)
    }

    var testDescription: String {
      "\(channel.rawValue) \(sender) → \(addressees) copies \(copies): \(rule)"
    }
  }

  let policy: ChannelPolicy
  let directory: Directory

  init() throws {
    policy = try Fixtures.channelPolicy()
    directory = try Fixtures.directory()
  }

  func decide(
    _ channel: Channel, _ direction: ChannelRule.Direction? = nil, from sender: String, to addressees: [String],
    copies: [String] = []
  ) -> Result<ChannelPolicy.Grant, LiaisonError> {
    policy.authorize(
      channel: channel, direction: direction, sender: Fixtures.agency(sender),
      addressees: addressees.map(Fixtures.agency), copies: copies.map(Fixtures.agency), directory: directory)
  }

  func refusal(_ result: Result<ChannelPolicy.Grant, LiaisonError>) -> LiaisonError? {
    if case .failure(let error) = result { return error }
    return nil
  }

  @Test(
    "allowed submissions name the rule that allowed them",
    arguments: [
      Case(.referral, nil, "tj.scjg", ["tj.hp.scjg"], [], "referral.between_departments"),
      Case(.referral, nil, "tj.hp.gafj", ["tj.hp.scjg"], ["tj.hp.sthj"], "referral.between_departments"),
      Case(.criminalTransfer, .forward, "tj.hp.scjg", ["tj.hp.gafj"], [], "criminal_transfer.forward"),
      Case(.criminalTransfer, .reverse, "tj.hp.gafj", ["tj.hp.scjg"], [], "criminal_transfer.reverse"),
      Case(.dispute, nil, "tj.hp.scjg", ["tj.hp.sfj"], ["tj.hp.csgl", "tj.hp.sthj"], "dispute.coordinator_of_level"),
      Case(.dispute, nil, "tj.hp.scjg", ["tj.sfj"], ["tj.hx.scjg"], "dispute.coordinator_of_level"),
      Case(.disciplineClue, nil, "tj.hp.scjg", ["tj.hp.jwjw"], [], "discipline_clue.commission_only"),
      Case(.disciplineClue, nil, "tj.gaj", ["tj.jwjw"], ["tj.hp.jwjw"], "discipline_clue.commission_only"),
    ])
  func allowed(_ row: Case) throws {
    let grant = try decide(row.channel, row.direction, from: row.sender, to: row.addressees, copies: row.copies).get()
    #expect(grant.rule == row.rule)
  }

  @Test(
    "refused submissions name the rule that refused them and the field at fault",
    arguments: [
      // Only enforcement agencies send criminal transfers …
      Case(.criminalTransfer, .forward, "tj.hp.jcy", ["tj.hp.gafj"], [], "default-deny", "envelope.channel"),
      // … and only to the police.
      Case(
        .criminalTransfer, .forward, "tj.hp.scjg", ["tj.hp.sthj"], [], "criminal_transfer.forward",
        "envelope.addressees[0]"),
      Case(
        .criminalTransfer, .forward, "tj.hp.scjg", ["tj.hp.gafj"], ["tj.hp.sthj"], "criminal_transfer.forward",
        "envelope.copies[0]"),
      Case(.criminalTransfer, .reverse, "tj.hp.scjg", ["tj.hp.sthj"], [], "default-deny", "envelope.channel"),
      Case(
        .criminalTransfer, .reverse, "tj.hp.gafj", ["tj.hp.jcy"], [], "criminal_transfer.reverse",
        "envelope.addressees[0]"),
      // Disputes go to a coordinator, of the parties' level.
      Case(
        .dispute, nil, "tj.hp.scjg", ["tj.hp.gafj"], ["tj.hp.sthj"], "dispute.coordinator_of_level",
        "envelope.addressees[0]"),
      Case(
        .dispute, nil, "tj.hp.scjg", ["tj.sfj"], ["tj.hp.sthj"], "dispute.coordinator_of_level",
        "envelope.addressees[0]"),
      Case(
        .dispute, nil, "tj.hp.scjg", ["tj.hp.sfj"], ["tj.hx.scjg"], "dispute.coordinator_of_level",
        "envelope.addressees[0]"),
      Case(.dispute, nil, "tj.jwjw", ["tj.sfj"], ["tj.scjg"], "default-deny", "envelope.channel"),
      Case(
        .dispute, nil, "tj.hp.scjg", ["tj.hp.sfj"], ["tj.hp.jcy"], "dispute.coordinator_of_level", "envelope.copies[0]"),
      // Discipline clues only to commissions, copied only to commissions.
      Case(
        .disciplineClue, nil, "tj.hp.scjg", ["tj.hp.gafj"], [], "discipline_clue.commission_only",
        "envelope.addressees[0]"),
      Case(
        .disciplineClue, nil, "tj.hp.scjg", ["tj.hp.jwjw"], ["tj.hp.gov"], "discipline_clue.commission_only",
        "envelope.copies[0]"),
      // Referrals are between departments: not to a procuratorate or a commission, not from a court.
      Case(.referral, nil, "tj.scjg", ["tj.jcy"], [], "referral.between_departments", "envelope.addressees[0]"),
      Case(.referral, nil, "tj.scjg", ["tj.jwjw"], [], "referral.between_departments", "envelope.addressees[0]"),
      Case(.referral, nil, "tj.jwjw", ["tj.scjg"], [], "default-deny", "envelope.channel"),
    ])
  func refused(_ row: Case) throws {
    let error = try #require(
      refusal(decide(row.channel, row.direction, from: row.sender, to: row.addressees, copies: row.copies)))
    #expect(error.code == .notAuthorized)
    #expect(error.message.hasPrefix("rule \(row.rule):"), "\(error.message)")
    #expect(error.fieldPath == row.field)
  }

  @Test("a forward criminal transfer copies the police's same-level procuratorate automatically")
  func autoCopy() throws {
    let grant = try decide(.criminalTransfer, .forward, from: "tj.hp.scjg", to: ["tj.hp.gafj"]).get()
    #expect(grant.addedCopies.map(\.rawValue) == ["tj.hp.jcy"])
    let already = try decide(.criminalTransfer, .forward, from: "tj.hp.scjg", to: ["tj.hp.gafj"], copies: ["tj.hp.jcy"])
      .get()
    #expect(already.addedCopies.isEmpty)
    let municipal = try decide(.criminalTransfer, .forward, from: "tj.scjg", to: ["tj.gaj"]).get()
    #expect(municipal.addedCopies.map(\.rawValue) == ["tj.jcy"])
  }

  @Test(
    "a policy file with an unknown kind, channel, placement, workflow, action or actor, a duplicate rule or a clue auto-copy is refused with its line"
  )
  func badFiles() {
    let cases = [
      ("rules:\n  - id: a\n    channel: referral\n    senders: [CLERK]\n    addressees: [POLICE]\n", "channels.yaml:4"),
      ("rules:\n  - id: a\n    channel: gossip\n    senders: [ANY]\n    addressees: [POLICE]\n", "channels.yaml:2"),
      (
        "rules:\n  - { id: a, channel: referral, senders: [ANY], addressees: [POLICE] }\n  - { id: a, channel: dispute, senders: [ANY], addressees: [JUSTICE] }\n",
        "listed twice"
      ),
      (
        "rules:\n  - { id: a, channel: referral, senders: [ANY], addressees: [POLICE], auto_copy: [boss.x] }\n",
        "boss.x"
      ),
      (
        "rules:\n  - { id: a, channel: discipline_clue, senders: [ANY], addressees: [SUPERVISION], auto_copy: [receiver.procuratorate] }\n",
        "cannot copy it to others"
      ),
      (
        "rules:\n  - { id: a, channel: referral, senders: [ANY], addressees: [POLICE], placement: nearby }\n",
        "placement must be one of any, coordinator_of_parties, sender_level"
      ),
      (
        "rules: []\nactions:\n  - { id: b, workflow: referral, actions: [order_filing], actor: policy_copy, kinds: [PROCURATORATE] }\n",
        "channels.yaml:3: rule b: workflow referral has no action 'order_filing'"
      ),
      (
        "rules: []\nactions:\n  - { id: b, workflow: criminal_transfer, actions: [order_filing], actor: anyone, kinds: [PROCURATORATE] }\n",
        "actor must be one of policy_copy, receiver, sender"
      ),
      (
        "rules: []\nactions:\n  - { id: b, workflow: transfer, actions: [order_filing], actor: sender, kinds: [GOV] }\n",
        "unknown workflow 'transfer'"
      ),
    ]
    for (text, expected) in cases {
      #expect(throws: LiaisonError.self) { try ChannelPolicy(yaml: text, file: "channels.yaml") }
      do {
        _ = try ChannelPolicy(yaml: text, file: "channels.yaml")
      } catch {
        #expect(error.message.contains(expected), "\(error.message)")
      }
    }
  }

  @Test("with no rule at all, nothing may be sent")
  func emptyDenies() throws {
    let empty = try ChannelPolicy(rules: [])
    let result = empty.authorize(
      channel: .referral, direction: nil, sender: Fixtures.agency("tj.scjg"),
      addressees: [Fixtures.agency("tj.hp.scjg")],
      copies: [], directory: directory)
    #expect(refusal(result)?.message.hasPrefix("rule default-deny:") == true)
  }
}
