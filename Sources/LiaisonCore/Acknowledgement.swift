/// A subscriber's acknowledgement of one delivery, as the store records it.
public struct Acknowledgement: Hashable, Sendable {
  /// The delivery.
  public var id: Int64
  /// How many times it was sent.
  public var attempts: Int
  /// When it was acknowledged (ms since the epoch).
  public var at: Int64
  /// The case, when this acknowledgement is the transport delivery of the case to a receiver (the
  /// `delivered` event that starts receipt clocks): the first acknowledgement, by an addressee, of a
  /// `submit` or `forward` event. `nil` otherwise.
  public var deliveredCase: String?
  /// The acknowledging agency (recorded in the audit chain).
  public var agency: AgencyID?

  public init(id: Int64, attempts: Int, at: Int64, deliveredCase: String? = nil, agency: AgencyID? = nil) {
    self.id = id
    self.agency = agency
    self.attempts = attempts
    self.at = at
    self.deliveredCase = deliveredCase
  }
}
