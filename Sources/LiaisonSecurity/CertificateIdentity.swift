import LiaisonCore
import X509

/// Reads who a verified peer certificate speaks for. The certificate must already have been verified
/// against the configured CA by the TLS layer; this only interprets its names.
public enum CertificateIdentity {
  /// The principal named by the certificate's `liaison://agency/…` URI SAN, checked against the
  /// directory.
  ///
  /// - Throws: `LIAISON_UNAUTHENTICATED` when there is no such URI (or several), and
  ///   `LIAISON_AGENCY_NOT_IN_DIRECTORY` when the agency is not listed.
  public static func principal(of certificate: Certificate, directory: Directory) throws(LiaisonError) -> Principal {
    let uris = agencyURIs(of: certificate)
    guard uris.count == 1, let principal = Principal(uri: uris[0]) else {
      throw LiaisonError(
        .unauthenticated,
        uris.isEmpty
          ? "the client certificate carries no liaison://agency/<id> URI; ask your operator for an agency certificate"
          : "the client certificate carries \(uris.count) agency URIs or a malformed one; exactly one liaison://agency/<id>[/<operator>] is allowed"
      )
    }
    guard directory[principal.agency] != nil else {
      throw LiaisonError(
        .agencyNotInDirectory,
        "agency \(principal.agency) from the client certificate is not in this broker's directory; ask the operator to add it"
      )
    }
    return principal
  }

  /// Every `liaison://agency/` URI in the subject alternative names.
  public static func agencyURIs(of certificate: Certificate) -> [String] {
    uris(of: certificate).filter { $0.hasPrefix("liaison://agency/") }
  }

  /// Every URI in the subject alternative names.
  public static func uris(of certificate: Certificate) -> [String] {
    guard let names = try? certificate.extensions.subjectAlternativeNames else { return [] }
    return names.compactMap { name in
      if case .uniformResourceIdentifier(let uri) = name { return uri }
      return nil
    }
  }
}
