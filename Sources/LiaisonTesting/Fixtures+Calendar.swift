import Foundation
import LiaisonCore

extension Fixtures {
  /// Path of the 2026 calendar file.
  public static var calendar2026Path: String { "\(repositoryRoot)/Deploy/calendar/cn-2026.yaml" }

  /// The working calendar built from Deploy/calendar/cn-2026.yaml.
  public static func calendar() throws -> WorkingCalendar {
    let text = try String(contentsOfFile: calendar2026Path, encoding: .utf8)
    return try WorkingCalendar(years: [CalendarYear(yaml: text, file: "cn-2026.yaml")])
  }

  /// A date known to be valid.
  public static func date(_ text: String) -> LocalDate {
    guard let date = LocalDate(text) else { preconditionFailure("bad fixture date \(text)") }
    return date
  }
}
