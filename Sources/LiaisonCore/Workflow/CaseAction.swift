/// The name of an event of a case: an action an agency takes (`receipt`, `forward` …, the
/// `Broker.Act` `action`), the opening `submit`, or one the broker raises (`warn`, `escalate`,
/// `refused`), plus the pseudo-event `delivered` that starts receipt deadlines. Typed so that a
/// misspelt name is a compile error; the workflow tables (``WorkflowTable``) list which exist.
public struct CaseAction: RawRepresentable, Hashable, Comparable, Sendable, Codable, ExpressibleByStringLiteral,
  CustomStringConvertible
{
  public let rawValue: String

  public init(rawValue: String) {
    self.rawValue = rawValue
  }

  public init(_ rawValue: String) {
    self.rawValue = rawValue
  }

  public init(stringLiteral value: String) {
    rawValue = value
  }

  public init(from decoder: any Decoder) throws {
    rawValue = try decoder.singleValueContainer().decode(String.self)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }

  public var description: String { rawValue }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

  // MARK: Events every workflow has

  /// The opening of a case.
  public static let submit: Self = "submit"
  /// The first acknowledgement, by an addressee, of the case's `submit` or of a `forward` to it
  /// (not an event of the log: it drives deadlines only).
  public static let delivered: Self = "delivered"
  /// A remark by any party, in any state.
  public static let comment: Self = "comment"
  /// A supervisor acknowledging the alerts it received: their repeats stop.
  public static let acknowledgeEscalation: Self = "acknowledge_escalation"

  // MARK: Raised by the broker

  /// A deadline runs out soon (to the parties).
  public static let warn: Self = "warn"
  /// A deadline was missed (to the supervisors of the ladder's level and the parties).
  public static let escalate: Self = "escalate"
  /// The home broker refused an action forwarded from another region (a notice to the actor).
  public static let refused: Self = "refused"

  // MARK: Actions the engine treats specially

  /// Signing for the case (签收).
  public static let receipt: Self = "receipt"
  /// Passing the case to another agency (转送): the destination becomes an addressee.
  public static let forward: Self = "forward"
  /// The sender withdraws the case.
  public static let withdraw: Self = "withdraw"
  /// A dispute respondent's statement.
  public static let respond: Self = "respond"

  /// True for events the broker raises itself (clients cannot send them).
  public var isRaisedByBroker: Bool { self == .warn || self == .escalate || self == .refused }
}
