import Foundation
import LiaisonContract
import LiaisonCore
import LiaisonSecurity
import LiaisonWire
import SwiftASN1
import SwiftProtobuf
import X509

/// Translates between the store's federation records and the Federation wire messages, and checks
/// what a peer sends before the store sees it: a peer speaks only for its own region.
enum FederationCodec {
  // MARK: Outbound

  /// The wire form of a queued item.
  static func wire(_ item: OutboundItem) throws -> Liaison_V1_FederationItem {
    var wire = Liaison_V1_FederationItem()
    wire.id = UInt64(item.id)
    wire.queuedAtMs = item.queuedAt
    switch item.kind {
    case .event(let event, let record, let recipients, let deadlineStart, let attachments):
      wire.event = .with {
        $0.case = replicatedCase(record)
        $0.eventID = event.id
        $0.sequence = UInt64(max(event.sequence, 0))
        $0.action = event.action.rawValue
        $0.actor = event.actor.rawValue
        $0.actorOperator = event.operatorName ?? ""
        $0.timeMs = event.time
        $0.state = event.state
        $0.idempotencyKey = event.idempotencyKey
        $0.content = Data(event.content)
        $0.signature = Data(event.signature)
        $0.recipients = recipients.map { party in
          .with {
            $0.agency = party.agency.rawValue
            $0.role = party.role.rawValue
          }
        }
        $0.clockStartMs = deadlineStart ?? 0
        $0.attachments = attachments
      }
    case .action(let payload):
      wire.action = try Liaison_V1_ForwardedAction(serializedBytes: payload)
    case .refusal(let refusal):
      wire.refusal = .with {
        $0.caseID = refusal.caseID
        $0.actor = refusal.actor.rawValue
        $0.action = refusal.action.rawValue
        $0.idempotencyKey = refusal.idempotencyKey
        $0.takenAtMs = refusal.takenAt
        $0.error = .with {
          $0.code = refusal.code
          $0.message = refusal.message
        }
      }
    case .delivered(let notice):
      wire.delivered = .with {
        $0.caseID = notice.caseID
        $0.agency = notice.agency.rawValue
        $0.deliveredAtMs = notice.deliveredAt
      }
    }
    return wire
  }

  /// The encoding of an action forwarded to the case's home broker.
  static func forwardedAction(
    _ request: Liaison_V1_ActRequest, by principal: Principal, takenAt: Int64, certificate: Certificate?
  ) -> [UInt8] {
    let message = Liaison_V1_ForwardedAction.with {
      $0.request = request
      $0.actor = principal.agency.rawValue
      $0.actorOperator = principal.operatorName ?? ""
      $0.takenAtMs = takenAt
      if let certificate, let der = try? Self.der(certificate) { $0.certificate = Data(der) }
    }
    return (try? message.serializedBytes()) ?? []
  }

  private static func replicatedCase(_ record: CaseRecord) -> Liaison_V1_ReplicatedCase {
    .with {
      $0.id = record.id
      $0.channel = record.channel.rawValue
      $0.workflow = record.workflow
      $0.state = record.state
      $0.sender = record.sender.rawValue
      $0.senderOperator = record.operatorName ?? ""
      $0.addressees = record.addressees.map(\.rawValue)
      $0.copies = record.copies.map(\.rawValue)
      $0.title = record.title
      $0.drill = record.drill
      $0.confidentiality = Int32(record.confidentiality)
      $0.openedAtMs = record.openedAt
    }
  }

  // MARK: Inbound

  /// Decodes and checks one item received from `peer`. Anything the peer may not send becomes
  /// `.refused` (reported back, never stored); a forwarded action that fails validation becomes
  /// `.invalidAction` (refused back to the actor).
  static func inbound(
    _ item: Liaison_V1_FederationItem, from peer: String, validator: RequestValidator, now: Int64
  ) -> InboundItem {
    let id = Int64(item.id)
    do throws(LiaisonError) {
      switch item.kind {
      case .event(let event):
        return InboundItem(id: id, kind: .event(try replica(event)))
      case .action(let action):
        return InboundItem(id: id, kind: try forwarded(action, from: peer, validator: validator, now: now))
      case .refusal(let refusal):
        let notice = ForwardedRefusal(
          caseID: refusal.caseID, actor: try agency(refusal.actor, "refusal.actor"), action: CaseAction(refusal.action),
          idempotencyKey: refusal.idempotencyKey, takenAt: refusal.takenAtMs, code: refusal.error.code,
          message: refusal.error.message)
        guard notice.actor.region != peer else {
          throw LiaisonError(.federationRefused, "broker \(peer) refused an action of its own region's agency")
        }
        return InboundItem(id: id, kind: .refusal(notice, content: refusalContent(notice)))
      case .delivered(let delivered):
        let agency = try agency(delivered.agency, "delivered.agency")
        guard agency.region == peer else {
          throw LiaisonError(.federationRefused, "broker \(peer) reported a delivery to \(agency), outside its region")
        }
        return InboundItem(
          id: id,
          kind: .delivered(
            DeliveryNotice(caseID: delivered.caseID, agency: agency, deliveredAt: delivered.deliveredAtMs)))
      case nil:
        throw LiaisonError(.fieldRequired, "a federation item carries an event, action, refusal or delivery")
      }
    } catch {
      return InboundItem(id: id, kind: .refused(error))
    }
  }

