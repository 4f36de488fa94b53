import Foundation
import GRDB
import LiaisonCore

/// Federation inside the writer's transaction: routing events to peer regions' queues, forwarding
/// actions on cases homed elsewhere, and applying what peers send (SPEC.md §12).
extension BatchWriter {
  /// What a queue row carries besides events.
  enum QueuedItem {
    case action([UInt8])
    case refusal(ForwardedRefusal)
    case delivered(DeliveryNotice)
  }

  /// The home region of a case homed at a peer broker; `nil` for this broker's own cases.
  func remoteHome(of caseID: String) -> String? {
    let home = String(caseID.prefix { $0 != "." })
    return home != region && peers.contains(home) ? home : nil
  }

  /// True when the agency is served here (its region has no peer broker).
  func isLocal(_ agency: AgencyID) -> Bool {
    !peers.contains(agency.region)
  }

  /// The peer regions in which the case has a party.
  func partyRegions(_ record: CaseRecord) -> Set<String> {
    Set(record.parties.map(\.0.region)).intersection(peers)
  }

  /// Sends an event of a case homed here on its way: a delivery to each party of this region but
  /// the actor, and one queued item per peer region holding a party, naming its recipients (the
  /// actor of a forwarded action receives its own event as the confirmation).
  mutating func route(_ event: EventRecord, of record: CaseRecord, clockStart: Int64?, attachments: [String])
    throws -> [DeliveryRecord]
  {
    let parties = record.parties
    guard !peers.isEmpty else { return try deliver(event, to: parties.filter { $0.0 != event.actor }) }
    var local: [(AgencyID, PartyRole)] = []
    var remote: [String: [Party]] = [:]
    for (agency, role) in parties {
      if !isLocal(agency) {
        remote[agency.region, default: []].append(Party(agency, role))
      } else if agency != event.actor {
        local.append((agency, role))
      }
    }
    for (peer, recipients) in remote.sorted(by: { $0.key < $1.key }) {
      try queueEvent(event.seq, recipients: recipients, clockStart: clockStart, attachments: attachments, to: peer)
    }
    return try deliver(event, to: local)
  }

  /// Queues the event `seq` for `peer`.
  mutating func queueEvent(
    _ seq: Int64, recipients: [Party], clockStart: Int64?, attachments: [String] = [], to peer: String
  ) throws {
    try insertOutbound.execute(
      .text(peer), .text(OutboundKind.event.rawValue), .int(seq), .text(Party.encode(recipients)),
      clockStart.map { .int($0) } ?? .null,
      .blob(Array(attachments.joined(separator: ",").utf8)), .int(now))
    queuedPeers.insert(peer)
  }

  /// Queues an action, refusal or delivery notice for `peer`.
  mutating func queue(_ item: QueuedItem, to peer: String) throws {
    let kind: OutboundKind
    let payload: [UInt8]
    switch item {
    case .action(let bytes): (kind, payload) = (.action, bytes)
    case .refusal(let refusal): (kind, payload) = (.refusal, Array(try JSONEncoder().encode(refusal)))
    case .delivered(let notice): (kind, payload) = (.delivered, notice.encoded)
    }
    try insertOutbound.execute(
      .text(peer), .text(kind.rawValue), .int(0), .text(""), .null, .blob(payload), .int(now))
    queuedPeers.insert(peer)
  }

  /// Queues every event of a case for a peer region that has just joined it (no recipients: the
  /// region's parties receive the events from their joining on); the first lists every attachment
  /// of the case.
  mutating func queueHistory(ofCase number: Int64, to peer: String) throws {
    let seqs = try Int64.fetchAll(
      db, sql: "SELECT seq FROM events WHERE case_number = ? AND sequence > 0 ORDER BY seq", arguments: [number])
    var attachments = try String.fetchAll(
      db, sql: "SELECT sha256 FROM case_attachments WHERE case_number = ? ORDER BY sha256", arguments: [number])
    for seq in seqs {
      try queueEvent(seq, recipients: [], clockStart: nil, attachments: attachments, to: peer)
      attachments = []
    }
  }

  // MARK: Forwarding

  /// Queues an action on a case homed at `home`; the case's replica must be here with the actor as
  /// a party.
  mutating func forward(_ command: ActCommand, to home: String, payload: [UInt8]) throws -> Result<Void, LiaisonError> {
    guard let record = try loadCase(command.caseID), record.role(of: command.actor) != nil else {
      return .failure(
        LiaisonError(
          .caseNotFound, "case '\(command.caseID)' does not exist or \(command.actor) is not a party to it",
          field: "case_id"))
    }
    try queue(.action(payload), to: home)
    return .success(())
  }

