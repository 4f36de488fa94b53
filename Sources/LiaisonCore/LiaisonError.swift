/// An error the broker reports to a caller: a stable ``Code``, a message that says what was wrong and
/// what to do, and optionally the path of the offending field.
///
/// Codes are listed once, in Protocol/SPEC.md ("Error codes"); the edge maps each code to a gRPC
/// status. New codes may be added in any release; existing codes never change meaning.
public struct LiaisonError: Error, Hashable, Sendable, CustomStringConvertible {
  /// A stable, machine-readable error code such as `LIAISON_FIELD_REQUIRED`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// The code as it appears on the wire.
    public let rawValue: String
    /// The gRPC status family this code belongs to.
    public let family: Family

    /// The gRPC status family of a code; the server maps each to the gRPC status of the same name.
    public enum Family: String, Sendable {
      case invalidArgument, notFound, alreadyExists, permissionDenied, unauthenticated
      case failedPrecondition, resourceExhausted, unavailable, internalError
    }

    public init(_ rawValue: String, _ family: Family) {
      self.rawValue = rawValue
      self.family = family
    }

    public var description: String { rawValue }
  }

  /// The stable code.
  public var code: Code
  /// What was wrong and what to do.
  public var message: String
  /// The offending field, e.g. `body.referral.case_name`, when one field is at fault.
  public var fieldPath: String?
  /// The rule of the channel policy that refused (`referral.between_departments`,
  /// `default-deny`), for authorization refusals.
  public var rule: String?

  public init(_ code: Code, _ message: String, field: String? = nil) {
    self.code = code
    self.message = message
    self.fieldPath = field
  }

  public var description: String { "\(code.rawValue): \(message)" }

  /// The answer for a case `agency` may not see, whether it is missing or not the agency's: the same
  /// words either way, so case ids cannot be probed by reading or by acting.
  public static func caseNotFound(_ caseID: String, for agency: AgencyID) -> LiaisonError {
    LiaisonError(.caseNotFound, "case '\(caseID)' does not exist or \(agency) is not a party to it", field: "case_id")
  }
}

extension LiaisonError.Code {
  /// A required field is missing or empty.
  public static let fieldRequired = Self("LIAISON_FIELD_REQUIRED", .invalidArgument)
  /// A field has a value outside its allowed set or format.
  public static let fieldInvalid = Self("LIAISON_FIELD_INVALID", .invalidArgument)
  /// The request could not be decoded.
  public static let malformed = Self("LIAISON_MALFORMED", .invalidArgument)
  /// The body does not match the channel of the envelope.
  public static let channelMismatch = Self("LIAISON_CHANNEL_MISMATCH", .invalidArgument)
  /// An addressed or copied agency is not in the directory.
  public static let unknownAgency = Self("LIAISON_UNKNOWN_AGENCY", .notFound)
  /// The case does not exist or the caller may not see it.
  public static let caseNotFound = Self("LIAISON_CASE_NOT_FOUND", .notFound)
  /// The attachment has not been uploaded (or the caller may not read it).
  public static let attachmentNotFound = Self("LIAISON_ATTACHMENT_NOT_FOUND", .notFound)
  /// The uploaded bytes do not match the declared SHA-256.
  public static let attachmentDigestMismatch = Self("LIAISON_ATTACHMENT_DIGEST_MISMATCH", .invalidArgument)
  /// The same idempotency key was used before with a different request.
  public static let idempotencyConflict = Self("LIAISON_IDEMPOTENCY_CONFLICT", .alreadyExists)
  /// The request names a sender other than the caller's certificate.
  public static let senderMismatch = Self("LIAISON_SENDER_MISMATCH", .permissionDenied)
  /// The caller presented no usable client certificate.
  public static let unauthenticated = Self("LIAISON_UNAUTHENTICATED", .unauthenticated)
  /// The caller's certificate names an agency that is not in the directory.
  public static let agencyNotInDirectory = Self("LIAISON_AGENCY_NOT_IN_DIRECTORY", .permissionDenied)
  /// The caller is not a party to the case.
  public static let notAParty = Self("LIAISON_NOT_A_PARTY", .permissionDenied)
  /// The action is not allowed in the case's current state.
  public static let actionNotAllowed = Self("LIAISON_ACTION_NOT_ALLOWED", .failedPrecondition)
  /// A body, batch or attachment exceeds a configured limit.
  public static let tooLarge = Self("LIAISON_TOO_LARGE", .resourceExhausted)
  /// The broker is shutting down or its store is unavailable; retry with the same idempotency key.
  public static let unavailable = Self("LIAISON_UNAVAILABLE", .unavailable)
  /// An unexpected failure inside the broker; the request was not committed.
  public static let internalError = Self("LIAISON_INTERNAL", .internalError)
  /// A configuration, directory or policy file is invalid.
  public static let configInvalid = Self("LIAISON_CONFIG_INVALID", .failedPrecondition)

  /// The channel policy does not allow this sender, addressee or copy; the message names the rule.
  public static let notAuthorized = Self("LIAISON_NOT_AUTHORIZED", .permissionDenied)
  /// The agency sent more requests than its rate limit allows; others are unaffected.
  public static let rateLimited = Self("LIAISON_RATE_LIMITED", .resourceExhausted)
  /// This action must be signed by the acting agency and carries no signature.
  public static let signatureRequired = Self("LIAISON_SIGNATURE_REQUIRED", .invalidArgument)
  /// The signature does not verify against the acting agency's certificate.
  public static let signatureInvalid = Self("LIAISON_SIGNATURE_INVALID", .permissionDenied)
  /// A discipline clue's body or action body must be sealed to the commission and is not.
  public static let sealingRequired = Self("LIAISON_SEALING_REQUIRED", .invalidArgument)

  /// A peer broker sent an item it may not send: an event of a case it is not the home of, for a
  /// case with no party in this region, or an action by an agency outside its region.
  public static let federationRefused = Self("LIAISON_FEDERATION_REFUSED", .permissionDenied)
  /// The agency belongs to a region served by another (peer) broker; it must connect there.
  public static let wrongRegion = Self("LIAISON_WRONG_REGION", .failedPrecondition)

  /// Every code, in registry order (Protocol/SPEC.md lists the same table).
  public static let registry: [Self] = [
    .fieldRequired, .fieldInvalid, .malformed, .channelMismatch, .unknownAgency, .caseNotFound,
    .attachmentNotFound, .attachmentDigestMismatch, .idempotencyConflict, .senderMismatch,
    .unauthenticated, .agencyNotInDirectory, .notAParty, .actionNotAllowed, .tooLarge, .unavailable,
    .internalError, .configInvalid, .notAuthorized, .rateLimited, .signatureRequired, .signatureInvalid,
    .sealingRequired, .federationRefused, .wrongRegion,
  ]
}
