/// The state machine of one case: its workflow table, its state and its parties. Takes an action and
/// returns what changes, or refuses it with an error that names the state and the actions allowed.
/// A pure value: the store applies the result in the same transaction that records the event.
public struct CaseStateMachine: Sendable {
  /// What an allowed action changes.
  public struct Transition: Hashable, Sendable {
    /// The state before.
    public var from: String
    /// The state after (the same when the action does not move the case).
    public var to: String
    /// A forward's destination, which becomes an addressee.
    public var newAddressee: AgencyID?
    /// The forwarding agency, which stays informed as a copy.
    public var newCopy: AgencyID?
  }

  /// The case as it stands (state and parties are updated by ``apply(_:by:body:forwardTo:)``).
  public private(set) var record: CaseRecord
  /// The case's workflow.
  public let table: WorkflowTable

  /// The machine of a stored case.
  public init(_ record: CaseRecord) throws(LiaisonError) {
    guard let table = WorkflowTable.all[record.workflow] else {
      throw LiaisonError(.internalError, "case \(record.id) has unknown workflow '\(record.workflow)'")
    }
    self.record = record
    self.table = table
  }

  /// The workflow a new case follows.
  public static func workflow(for channel: Channel, assistance: Bool = false, reverse: Bool = false) -> WorkflowTable {
    switch channel {
    case .referral: assistance ? .assistance : .referral
    case .dispute: .dispute
    case .criminalTransfer: reverse ? .reverseTransfer : .criminalTransfer
    case .disciplineClue, .escalation: .disciplineClue
    }
  }

  /// Applies `action` taken by `actor` with a body of kind `body`.
  /// - Throws: `LIAISON_CASE_NOT_FOUND` (a non-party: the same answer as for no such case),
  ///   `LIAISON_FIELD_INVALID` (unknown action),
  ///   `LIAISON_ACTION_NOT_ALLOWED` (naming the state and the allowed actions) or
  ///   `LIAISON_FIELD_REQUIRED` (the body the action carries).
  public mutating func apply(
    _ action: CaseAction, by actor: AgencyID, body: WorkflowBody?, forwardTo: AgencyID? = nil
  ) throws(LiaisonError) -> Transition {
    guard let partyRole = record.role(of: actor) else {
      // The same answer as for a case that does not exist: no probing for case ids.
      throw LiaisonError.caseNotFound(record.id, for: actor)
    }
    var role = WorkflowRole(partyRole)
    // A party an escalation named is also a supervisor (it may acknowledge the escalation).
    if record.supervisors.contains(actor), table.rule(action, in: record.state, by: role) == nil,
      table.rule(action, in: record.state, by: .supervisor) != nil
    {
      role = .supervisor
    }
    guard let expectedBody = table.body(of: action) else {
      throw LiaisonError(
        .fieldInvalid,
        "unknown action '\(action)' for a \(table.name) case; actions: \(table.actions.map(\.rawValue).joined(separator: ", "))",
        field: "action")
    }
    if action == .receipt, role == .receiver, record.receipted.contains(actor) {
      throw LiaisonError(
        .actionNotAllowed,
        "\(actor) already signed its receipt of \(table.name) case \(record.id); allowed: \(allowedActions(for: actor).map(\.rawValue).joined(separator: ", "))"
      )
    }
    guard let rule = table.rule(action, in: record.state, by: role) ?? lateReceipt(action, by: actor, role: role) else {
      let allowed = allowedActions(for: actor)
      throw LiaisonError(
        .actionNotAllowed,
        "action '\(action)' is not allowed for the \(role.rawValue) of \(table.name) case \(record.id) in state '\(record.state)'; allowed: \(allowed.map(\.rawValue).joined(separator: ", "))"
      )
    }
    guard body == expectedBody else {
      throw LiaisonError(
        .fieldRequired, "action '\(action)' carries body.\(expectedBody.rawValue)",
        field: "body.\(expectedBody.rawValue)")
    }
    var transition = Transition(from: record.state, to: rule.to ?? record.state)
    if action == .receipt { record.receipted.append(actor) }
    if body == .forward {
      guard let forwardTo else {
        throw LiaisonError(.fieldRequired, "a forward names its destination", field: "body.forward.to")
      }
      guard record.role(of: forwardTo) != .sender, record.role(of: forwardTo) != .addressee else {
        throw LiaisonError(
          .fieldInvalid, "\(forwardTo) is already a party to case \(record.id)", field: "body.forward.to")
      }
      guard record.parties.count < 250 else {
        throw LiaisonError(
          .tooLarge, "case \(record.id) already has \(record.parties.count) parties", field: "body.forward.to")
      }
      record.copies.removeAll { $0 == forwardTo }
      record.addressees.removeAll { $0 == actor }
      record.addressees.append(forwardTo)
      if !record.copies.contains(actor) { record.copies.append(actor) }
      transition.newAddressee = forwardTo
      transition.newCopy = actor
    }
    record.state = transition.to
    return transition
  }

  /// A receipt by an addressee that has not signed yet, in a later state than the table's receipt
  /// states (another addressee signed first): each addressee signs for itself; the state stays.
  private func lateReceipt(_ action: CaseAction, by actor: AgencyID, role: WorkflowRole) -> WorkflowTable.Rule? {
    guard action == .receipt, role == .receiver, !record.receipted.isEmpty, !record.receipted.contains(actor),
      let receipt = table.rules.first(where: { $0.action == .receipt }),
      !table.terminalStates.contains(record.state)
    else { return nil }
    return WorkflowTable.Rule(.receipt, from: [record.state], to: nil, by: [.receiver], body: receipt.body)
  }

  /// The actions `actor` may take now, in table order (empty for a non-party).
  public func allowedActions(for actor: AgencyID) -> [CaseAction] {
    guard let role = record.role(of: actor) else { return [] }
    var own = table.allowedActions(in: record.state, by: WorkflowRole(role))
    if role == .addressee {
      if record.receipted.contains(actor) {
        own.removeAll { $0 == .receipt }
      } else if !own.contains(.receipt), lateReceipt(.receipt, by: actor, role: .receiver) != nil {
        own.insert(.receipt, at: 0)
      }
    }
    guard record.supervisors.contains(actor), role != .supervisor else { return own }
    return own + table.allowedActions(in: record.state, by: .supervisor).filter { !own.contains($0) }
  }
}
