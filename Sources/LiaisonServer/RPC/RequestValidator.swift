import Foundation
import LiaisonContract
import LiaisonCore
import LiaisonSecurity
import LiaisonWire
import SwiftASN1
import SwiftProtobuf
import X509

/// Checks requests against the contract and the directory (fields, sizes, signatures, sealing) and
/// turns them into the engine's commands; who may do what is the engine's decision. Every refusal
/// names the field at fault; nothing is stored for a refused request.
struct RequestValidator: Sendable {
  let directory: Directory
  let limits: BrokerConfiguration.Limits

  // MARK: Submit

  func submitCommand(_ request: Liaison_V1_SubmitRequest, from principal: Principal) throws(LiaisonError)
    -> SubmitCommand
  {
    let envelope = request.envelope
    if !envelope.sender.isEmpty, envelope.sender != principal.agency.rawValue {
      throw LiaisonError(
        .senderMismatch,
        "envelope.sender is '\(envelope.sender)' but the client certificate is for \(principal.agency); the sender is always the certificate's agency (leave the field empty)",
        field: "envelope.sender")
    }
    guard let channel = Channel(wire: envelope.channel) else {
      throw LiaisonError(
        .fieldRequired, "envelope.channel must be one of referral, dispute, criminal_transfer, discipline_clue",
        field: "envelope.channel")
    }
    guard channel != .escalation else {
      throw LiaisonError(.fieldInvalid, "escalation cases are raised by the broker only", field: "envelope.channel")
    }
    try checkKey(request.idempotencyKey)
    let addressees = try agencies(envelope.addressees, field: "envelope.addressees", required: true)
    var copies = try agencies(envelope.copies, field: "envelope.copies", required: false)
    // The respondents of a dispute take part as copies (they answer the coordinator's notices).
    if case .dispute(let application) = request.body.kind {
      for respondent in try agencies(application.respondents, field: "body.dispute.respondents", required: true)
      where !copies.contains(respondent) {
        copies.append(respondent)
      }
    }
    if case .dispute(let application) = request.body.kind {
      for (index, raw) in application.respondents.enumerated() {
        guard let respondent = AgencyID(raw), respondent == principal.agency || addressees.contains(respondent) else {
          continue
        }
        throw LiaisonError(
          .fieldInvalid,
          "\(respondent) cannot respond to this dispute: it is \(respondent == principal.agency ? "the applicant" : "the coordinator")",
          field: "body.dispute.respondents[\(index)]")
      }
    }
    guard addressees.count + copies.count <= limits.maxParties else {
      throw LiaisonError(
        .tooLarge, "a case has at most \(limits.maxParties) addressees and copies together",
        field: "envelope.addressees")
    }
    if addressees.contains(principal.agency) {
      throw LiaisonError(.fieldInvalid, "an agency cannot address a case to itself", field: "envelope.addressees")
    }
    let title = try CaseBodyRules.check(request.body, channel: channel, clue: .sealed)
    let direction: ChannelRule.Direction? =
      channel == .criminalTransfer ? (request.body.criminalTransfer.direction == .reverse ? .reverse : .forward) : nil
    if case .sealed(let sealed) = request.body.kind {
      try checkSealed(sealed, for: addressees + copies.filter { !addressees.contains($0) && $0 != principal.agency })
    }
    let attachments = try digests(envelope.attachments, field: "envelope.attachments")
    let content = EventContent.encode(body: request.body, actionBody: nil, attachments: envelope.attachments)
    try checkSize(content)
    // One pass over the content: its digest serves the audit chain and the idempotency hash.
    let contentDigest = RequestDigest.sha256(content)
    // The request's identity for idempotency: its typed content (a sealed clue's stated identity,
    // since every sealing differs) plus the addressing it chose.
    var identity = contentDigest
    if case .sealed(let sealed) = request.body.kind, !sealed.identity.isEmpty {
      guard sealed.identity.count == 32 else {
        throw LiaisonError(.fieldInvalid, "body.sealed.identity is a SHA-256 (32 bytes)", field: "body.sealed.identity")
      }
      identity = Array("clue".utf8) + Array(sealed.identity)
    }
    let addressing = [
      "\(envelope.channel.rawValue)", envelope.addressees.joined(separator: ","),
      envelope.copies.joined(separator: ","),
      "\(envelope.drill)", "\(envelope.confidentiality.rawValue)",
    ].joined(separator: "|")
    var command = SubmitCommand(
      sender: principal.agency, operatorName: principal.operatorName, channel: channel,
      workflow: CaseStateMachine.workflow(
        for: channel, assistance: request.body.referral.kind == .assistance,
        reverse: request.body.criminalTransfer.direction == .reverse),
      addressees: addressees,
      copies: copies.filter { !addressees.contains($0) && $0 != principal.agency }, title: title,
      drill: envelope.drill,
      confidentiality: envelope.confidentiality == .unspecified
        ? Liaison_V1_Confidentiality.internal.rawValue : envelope.confidentiality.rawValue,
      idempotencyKey: request.idempotencyKey, requestHash: RequestDigest.sha256(identity + Array(addressing.utf8)),
      attachments: attachments, content: content,
      deadlineStart: request.body.criminalTransfer.approval.hasApprovedAt
        ? request.body.criminalTransfer.approval.approvedAt.seconds * 1000 : nil, direction: direction)
    command.contentDigest = contentDigest
    return command
  }

