/// An agency of one region acknowledged the delivery of a case homed in another: the home broker
/// starts the same receipt clocks at the same time.
public struct DeliveryNotice: Codable, Hashable, Sendable {
  /// The case.
  public var caseID: String
  /// The receiving agency.
  public var agency: AgencyID
  /// When it acknowledged (ms since the epoch).
  public var deliveredAt: Int64

  public init(caseID: String, agency: AgencyID, deliveredAt: Int64) {
    self.caseID = caseID
    self.agency = agency
    self.deliveredAt = deliveredAt
  }
}