  // MARK: Receiving

  /// Applies the items of `peer` not applied before, and records the last one.
  mutating func applyInbound(_ items: [InboundItem], from peer: String, after: Int64?) throws -> InboundResult {
    var result = InboundResult()
    let last =
      try Int64.fetchOne(db.cachedStatement(sql: "SELECT last_id FROM inbound WHERE peer = ?"), arguments: [peer]) ?? 0
    if let after, last < after {
      result.failure = LiaisonError(
        .unavailable, "an earlier batch from \(peer) was not applied; the peer sends again from it")
      return result
    }
    var highest = last
    for item in items where item.id > last {
      highest = max(highest, item.id)
      switch item.kind {
      case .refused(let error):
        result.refused.append((item.id, error))
      case .event(let replica):
        if let error = try applyReplica(replica, from: peer, into: &result) { result.refused.append((item.id, error)) }
      case .action(let command):
        switch try act(command) {
        case .success(let committed) where committed.duplicate:
          // Sent again (the peer lost our answer): the event goes back so the actor learns it.
          try queueEvent(committed.event.seq, recipients: [], clockStart: nil, to: peer)
        case .success(let committed):
          result.committed.append(committed)
        case .failure(let error):
          try queue(
            .refusal(
              ForwardedRefusal(
                caseID: command.caseID, actor: command.actor, action: command.action,
                idempotencyKey: command.idempotencyKey, takenAt: command.takenAt ?? now, code: error.code.rawValue,
                message: error.message)), to: peer)
        }
      case .invalidAction(let refusal):
        try queue(.refusal(refusal), to: peer)
      case .refusal(let refusal, let content):
        if let committed = try recordRefusal(refusal, content: content) { result.committed.append(committed) }
        let code = LiaisonError.Code.registry.first { $0.rawValue == refusal.code } ?? .actionNotAllowed
        result.verdicts.append(
          ForwardVerdict(
            actor: refusal.actor, idempotencyKey: refusal.idempotencyKey,
            result: .failure(LiaisonError(code, refusal.message))))
      case .delivered(let notice):
        guard remoteHome(of: notice.caseID) == nil, let number = try number(ofCase: notice.caseID),
          let context = try caseClockContext(number)
        else {
          result.refused.append(
            (item.id, LiaisonError(.federationRefused, "case \(notice.caseID) is not homed in region \(region)")))
          continue
        }
        try advanceClocks(
          workflow: context.workflow, drill: context.drill, state: context.state, caseNumber: number,
          event: "delivered", at: notice.deliveredAt)
      }
    }
    if highest > last {
      try db.execute(
        sql:
          "INSERT INTO inbound(peer, last_id) VALUES (?, ?) ON CONFLICT(peer) DO UPDATE SET last_id = excluded.last_id",
        arguments: [peer, highest])
    }
    return result
  }