  /// Every party must be able to open a sealed body: one sealed key per party, for the key the
  /// directory publishes.
  private func checkSealed(_ sealed: Liaison_V1_SealedBody, for parties: [AgencyID]) throws(LiaisonError) {
    guard !sealed.ciphertext.isEmpty else {
      throw LiaisonError(.fieldRequired, "body.sealed.ciphertext is empty", field: "body.sealed.ciphertext")
    }
    for party in parties {
      guard let key = directory[party]?.sealingKey else {
        throw LiaisonError(
          .fieldInvalid,
          "\(party) publishes no sealing key, so a clue cannot be sealed to it; the operator adds its sealing_key to the directory",
          field: "envelope.addressees")
      }
      guard sealed.recipients.contains(where: { $0.agency == party.rawValue && $0.keyID == ClueSealing.keyID(key) })
      else {
        throw LiaisonError(
          .fieldInvalid,
          "the body is not sealed to \(party)'s published key \(ClueSealing.keyID(key)); fetch its key (GetAgencies) and seal again",
          field: "body.sealed.recipients")
      }
    }
  }

  // MARK: Act

  /// - Parameters:
  ///   - certificate: the caller's verified certificate, against which signatures are checked.
  ///   - now: the broker's time (ms), to bound the signing time.
  func actCommand(
    _ request: Liaison_V1_ActRequest, from principal: Principal, certificate: Certificate?, now: Int64
  ) throws(LiaisonError) -> ActCommand {
    try require(request.caseID, "case_id")
    try require(request.action, "action")
    try checkKey(request.idempotencyKey)
    // Each body member's own required fields; which member an action needs is the workflow's
    // decision, made against the case in the store.
    var forwardTo: AgencyID?
    var registeredAt: Int64?
    let body: WorkflowBody?
    switch request.body.kind {
    case .receipt(let receipt):
      try require(receipt.signerName, "body.receipt.signer_name")
      try require(receipt.signerRole, "body.receipt.signer_role")
      body = .receipt
    case .registration(let registration):
      try require(registration.registrationNumber, "body.registration.registration_number")
      if registration.hasRegisteredAt {
        registeredAt = registration.registeredAt.millis
      }
      body = .registration
    case .decline(let decline):
      guard decline.reason != .unspecified else {
        throw LiaisonError(.fieldRequired, "body.decline.reason is required", field: "body.decline.reason")
      }
      try require(decline.explanation, "body.decline.explanation")
      body = .decline
    case .forward(let forward):
      try require(forward.to, "body.forward.to")
      guard let destination = directory.agency(forward.to) else {
        throw LiaisonError(
          .unknownAgency, "agency '\(forward.to)' is not in the directory; check the id (e.g. tj.hp.gafj)",
          field: "body.forward.to")
      }
      forwardTo = destination.id
      try require(forward.reason, "body.forward.reason")
      body = .forward
    case .comment(let comment):
      try require(comment.text, "body.comment.text")
      body = .comment
    case .informationRequest(let request):
      guard request.items.contains(where: { !$0.allSatisfy(\.isWhitespace) }) else {
        throw LiaisonError(
          .fieldRequired, "an information request lists at least one item", field: "body.information_request.items")
      }
      body = .informationRequest
    case .informationSupply:
      body = .informationSupply
    case .decision(let decision):
      try require(decision.kind, "body.decision.kind")
      body = .decision
    case .withdrawal(let withdrawal):
      try require(withdrawal.reason, "body.withdrawal.reason")
      body = .withdrawal
    case .result(let result):
      try require(result.kind, "body.result.kind")
      body = .result
    case .escalation:
      throw LiaisonError(.fieldInvalid, "escalation notices are raised by the broker only", field: "body.escalation")
    case .refusal:
      throw LiaisonError(.fieldInvalid, "refusal notices are raised by the broker only", field: "body.refusal")
    case nil:
      body = nil
    }
    let attachments = try digests(request.attachments, field: "attachments")
    let content = EventContent.encode(body: nil, actionBody: request.body, attachments: request.attachments)
    try checkSize(content)
    // One pass over the content: its digest serves the audit chain and the idempotency hash.
    let contentDigest = RequestDigest.sha256(content)
    let signature = try checkSignature(request, certificate: certificate, now: now)
    var command = ActCommand(
      caseID: request.caseID, actor: principal.agency, operatorName: principal.operatorName,
      action: CaseAction(request.action),
      body: body, forwardTo: forwardTo, idempotencyKey: request.idempotencyKey,
      // The action's identity: what was signed, not the signature (a retry signs again, with new
      // randomness and time).
      requestHash: RequestDigest.sha256(contentDigest + Array("\(request.caseID)|\(request.action)|".utf8)),
      attachments: attachments, content: content, signature: signature, registeredAt: registeredAt)
    command.contentDigest = contentDigest
    return command
  }

