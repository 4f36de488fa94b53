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
