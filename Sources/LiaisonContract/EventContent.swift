import LiaisonCore
import LiaisonWire
import SwiftProtobuf

/// The stored encoding of an event's typed content: a partial `Liaison_V1_Event` holding the channel
/// body or the action body and the attachment references (the envelope is rebuilt from the event
/// and case columns when the event is read).
public enum EventContent {
  /// Encodes the content of an event.
  public static func encode(
    body: Liaison_V1_CaseBody?, actionBody: Liaison_V1_ActionBody?, attachments: [Liaison_V1_AttachmentRef]
  ) -> [UInt8] {
    var partial = Liaison_V1_Event()
    if let body { partial.body = body }
    if let actionBody { partial.actionBody = actionBody }
    partial.envelope.attachments = attachments
    return (try? partial.serializedBytes()) ?? []
  }
}

/// The content of the events the broker raises, in the wire encoding: the engine's
/// ``NoticeEncoder``.
public struct ProtobufNotices: NoticeEncoder {
  public init() {}

  public func escalation(_ alert: DeadlineAlert, supervisors: [AgencyID], policy: DeadlinePolicy?, drill: Bool)
    -> [UInt8]
  {
    var notice = Liaison_V1_EscalationNotice()
    notice.party = alert.party?.rawValue ?? ""
    notice.drill = drill
    notice.deadlineID = alert.policyID
    notice.dueAt = Google_Protobuf_Timestamp(millis: alert.dueAt)
    notice.overdueMs = alert.overdueBy
    notice.basis = policy?.basis ?? ""
    notice.supervisors = supervisors.map(\.rawValue)
    switch alert.kind {
    case .warning:
      notice.warning = true
    case .escalation(let level, let count, _):
      notice.level = UInt32(level + 1)
      notice.repeat = UInt32(count)
    }
    var body = Liaison_V1_ActionBody()
    body.escalation = notice
    return EventContent.encode(body: nil, actionBody: body, attachments: [])
  }
}