  /// Checks the action's signature when it needs one (or carries one) and returns what is stored:
  /// the signature with the certificate it verified against, so it can be checked offline later.
  private func checkSignature(_ request: Liaison_V1_ActRequest, certificate: Certificate?, now: Int64)
    throws(LiaisonError) -> [UInt8]
  {
    let required = ActionSigning.requiresSignature(request.body)
    guard request.hasSignature else {
      if required {
        throw LiaisonError(
          .signatureRequired,
          "the \(request.action) action (a receipt, acceptance, refusal, decision or result) must be signed by the acting agency (LiaisonClient signs it when it has the key)",
          field: "signature")
      }
      return []
    }
    guard let certificate else {
      throw LiaisonError(.unauthenticated, "no verified client certificate to check the signature against")
    }
    try ActionSigning.verify(
      request.signature, certificate: certificate, caseID: request.caseID, action: request.action, body: request.body,
      attachments: request.attachments)
    let skew = abs(request.signature.signedAt.millis - now)
    guard skew <= limits.maxSignatureSkewMillis else {
      throw LiaisonError(
        .fieldInvalid,
        "signature.signed_at is \(skew / 1000) s away from the broker's clock; at most \(limits.maxSignatureSkewMillis / 1000) s",
        field: "signature.signed_at")
    }
    var stored = request.signature
    var serializer = DER.Serializer()
    do {
      try serializer.serialize(certificate)
    } catch {
      throw LiaisonError(.internalError, "cannot encode the signer certificate: \(error)")
    }
    stored.certificate = Data(serializer.serializedBytes)
    return (try? stored.serializedBytes()) ?? []
  }

  // MARK: Pieces

  private func require(_ value: String, _ field: String) throws(LiaisonError) {
    try CaseBodyRules.require(value, field)
  }

  private func checkSize(_ content: [UInt8]) throws(LiaisonError) {
    guard content.count <= limits.maxBodyBytes else {
      throw LiaisonError(
        .tooLarge, "the body is \(content.count) bytes; the limit is \(limits.maxBodyBytes)", field: "body")
    }
  }

  private func checkKey(_ key: String) throws(LiaisonError) {
    guard key.utf8.count <= 128 else {
      throw LiaisonError(.fieldInvalid, "idempotency_key is longer than 128 bytes", field: "idempotency_key")
    }
  }

  private func agencies(_ raw: [String], field: String, required: Bool) throws(LiaisonError) -> [AgencyID] {
    if required, raw.isEmpty {
      throw LiaisonError(.fieldRequired, "\(field) needs at least one agency id", field: field)
    }
    var result: [AgencyID] = []
    for (index, id) in raw.enumerated() {
      guard let agency = directory.agency(id) else {
        throw LiaisonError(
          .unknownAgency, "agency '\(id)' is not in the directory; check the id (e.g. tj.hp.scjg)",
          field: "\(field)[\(index)]")
      }
      if !result.contains(agency.id) { result.append(agency.id) }
    }
    return result
  }

  private func digests(_ refs: [Liaison_V1_AttachmentRef], field: String) throws(LiaisonError) -> [String] {
    var result: [String] = []
    for (index, ref) in refs.enumerated() {
      guard RequestDigest.isHexSHA256(ref.sha256) else {
        throw LiaisonError(
          .fieldInvalid, "sha256 must be 64 lower-case hexadecimal characters", field: "\(field)[\(index)].sha256")
      }
      result.append(ref.sha256)
    }
    return result
  }
}