  private static func replica(_ event: Liaison_V1_ReplicatedEvent) throws(LiaisonError) -> ReplicaCommand {
    let wire = event.case
    guard let channel = Channel(rawValue: wire.channel) else {
      throw LiaisonError(.fieldInvalid, "unknown channel '\(wire.channel)'", field: "event.case.channel")
    }
    var record = CaseRecord(
      id: wire.id, channel: channel, state: wire.state, sender: try agency(wire.sender, "event.case.sender"),
      operatorName: wire.senderOperator.isEmpty ? nil : wire.senderOperator,
      addressees: try wire.addressees.map { id throws(LiaisonError) in try agency(id, "event.case.addressees") },
      copies: try wire.copies.map { id throws(LiaisonError) in try agency(id, "event.case.copies") },
      title: wire.title, drill: wire.drill, confidentiality: Int(wire.confidentiality), openedAt: wire.openedAtMs,
      updatedAt: event.timeMs, lastSequence: Int64(event.sequence), workflow: wire.workflow)
    record.supervisors = []
    guard event.sequence > 0 else {
      throw LiaisonError(.fieldInvalid, "a replicated event has a sequence from 1", field: "event.sequence")
    }
    let stored = EventRecord(
      seq: 0, id: event.eventID, caseID: wire.id, sequence: Int64(event.sequence), action: CaseAction(event.action),
      actor: try agency(event.actor, "event.actor"),
      operatorName: event.actorOperator.isEmpty ? nil : event.actorOperator,
      time: event.timeMs, state: event.state, idempotencyKey: event.idempotencyKey, content: Array(event.content),
      signature: Array(event.signature))
    let recipients = try event.recipients.map { recipient throws(LiaisonError) in
      guard let role = PartyRole(rawValue: recipient.role) else {
        throw LiaisonError(.fieldInvalid, "unknown role '\(recipient.role)'", field: "event.recipients.role")
      }
      return Party(try agency(recipient.agency, "event.recipients.agency"), role)
    }
    for digest in event.attachments where digest.count != 64 || Hex.decode(digest) == nil {
      throw LiaisonError(.fieldInvalid, "'\(digest)' is not a SHA-256 in hex", field: "event.attachments")
    }
    return ReplicaCommand(
      caseRecord: record, event: stored, recipients: recipients,
      deadlineStart: event.clockStartMs == 0 ? nil : event.clockStartMs, attachments: event.attachments)
  }

  /// A peer region's agency acting on a case homed here: validated as if the agency had called
  /// this broker, against the certificate it signed with, at the time it acted.
  private static func forwarded(
    _ action: Liaison_V1_ForwardedAction, from peer: String, validator: RequestValidator, now: Int64
  ) throws(LiaisonError) -> InboundItem.Kind {
    let actor = try agency(action.actor, "action.actor")
    guard actor.region == peer else {
      throw LiaisonError(.federationRefused, "broker \(peer) forwarded an action of \(actor), outside its region")
    }
    // An action is never dated after it arrives.
    let takenAt = min(action.takenAtMs, now)
    let principal = Principal(agency: actor, operatorName: action.actorOperator.isEmpty ? nil : action.actorOperator)
    do {
      let certificate = action.certificate.isEmpty ? nil : try certificate(action.certificate, of: actor)
      var command = try validator.actCommand(action.request, from: principal, certificate: certificate, now: takenAt)
      command.takenAt = takenAt
      return .action(command)
    } catch {
      return .invalidAction(
        ForwardedRefusal(
          caseID: action.request.caseID, actor: actor, action: CaseAction(action.request.action),
          idempotencyKey: action.request.idempotencyKey, takenAt: takenAt, code: error.code.rawValue,
          message: error.message))
    }
  }

  /// The actor's certificate, which must name the actor.
  private static func certificate(_ der: Data, of actor: AgencyID) throws(LiaisonError) -> Certificate {
    guard let certificate = try? Certificate(derEncoded: Array(der)),
      CertificateIdentity.agencyURIs(of: certificate).compactMap(Principal.init(uri:)).contains(where: {
        $0.agency == actor
      })
    else {
      throw LiaisonError(.signatureInvalid, "the forwarded certificate does not name \(actor)", field: "signature")
    }
    return certificate
  }

  /// The stored content of a refusal notice.
  static func refusalContent(_ refusal: ForwardedRefusal) -> [UInt8] {
    EventContent.encode(
      body: nil,
      actionBody: .with {
        $0.refusal = .with {
          $0.action = refusal.action.rawValue
          $0.idempotencyKey = refusal.idempotencyKey
          $0.takenAt = .init(millis: refusal.takenAt)
          $0.code = refusal.code
          $0.message = refusal.message
        }
      }, attachments: [])
  }

  private static func agency(_ raw: String, _ field: String) throws(LiaisonError) -> AgencyID {
    guard let agency = AgencyID(raw) else {
      throw LiaisonError(.fieldInvalid, "'\(raw)' is not an agency id", field: field)
    }
    return agency
  }

  private static func der(_ certificate: Certificate) throws -> [UInt8] {
    var serializer = DER.Serializer()
    try serializer.serialize(certificate)
    return serializer.serializedBytes
  }
}
