import GRDB
import LiaisonCore

extension BatchWriter {
  /// Raises every alarm due at `now`: the clocks advance, and each alert becomes an event on its
  /// case — `warn` to the parties, `escalate` to the supervisors it names (who join the case as
  /// supervisors) and to the parties. With peer brokers, each broker alerts the parties and
  /// supervisors of its own region only; on a replica of a case homed elsewhere the alert is a notice
  /// outside the case's order (negative sequence), since only the home broker sequences the case.
  mutating func fireAlarms(_ context: AlarmContext) throws -> [CommittedEvent] {
    guard let rules else { return [] }
    let due = try Int64.fetchAll(
      db, sql: "SELECT DISTINCT case_number FROM clocks WHERE next_at IS NOT NULL AND next_at <= ? ORDER BY 1",
      arguments: [now])
    var committed: [CommittedEvent] = []
    let resolver = EscalationResolver(directory: context.directory)
    for number in due {
      guard
        var record = try Row.fetchOne(
          db, sql: "SELECT \(SQLiteStore.caseColumns) FROM cases WHERE number = ?", arguments: [number]
        ).map(SQLiteStore.caseRecord)
      else { continue }
      var clocks = try loadClocks(number)
      let alerts = rules.planner(for: record.workflow, drill: record.drill).fire(at: now, clocks: &clocks)
      try replaceClocks(clocks, caseNumber: number)
      for alert in alerts {
        var supervisors: [AgencyID] = []
        if case .escalation(_, _, let targets) = alert.kind {
          supervisors = resolver.resolve(
            targets, sender: record.sender, receiver: record.addressees.first ?? record.sender
          ).filter(isLocal)
          for agency in supervisors where !record.supervisors.contains(agency) {
            // A party named by the ladder (e.g. the copied procuratorate) keeps its party role and
            // is also a supervisor: it may acknowledge the escalation.
            if record.role(of: agency) == nil {
              try db.execute(
                sql: "INSERT OR REPLACE INTO case_parties(agency, case_number, role) VALUES (?,?,?)",
                arguments: [agency.rawValue, number, PartyRole.supervisor.rawValue])
            }
            record.supervisors.append(agency)
          }
        }
        let replica = remoteHome(of: record.id) != nil
        if !replica { record.lastSequence += 1 }
        record.updatedAt = now
        try db.execute(
          sql: "UPDATE cases SET supervisors = ?, updated_at = ?, last_sequence = ? WHERE number = ?",
          arguments: [SQLiteStore.list(record.supervisors), now, record.lastSequence, number])
        let isWarning = alert.kind == .warning
        let event = try appendEvent(
          caseID: record.id, caseNumber: number, sequence: replica ? -(eventSeq + 1) : record.lastSequence,
          action: isWarning ? "warn" : "escalate", actor: context.actor, operatorName: nil, state: record.state,
          key: "", content: context.encode(alert, supervisors, rules.policies[alert.policyID]), signature: [])
        let recipients = record.parties.filter { agency, role in
          isLocal(agency) && (role != .supervisor || (!isWarning && supervisors.contains(agency)))
        }
        let deliveries = try deliver(event, to: recipients)
        committed.append(CommittedEvent(event: event, caseRecord: record, deliveries: deliveries, duplicate: false))
      }
    }
    return committed
  }
}
