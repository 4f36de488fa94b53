/// The generic case lifecycle shared by every channel until the per-channel state machines of
/// workflows.md replace it: who may take which action in which state, and the state that follows.
///
/// A pure function of (case, actor, action): it returns a ``Transition`` or throws an error that names
/// the state and the actions allowed in it. It never touches storage.
public enum CaseWorkflow {
  /// The outcome of an allowed action.
  public struct Transition: Hashable, Sendable {
    /// The case's state after the action.
    public var state: String
    /// Agencies that become addressees (a forward adds its destination).
    public var newAddressees: [AgencyID]
  }

  /// The state of a new case.
  public static let initialState = "submitted"

  /// States in which only comments are allowed.
  public static let terminalStates: Set<String> = ["withdrawn", "rejected", "concluded"]

  /// Action names, the state each leads to (`nil`: unchanged) and who may take it.
  static let actions: [String: (next: String?, who: Set<PartyRole>)] = [
    "receipt": ("receipted", [.addressee]),
    "accept": ("accepted", [.addressee]),
    "reject": ("rejected", [.addressee]),
    "forward": ("forwarded", [.addressee]),
    "decide": ("decided", [.addressee]),
    "conclude": ("concluded", [.addressee]),
    "withdraw": ("withdrawn", [.sender]),
    "request_info": (nil, [.sender, .addressee]),
    "supply_info": (nil, [.sender, .addressee]),
    "comment": (nil, [.sender, .addressee, .copy]),
  ]

  /// Every action name, sorted.
  public static var actionNames: [String] { actions.keys.sorted() }

  /// Decides whether `actor` may take `action` on `record`.
  public static func transition(
    _ record: CaseRecord, actor: AgencyID, action: String, forwardTo: AgencyID?
  ) throws(LiaisonError) -> Transition {
    guard let role = record.role(of: actor) else {
      throw LiaisonError(.notAParty, "\(actor) is not a party to case \(record.id)")
    }
    guard let rule = actions[action] else {
      throw LiaisonError(
        .fieldInvalid, "unknown action '\(action)'; allowed: \(actionNames.joined(separator: ", "))", field: "action")
    }
    let allowed = allowedActions(record, role: role)
    guard allowed.contains(action) else {
      throw LiaisonError(
        .actionNotAllowed,
        "action '\(action)' is not allowed for the \(role.rawValue) of case \(record.id) in state '\(record.state)'; allowed: \(allowed.isEmpty ? "none" : allowed.joined(separator: ", "))"
      )
    }
    var added: [AgencyID] = []
    if action == "forward" {
      guard let forwardTo else {
        throw LiaisonError(.fieldRequired, "forward needs a destination", field: "body.forward.to")
      }
      guard record.parties.count < 250 else {
        throw LiaisonError(
          .tooLarge, "case \(record.id) already has \(record.parties.count) parties", field: "body.forward.to")
      }
      guard record.role(of: forwardTo) == nil || record.role(of: forwardTo) == .copy else {
        throw LiaisonError(
          .fieldInvalid, "\(forwardTo) is already a party to case \(record.id)", field: "body.forward.to")
      }
      added = [forwardTo]
    }
    return Transition(state: rule.next ?? record.state, newAddressees: added)
  }

  /// The actions a party with `role` may take in the case's current state, sorted.
  public static func allowedActions(_ record: CaseRecord, role: PartyRole) -> [String] {
    if terminalStates.contains(record.state) { return ["comment"] }
    return actions.filter { $0.value.who.contains(role) }.keys.sorted()
  }
}