  /// Stores an event of a case homed at `peer` (creating the replica on its first event) and
  /// delivers it to the recipients of this region; an event stored before is skipped. Returns why
  /// the event is refused, if it is.
  private mutating func applyReplica(_ replica: ReplicaCommand, from peer: String, into result: inout InboundResult)
    throws -> LiaisonError?
  {
    var incoming = replica.caseRecord
    let event = replica.event
    guard incoming.id.prefix(while: { $0 != "." }) == peer, event.caseID == incoming.id else {
      return LiaisonError(
        .federationRefused, "broker \(peer) sent an event of case \(incoming.id), which is not homed in region \(peer)")
    }
    let localParties = incoming.parties.filter { $0.0.region == region }
    guard !localParties.isEmpty else {
      return LiaisonError(.federationRefused, "case \(incoming.id) has no party in region \(region)")
    }
    guard replica.recipients.allSatisfy({ recipient in localParties.contains { $0.0 == recipient.agency } }) else {
      return LiaisonError(
        .federationRefused, "an event of case \(incoming.id) names recipients that are not its parties")
    }
    let number: Int64
    if let (known, existing) = try locateCase(incoming.id) {
      number = known
      if let stored = try Row.fetchOne(
        db.cachedStatement(
          sql: "SELECT \(SQLiteStore.eventColumns) FROM events WHERE case_number = ? AND sequence = ?"),
        arguments: [number, event.sequence])
      {
        let before = SQLiteStore.eventRecord(stored)
        // The same place in the case's order holding another event: the home's history is not the
        // one applied here (it was restored from an older backup). Refused, loudly, never merged.
        guard before.id == event.id, before.action == event.action, before.time == event.time,
          before.content == event.content
        else {
          return LiaisonError(
            .federationRefused,
            "case \(incoming.id) #\(event.sequence) is \(event.id) (\(event.action)) at broker \(peer) but \(before.id) (\(before.action)) here: the home's history diverged from the one applied here (restored from an older backup?); reconcile by hand"
          )
        }
        // Applied before: only tell a waiting actor.
        if event.actor.region == region, !event.idempotencyKey.isEmpty {
          result.verdicts.append(
            ForwardVerdict(
              actor: event.actor, idempotencyKey: event.idempotencyKey,
              result: .success(
                CommittedEvent(event: before, caseRecord: existing, deliveries: [], duplicate: true))))
        }
        return nil
      }
      incoming.supervisors = existing.supervisors
      incoming.updatedAt = max(existing.updatedAt, event.time)
      incoming.lastSequence = max(existing.lastSequence, event.sequence)
      try db.cachedStatement(
        sql: """
          UPDATE cases SET state = ?, addressees = ?, copies = ?, title = ?, updated_at = ?, last_sequence = ?
          WHERE number = ?
          """
      ).execute(arguments: [
        incoming.state, SQLiteStore.list(incoming.addressees), SQLiteStore.list(incoming.copies), incoming.title,
        incoming.updatedAt, incoming.lastSequence, number,
      ])
    } else {
      caseNumber += 1
      number = caseNumber
      incoming.updatedAt = event.time
      incoming.lastSequence = event.sequence
      try PreparedStatement(
        db, "INSERT INTO cases(\(SQLiteStore.caseColumns), number, home) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
      ).execute(
        .text(incoming.id), .text(incoming.channel.rawValue), .text(incoming.state), .text(incoming.sender.rawValue),
        .optionalText(incoming.operatorName), .text(SQLiteStore.list(incoming.addressees)),
        .text(SQLiteStore.list(incoming.copies)), .text(incoming.title), .int(incoming.drill ? 1 : 0),
        .int(Int64(incoming.confidentiality)), .int(incoming.openedAt), .int(incoming.updatedAt),
        .int(incoming.lastSequence), .text(incoming.workflow), .text(""), .int(number), .text(peer))
    }
    for (agency, role) in localParties {
      try insertParty.execute(.text(agency.rawValue), .int(number), .text(role.rawValue))
    }
    let stored = try appendEvent(
      caseID: incoming.id, caseNumber: number, sequence: event.sequence, action: event.action, actor: event.actor,
      operatorName: event.operatorName, state: event.state, key: event.idempotencyKey, content: event.content,
      signature: event.signature, time: event.time, id: event.id)
    // The same clocks as at the home broker: the same events at the same times.
    try advanceClocks(
      workflow: incoming.workflow, drill: incoming.drill, state: event.state, caseNumber: number, event: event.action,
      at: event.time, startingAt: replica.clockStart)
    try linkAttachments(replica.attachments, caseNumber: number)
    let deliveries = try deliver(stored, to: replica.recipients.map { ($0.agency, $0.role) })
    let committed = CommittedEvent(event: stored, caseRecord: incoming, deliveries: deliveries, duplicate: false)
    if !deliveries.isEmpty { result.committed.append(committed) }
    if event.actor.region == region, !event.idempotencyKey.isEmpty {
      result.verdicts.append(
        ForwardVerdict(actor: event.actor, idempotencyKey: event.idempotencyKey, result: .success(committed)))
    }
    return nil
  }

  /// Stores the home broker's refusal of a forwarded action as a notice to the actor: an event of
  /// the replica outside the case's order (negative sequence, 0 on the wire).
  private mutating func recordRefusal(_ refusal: ForwardedRefusal, content: [UInt8]) throws -> CommittedEvent? {
    guard let (number, record) = try locateCase(refusal.caseID), let role = record.role(of: refusal.actor) else {
      return nil
    }
    let event = try appendEvent(
      caseID: record.id, caseNumber: number, sequence: -(eventSeq + 1), action: "refused", actor: refusal.actor,
      operatorName: nil, state: record.state, key: "", content: content, signature: [])
    let deliveries = try deliver(event, to: [(refusal.actor, role)])
    return CommittedEvent(event: event, caseRecord: record, deliveries: deliveries, duplicate: false)
  }
}
