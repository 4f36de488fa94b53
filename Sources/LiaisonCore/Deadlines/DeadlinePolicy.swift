/// One statutory deadline of a workflow, as the operator configures it (Deploy/policies/*.yaml): how
/// long, from which event to which, when it pauses, when it warns, and whom it alerts when missed.
public struct DeadlinePolicy: Hashable, Sendable {
  /// One level of the escalation ladder.
  public struct Level: Hashable, Sendable {
    /// Whom this level alerts.
    public var targets: [EscalationTarget]
    /// How long after the due time this level fires (0 for the first level, at expiry).
    public var after: DeadlineDuration
    /// Interval at which the level's alert is repeated while the case stays in the state, if any.
    public var repeatEvery: DeadlineDuration?

    public init(targets: [EscalationTarget], after: DeadlineDuration, repeatEvery: DeadlineDuration? = nil) {
      self.targets = targets
      self.after = after
      self.repeatEvery = repeatEvery
    }
  }

  /// How reliable the legal source is (workflows.md tags).
  public enum Confidence: String, Hashable, Sendable, CaseIterable {
    case verified = "V"
    case verifiedOther = "V-other"
    case partial = "P"
    case memory = "M"
    case design = "D"
  }

  /// The party that must act to meet a deadline (the CLI files it under that agency).
  public enum Owner: String, Hashable, Sendable, CaseIterable {
    /// The agency that opened the case.
    case sender
    /// The addressees.
    case receiver
    /// The copied parties: a dispute's respondents.
    case respondent
  }

  /// Stable id, e.g. `crim.filing_decision`.
  public var id: String
  /// The workflow it watches (a ``WorkflowTable`` name).
  public var workflow: String
  /// Its length.
  public var duration: DeadlineDuration
  /// Length in drills (test exercises); the real duration when absent.
  public var drillDuration: DeadlineDuration?
  /// The event that starts it: `submit`, `delivered` or an action of the workflow.
  public var start: CaseAction
  /// The events that stop it (met).
  public var stop: Set<CaseAction>
  /// The states in which it pauses (e.g. waiting for supplementary materials).
  public var pause: Set<String>
  /// How long before expiry the parties are warned, if at all.
  public var warnBefore: DeadlineDuration?
  /// The escalation ladder; empty for information-only deadlines.
  public var ladder: [Level]
  /// The legal basis, e.g. `Decree310 Art8`.
  public var basis: String
  /// How reliable the basis is.
  public var confidence: Confidence
  /// True for deadlines of sealed channels: alerts carry ids and times only.
  public var restricted: Bool
  /// Who must act to meet it.
  public var owner: Owner
  /// True when each party of the owner's role has its own clock (each addressee's receipt, each
  /// respondent's reply): the party's own stop event meets its clock, a stop event by anyone else
  /// meets them all, and `party.*` escalation targets are relative to the clock's party.
  public var perParty: Bool
  /// When set, the deadline runs only for owner parties of these kinds (e.g. `ref.forward_police`
  /// for police receivers).
  public var kinds: Set<AgencyKind>?

  public init(
    id: String, workflow: String, duration: DeadlineDuration, drillDuration: DeadlineDuration? = nil, start: CaseAction,
    stop: Set<CaseAction>, pause: Set<String> = [], warnBefore: DeadlineDuration? = nil, ladder: [Level] = [],
    basis: String = "", confidence: Confidence = .design, restricted: Bool = false, owner: Owner = .receiver,
    perParty: Bool = false, kinds: Set<AgencyKind>? = nil
  ) {
    self.owner = owner
    self.perParty = perParty
    self.kinds = kinds
    self.id = id
    self.workflow = workflow
    self.duration = duration
    self.drillDuration = drillDuration
    self.start = start
    self.stop = stop
    self.pause = pause
    self.warnBefore = warnBefore
    self.ladder = ladder
    self.basis = basis
    self.confidence = confidence
    self.restricted = restricted
  }

  /// The owner a policy has when its file names none: the role that takes its stop events (other
  /// than the sender's withdrawal), the receiver when several roles do.
  public static func owner(stoppedBy stop: Set<CaseAction>, in table: WorkflowTable) -> Owner {
    let roles = Set(table.rules.filter { stop.contains($0.action) && $0.action != .withdraw }.flatMap(\.by))
    if roles == [.sender] { return .sender }
    if roles == [.copy] { return .respondent }
    return .receiver
  }

  /// The agencies that must act to meet `deadline` of this policy on `record`: the clock's own party,
  /// else the parties of the owner's role as the case stands.
  public func mustAct(_ deadline: CaseDeadline, in record: CaseRecord) -> [AgencyID] {
    if let party = deadline.party { return [party] }
    switch owner {
    case .sender: return [record.sender]
    case .receiver: return record.addressees
    case .respondent: return record.copies
    }
  }

  /// The events a workflow produces: the case's opening (`submit`), its first delivery to a
  /// receiver (`delivered`), and every action of its table.
  public static func events(of table: WorkflowTable) -> Set<CaseAction> {
    Set(table.actions).union([.submit, .delivered])
  }
}
