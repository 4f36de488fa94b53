/// Who is calling: an agency and, optionally, the operator or system acting for it. Taken only from
/// the verified client certificate (URI SAN `liaison://agency/<id>[/<operator>]`).
public struct Principal: Hashable, Sendable, CustomStringConvertible {
  /// The calling agency.
  public var agency: AgencyID
  /// The operator or system name, if the certificate carries one.
  public var operatorName: String?

  public init(agency: AgencyID, operatorName: String? = nil) {
    self.agency = agency
    self.operatorName = operatorName
  }

  /// The URI that identifies this principal in a certificate.
  public var uri: String {
    "liaison://agency/\(agency.rawValue)" + (operatorName.map { "/\($0)" } ?? "")
  }

  /// Parses `liaison://agency/<id>[/<operator>]`; `nil` for any other URI.
  public init?(uri: String) {
    let prefix = "liaison://agency/"
    guard uri.hasPrefix(prefix) else { return nil }
    let rest = uri.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
    guard rest.count == 1 || rest.count == 2, let agency = AgencyID(String(rest[0])) else { return nil }
    if rest.count == 2 {
      let name = String(rest[1])
      guard !name.isEmpty, name.count <= 64,
        name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || "0123456789-_.".unicodeScalars.contains($0) })
      else { return nil }
      self.init(agency: agency, operatorName: name)
    } else {
      self.init(agency: agency)
    }
  }

  public var description: String { uri }
}
