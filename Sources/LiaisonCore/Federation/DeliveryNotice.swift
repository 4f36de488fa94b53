/// An agency of one region acknowledged the delivery of a case homed in another: the home broker
/// starts the same receipt deadlines at the same time.
public struct DeliveryNotice: Hashable, Sendable {
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

  /// A compact encoding for the outbound queue: `case id`, agency and time, one per line.
  public var encoded: [UInt8] { Array("\(caseID)\n\(agency.rawValue)\n\(deliveredAt)".utf8) }

  /// Reads ``encoded``; `nil` when malformed.
  public init?(encoded: [UInt8]) {
    let parts = String(decoding: encoded, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    guard parts.count == 3, let agency = AgencyID(String(parts[1])), let at = Int64(parts[2]) else { return nil }
    self.init(caseID: String(parts[0]), agency: agency, deliveredAt: at)
  }
}
