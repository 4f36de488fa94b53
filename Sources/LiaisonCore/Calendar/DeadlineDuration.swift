/// The length of a statutory deadline: a number and a unit, written as in the policy files (`24 H`,
/// `3 ND`, `10 WD`, and `30 S` or `5 MIN` for drills and tests).
public struct DeadlineDuration: Hashable, Sendable, CustomStringConvertible {
  /// How a deadline counts.
  public enum Unit: String, Hashable, Sendable, CaseIterable {
    /// Hours, running continuously through nights and holidays.
    case hours = "H"
    /// Natural days: start day excluded; a last day that is a rest day moves to the next working day.
    case naturalDays = "ND"
    /// Working days of the State Council schedule; make-up weekend days count.
    case workingDays = "WD"
    /// Minutes (drills and tests).
    case minutes = "MIN"
    /// Seconds (drills and tests).
    case seconds = "S"
  }

  /// The number of units; never negative.
  public var value: Int
  /// The unit.
  public var unit: Unit

  public init(_ value: Int, _ unit: Unit) {
    precondition(value >= 0, "durations are never negative")
    self.value = value
    self.unit = unit
  }

  /// Parses `<number> <unit>`; throws an error that names the allowed units.
  public init(parsing text: String) throws(LiaisonError) {
    let parts = text.split(separator: " ", omittingEmptySubsequences: true)
    let units = Unit.allCases.map(\.rawValue).joined(separator: ", ")
    guard parts.count == 2, let value = Int(parts[0]) else {
      throw LiaisonError(.configInvalid, "duration '\(text)' is not '<number> <unit>' (units: \(units))")
    }
    guard value >= 0 else { throw LiaisonError(.configInvalid, "duration '\(text)' is negative") }
    guard let unit = Unit(rawValue: String(parts[1]).uppercased()) else {
      throw LiaisonError(.configInvalid, "duration '\(text)' has unknown unit '\(parts[1])' (units: \(units))")
    }
    self.init(value, unit)
  }

  /// The length as continuous time, a day counted as 24 hours (for spacing alerts, not for due times).
  public var continuousMillis: Int64 {
    let unit: Int64 =
      switch self.unit {
      case .seconds: 1000
      case .minutes: 60_000
      case .hours: 3_600_000
      case .naturalDays, .workingDays: 86_400_000
      }
    return Int64(value) * unit
  }

  public var description: String { "\(value) \(unit.rawValue)" }
}
