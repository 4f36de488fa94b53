/// One channel's state machine as data: the states, and for each action the states it may be taken
/// in, the state it leads to, who may take it and which body it carries. Protocol/SPEC.md prints the
/// same tables, and a test checks that the two agree transition by transition.
public struct WorkflowTable: Hashable, Sendable {
  /// One allowed step.
  public struct Rule: Hashable, Sendable {
    /// The action (`Broker.Act` `action`).
    public var action: CaseAction
    /// The states in which it may be taken.
    public var from: Set<String>
    /// The state after it; `nil` leaves the state unchanged.
    public var to: String?
    /// Who may take it.
    public var by: Set<WorkflowRole>
    /// The body it must carry.
    public var body: WorkflowBody

    public init(_ action: CaseAction, from: Set<String>, to: String?, by: Set<WorkflowRole>, body: WorkflowBody) {
      self.action = action
      self.from = from
      self.to = to
      self.by = by
      self.body = body
    }
  }

  /// The workflow's name: the channel, or `channel.variant` (`referral.assistance`,
  /// `criminal_transfer.reverse`).
  public let name: String
  /// The state of a new case.
  public let initialState: String
  /// The steps, in the order SPEC.md lists them.
  public let rules: [Rule]

  public init(name: String, initialState: String, rules: [Rule]) {
    self.name = name
    self.initialState = initialState
    self.rules = rules
  }

  /// Every state that appears in the table, sorted.
  public var states: [String] {
    Set(rules.flatMap { Array($0.from) + ($0.to.map { [$0] } ?? []) } + [initialState]).sorted()
  }

  /// Every action, in table order, each once.
  public var actions: [CaseAction] {
    var seen: Set<CaseAction> = []
    return rules.map(\.action).filter { seen.insert($0).inserted }
  }

  /// States no action leads out of (comments are still allowed there).
  public var terminalStates: [String] {
    states.filter { state in
      !rules.contains { $0.to != nil && $0.from.contains(state) }
    }
  }

  /// The rule that lets `role` take `action` in `state`, if any.
  public func rule(_ action: CaseAction, in state: String, by role: WorkflowRole) -> Rule? {
    rules.first { $0.action == action && $0.from.contains(state) && $0.by.contains(role) }
  }

  /// The actions `role` may take in `state`, in table order.
  public func allowedActions(in state: String, by role: WorkflowRole) -> [CaseAction] {
    actions.filter { rule($0, in: state, by: role) != nil }
  }

  /// The body an action carries (the same for every rule of the action).
  public func body(of action: CaseAction) -> WorkflowBody? {
    rules.first { $0.action == action }?.body
  }
}
