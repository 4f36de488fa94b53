import Foundation
import LiaisonCore

extension Fixtures {
  /// Path of the 2026 calendar file.
  public static var calendar2026Path: String { "\(repositoryRoot)/Deploy/calendar/cn-2026.yaml" }

  /// The working calendar built from Deploy/calendar/cn-2026.yaml.
  public static func calendar() throws -> WorkingCalendar {
    try WorkingCalendar(years: [calendar2026()])
  }

  /// The shipped 2026 schedule.
  public static func calendar2026() throws -> CalendarYear {
    try CalendarYear(yaml: try String(contentsOfFile: calendar2026Path, encoding: .utf8), file: "cn-2026.yaml")
  }

  /// A stand-in for the 2027 schedule, which is not published yet: New Year's Day rest extended to
  /// Monday 2027-01-04, and Saturday 2027-01-09 a working day. For tests of adding a calendar only.
  public static func hypothetical2027() throws -> CalendarYear {
    try CalendarYear(
      yaml: """
        year: 2027
        source: hypothetical test schedule (not the State Council's)
        holidays:
          - { name: 元旦, from: 2027-01-01, to: 2027-01-04 }
        workdays: [2027-01-09]
        """, file: "cn-2027.yaml")
  }

  /// A date known to be valid.
  public static func date(_ text: String) -> LocalDate {
    guard let date = LocalDate(text) else { preconditionFailure("bad fixture date \(text)") }
    return date
  }
}

extension Fixtures {
  /// The policy files of Deploy/policies, as (name, text).
  public static func policyFiles() throws -> [(name: String, text: String)] {
    let folder = "\(repositoryRoot)/Deploy/policies"
    return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted().map {
      (name: $0, text: try String(contentsOfFile: "\(folder)/\($0)", encoding: .utf8))
    }
  }

  /// The deadline policies of Deploy/policies.
  public static func policies() throws -> PolicySet {
    try PolicySet(files: try policyFiles())
  }
}
