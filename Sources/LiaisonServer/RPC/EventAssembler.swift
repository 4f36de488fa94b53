import Foundation
import LiaisonContract
import LiaisonCore
import LiaisonWire
import SwiftProtobuf

/// Turns store records into wire messages: the one way a stored event becomes a wire event. The
/// store keeps an event's typed content as the encoding of a partial `Liaison_V1_Event`
/// (``EventContent``); the envelope is rebuilt from the event and case columns.
enum EventAssembler {
  /// The full wire event, decoding the stored content; `redacted`, without the content (bodies,
  /// attachments) but with an alert's notice, which carries ids and times only.
  static func event(_ record: EventRecord, of caseRecord: CaseRecord, redacted: Bool = false) -> Liaison_V1_Event {
    let shown = !redacted || Self.carriesNoCaseContent(record.action)
    return event(
      record, of: caseRecord,
      content: shown
        ? (try? Liaison_V1_Event(serializedBytes: record.content)) ?? Liaison_V1_Event() : Liaison_V1_Event())
  }

  /// The broker's alerts: their content is an `EscalationNotice` (ids, times, supervisors).
  static func carriesNoCaseContent(_ action: CaseAction) -> Bool { action == .warn || action == .escalate }

  /// The full wire event around content the caller already has decoded (a request just committed).
  static func event(_ record: EventRecord, of caseRecord: CaseRecord, content: Liaison_V1_Event) -> Liaison_V1_Event {
    var event = content
    event.envelope.caseID = record.caseID
    event.envelope.eventID = record.id
    event.envelope.channel = caseRecord.channel.wire
    event.envelope.sender = record.actor.rawValue
    event.envelope.operator = record.operatorName ?? ""
    event.envelope.addressees = caseRecord.addressees.map(\.rawValue)
    event.envelope.copies = caseRecord.copies.map(\.rawValue)
    event.envelope.time = Google_Protobuf_Timestamp(millis: record.time)
    event.envelope.idempotencyKey = record.idempotencyKey
    event.envelope.drill = caseRecord.drill
    event.envelope.confidentiality = Liaison_V1_Confidentiality(rawValue: caseRecord.confidentiality) ?? .internal
    // Notices a broker raises on a case homed elsewhere are outside the case's order: sequence 0.
    event.sequence = UInt64(max(record.sequence, 0))
    event.action = record.action.rawValue
    event.state = record.state
    if !record.signature.isEmpty, let signature = try? Liaison_V1_ActionSignature(serializedBytes: record.signature) {
      event.signature = signature
    }
    return event
  }

  /// A case's summary with its next deadline; with `rules`, also its running deadlines (ListCases).
  /// Without `content`, the title (taken from the body) is left out.
  static func summary(
    _ record: CaseRecord, deadlines: [CaseDeadline], rules: DeadlineRules? = nil, now: Int64 = 0, content: Bool = true
  ) -> Liaison_V1_CaseSummary {
    var summary = summary(record)
    if !content { summary.title = "" }
    let running = deadlines.filter { $0.status == .running }.sorted { $0.dueAt < $1.dueAt }
    if let next = running.first {
      summary.nextDeadlineID = next.policyID
      summary.nextDueAt = Google_Protobuf_Timestamp(millis: next.dueAt)
    }
    if let rules {
      summary.openDeadlines = running.map { deadlineStatus($0, of: record, rules: rules, now: now) }
    }
    return summary
  }

  /// A deadline as GetCase and ListCases show it.
  static func deadlineStatus(_ deadline: CaseDeadline, of record: CaseRecord, rules: DeadlineRules?, now: Int64)
    -> Liaison_V1_DeadlineStatus
  {
    let policy = rules?.policies[deadline.policyID]
    var status = deadlineStatus(deadline, policy: policy, drill: record.drill, now: now)
    status.levelReached = UInt32(rules?.levelReached(deadline) ?? 0)
    status.mustAct = (policy?.mustAct(deadline, in: record) ?? record.addressees).map(\.rawValue)
    return status
  }

  static func summary(_ record: CaseRecord) -> Liaison_V1_CaseSummary {
    .with {
      $0.caseID = record.id
      $0.channel = record.channel.wire
      $0.state = record.state
      $0.sender = record.sender.rawValue
      $0.addressees = record.addressees.map(\.rawValue)
      $0.copies = record.copies.map(\.rawValue)
      $0.title = record.title
      $0.openedAt = Google_Protobuf_Timestamp(millis: record.openedAt)
      $0.updatedAt = Google_Protobuf_Timestamp(millis: record.updatedAt)
      $0.lastSequence = UInt64(record.lastSequence)
      $0.drill = record.drill
      $0.confidentiality = Liaison_V1_Confidentiality(rawValue: record.confidentiality) ?? .internal
    }
  }

  static func deliveryStatus(_ record: DeliveryRecord) -> Liaison_V1_DeliveryStatus {
    .with {
      $0.deliveryID = UInt64(record.id)
      $0.eventID = record.eventID
      $0.sequence = UInt64(max(record.sequence, 0))
      $0.agency = record.agency.rawValue
      $0.state = record.acknowledgedAt == nil ? .pending : .acknowledged
      $0.attempts = UInt32(record.attempts)
      $0.lastError = record.lastError
      if let at = record.acknowledgedAt { $0.acknowledgedAt = Google_Protobuf_Timestamp(millis: at) }
    }
  }

  static func deadlineStatus(_ deadline: CaseDeadline, policy: DeadlinePolicy?, drill: Bool, now: Int64)
    -> Liaison_V1_DeadlineStatus
  {
    .with {
      $0.deadlineID = deadline.policyID
      $0.state =
        switch deadline.status {
        case .running: .running
        case .paused: .paused
        case .met: .met
        }
      $0.startedAt = Google_Protobuf_Timestamp(millis: deadline.startedAt)
      if deadline.status == .running { $0.dueAt = Google_Protobuf_Timestamp(millis: deadline.dueAt) }
      if deadline.status == .paused {
        $0.remainingMs = deadline.counting == .continuous ? deadline.remaining : deadline.remaining * 86_400_000
        $0.remaining = deadline.remainingText
      }
      $0.perParty = deadline.party != nil
      $0.metLate = deadline.status == .met && deadline.metLate
      if let metAt = deadline.metAt { $0.metAt = Google_Protobuf_Timestamp(millis: metAt) }
      $0.provisional = deadline.provisional
      $0.overdue = deadline.isOverdue(at: now)
      if let policy {
        $0.duration = (drill ? policy.drillDuration ?? policy.duration : policy.duration).description
        $0.basis = policy.basis
      }
    }
  }

  static func submitResponse(_ committed: CommittedEvent) -> Liaison_V1_SubmitResponse {
    .with {
      $0.caseID = committed.event.caseID
      $0.eventID = committed.event.id
      $0.committedAt = Google_Protobuf_Timestamp(millis: committed.event.time)
      $0.duplicate = committed.duplicate
      $0.state = committed.event.state
    }
  }
}
