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
