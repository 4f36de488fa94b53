import Crypto
import Foundation
import LiaisonContract
import LiaisonCore
import LiaisonWire
import SwiftASN1
import SwiftProtobuf
import X509

/// Signatures of business stages (SPEC.md §4a): receipts, acceptances (registration), refusals
/// (decline), decisions (filing decisions, opinions) and results are signed by the acting agency with
/// its certificate's key, so that the record is evidence without trusting the broker.
///
/// The signed bytes are the canonical encoding (``CanonicalEncoder``) of
/// `"liaison-signature-v1", case id, action, action body, attachment digests…, signed_at (ms)`,
/// where the action body is its protobuf encoding (fields in field-number order, no unknown fields).
/// The signature is ECDSA P-256 with SHA-256, DER. Who signed is the certificate: its
/// `liaison://agency/<id>` must be the acting agency.
public enum ActionSigning {
  /// Whether an action with this body must be signed.
  public static func requiresSignature(_ body: Liaison_V1_ActionBody) -> Bool {
    switch body.kind {
    case .receipt, .registration, .decline, .decision, .result: true
    default: false
    }
  }

  /// The bytes that are signed.
  public static func payload(
    caseID: String, action: String, body: Liaison_V1_ActionBody, attachments: [Liaison_V1_AttachmentRef],
    signedAt: Int64
  ) -> [UInt8] {
    var encoder = CanonicalEncoder()
    encoder.append("liaison-signature-v1")
    encoder.append(caseID)
    encoder.append(action)
    encoder.append((try? body.serializedBytes()) ?? [UInt8]())
    encoder.append(Int64(attachments.count))
    for attachment in attachments { encoder.append(attachment.sha256) }
    encoder.append(signedAt)
    return encoder.bytes
  }

  /// Signs an action request in place with the agency's key, at `now` (ms since the epoch).
  public static func sign(_ request: inout Liaison_V1_ActRequest, with key: P256.Signing.PrivateKey, now: Int64) throws
  {
    let bytes = payload(
      caseID: request.caseID, action: request.action, body: request.body, attachments: request.attachments,
      signedAt: now)
    request.signature = .with {
      $0.signature = (try? key.signature(for: bytes).derRepresentation) ?? Data()
      $0.signedAt = Google_Protobuf_Timestamp(millis: now)
    }
  }

  /// Checks a signature against `certificate` (the acting agency's); throws the precise refusal.
  public static func verify(
    _ signature: Liaison_V1_ActionSignature, certificate: Certificate, caseID: String, action: String,
    body: Liaison_V1_ActionBody, attachments: [Liaison_V1_AttachmentRef]
  ) throws(LiaisonError) {
    guard !signature.signature.isEmpty else {
      throw LiaisonError(.signatureRequired, "signature.signature is empty", field: "signature.signature")
    }
    guard signature.hasSignedAt else {
      throw LiaisonError(.fieldRequired, "signature.signed_at is required", field: "signature.signed_at")
    }
    let bytes = payload(
      caseID: caseID, action: action, body: body, attachments: attachments, signedAt: signature.signedAt.millis)
    guard let key = P256.Signing.PublicKey(certificate.publicKey),
      let ecdsa = try? P256.Signing.ECDSASignature(derRepresentation: signature.signature),
      key.isValidSignature(ecdsa, for: bytes)
    else {
      throw LiaisonError(
        .signatureInvalid,
        "the signature does not verify against certificate \(certificate.serialNumber) over case \(caseID), action \(action), this body and signed_at; sign exactly what you send",
        field: "signature.signature")
    }
  }

  /// What an offline check of one signed event found.
  public struct Evidence: Sendable {
    /// The event.
    public var eventID: String
    /// Its action.
    public var action: String
    /// The acting agency.
    public var actor: String
    /// When it was signed (ms) and when the broker recorded it (ms).
    public var signedAt: Int64
    public var recordedAt: Int64
    /// The signer certificate's agency URI, serial and validity.
    public var signer: String
    public var serial: String
    public var validity: String
    /// `nil` when everything holds; otherwise why not.
    public var problem: String?
  }

  /// Checks every signed event of a case, and flags events that had to be signed but are not.
  public static func check(events: [Liaison_V1_Event], authorities: [Certificate]) -> [Evidence] {
    events.compactMap { event in
      if !event.signature.signature.isEmpty { return check(event, authorities: authorities) }
      guard requiresSignature(event.actionBody) else { return nil }
      return Evidence(
        eventID: event.envelope.eventID, action: event.action, actor: event.envelope.sender, signedAt: 0,
        recordedAt: event.envelope.time.millis, signer: "", serial: "", validity: "",
        problem: "a stage that must be signed carries no signature")
    }
  }

  /// Checks one event's signature offline: the signature over the event's own action, body and
  /// attachments; the certificate issued by one of `authorities` (each region's CA, where regions
  /// run their own PKI) and valid when signed; its agency the actor.
  public static func check(_ event: Liaison_V1_Event, authorities: [Certificate]) -> Evidence {
    let signature = event.signature
    var evidence = Evidence(
      eventID: event.envelope.eventID, action: event.action, actor: event.envelope.sender,
      signedAt: signature.signedAt.millis,
      recordedAt: event.envelope.time.millis, signer: "", serial: "", validity: "", problem: nil)
    guard let certificate = try? Certificate(derEncoded: Array(signature.certificate)) else {
      evidence.problem = "no signer certificate recorded"
      return evidence
    }
    evidence.signer = CertificateIdentity.agencyURIs(of: certificate).first ?? "(no agency URI)"
    evidence.serial = Hex.encode(certificate.serialNumber.bytes, separator: ":")
    evidence.validity = "\(certificate.notValidBefore) – \(certificate.notValidAfter)"
    do {
      try verify(
        signature, certificate: certificate, caseID: event.envelope.caseID, action: event.action,
        body: event.actionBody, attachments: event.envelope.attachments)
    } catch {
      evidence.problem = error.message
      return evidence
    }
    let signedAt = Date(timeIntervalSince1970: Double(evidence.signedAt) / 1000)
    let issued = authorities.contains {
      $0.subject == certificate.issuer && $0.publicKey.isValidSignature(certificate.signature, for: certificate)
    }
    if !issued {
      evidence.problem = "the signer certificate was not issued by the given CA"
    } else if signedAt < certificate.notValidBefore || signedAt > certificate.notValidAfter {
      evidence.problem = "the signer certificate was not valid when the action was signed"
    } else if Principal(uri: evidence.signer)?.agency.rawValue != event.envelope.sender {
      evidence.problem = "the certificate is \(evidence.signer), not the acting agency \(event.envelope.sender)"
    }
    return evidence
  }
}
