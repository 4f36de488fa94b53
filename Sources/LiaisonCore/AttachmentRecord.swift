/// An uploaded attachment's metadata.
public struct AttachmentRecord: Hashable, Sendable {
  /// Lower-case hex SHA-256 of the bytes.
  public var sha256: String
  /// Size in bytes.
  public var size: Int64
  /// MIME type as declared.
  public var mediaType: String
  /// Title as declared.
  public var title: String
  /// The agency that uploaded it.
  public var uploadedBy: AgencyID
  /// Upload time (ms since the epoch).
  public var uploadedAt: Int64

  public init(sha256: String, size: Int64, mediaType: String, title: String, uploadedBy: AgencyID, uploadedAt: Int64) {
    self.sha256 = sha256
    self.size = size
    self.mediaType = mediaType
    self.title = title
    self.uploadedBy = uploadedBy
    self.uploadedAt = uploadedAt
  }
}

/// Who may read an attachment, as the store knows it: whether the agency uploaded it, and the cases
/// that reference it on which the agency is a party. The decision is ``allows``.
public struct AttachmentAccess: Sendable {
  /// True when the agency uploaded it.
  public var uploader: Bool
  /// The cases that reference it on which the agency is a party.
  public var cases: [CaseRecord]

  public init(uploader: Bool, cases: [CaseRecord]) {
    self.uploader = uploader
    self.cases = cases
  }

  /// Whether `agency` may read it: its uploader, or a party that may see the content of a case that
  /// references it (not a supervisor of a work secret).
  public func allows(_ agency: AgencyID) -> Bool {
    uploader || cases.contains { $0.showsContent(to: agency) }
  }

  /// The restricted cases through which `agency` reads it (each read is an audit link).
  public func restrictedCases(for agency: AgencyID) -> [String] {
    cases.filter { $0.isRestricted && $0.showsContent(to: agency) }.map(\.id)
  }
}
