/// A rule of the channel policy about who may take an action once a case is open, beyond the
/// workflow's roles (which stay the default: SPEC.md §7): the actor must stand in `actor` relation to
/// the case and be of one of `kinds`. Refusals name the rule.
public struct ActionRule: Hashable, Sendable {
  /// How the actor must stand to the case.
  public enum Actor: String, Hashable, Sendable, CaseIterable {
    /// An agency the channel policy copied on the case (`auto_copy`), e.g. the procuratorate of a
    /// criminal transfer, which alone holds the powers of 立案监督.
    case policyCopy = "policy_copy"
    /// An addressee.
    case receiver
    /// The agency that opened the case.
    case sender
  }

  /// The rule's name, quoted in every refusal it causes.
  public var id: String
  /// The workflow it governs (a ``WorkflowTable`` name).
  public var workflow: String
  /// The actions it governs.
  public var actions: Set<CaseAction>
  /// The relation the actor must have.
  public var actor: Actor
  /// Kinds the actor must have one of.
  public var kinds: Set<AgencyKind>

  public init(id: String, workflow: String, actions: Set<CaseAction>, actor: Actor, kinds: Set<AgencyKind>) {
    self.id = id
    self.workflow = workflow
    self.actions = actions
    self.actor = actor
    self.kinds = kinds
  }
}
