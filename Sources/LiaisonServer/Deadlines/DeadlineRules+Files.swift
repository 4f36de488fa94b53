import Foundation
import LiaisonCore

extension DeadlineRules {
  /// Loads every `*.yaml` policy file of `policies` and every `cn-*.yaml` calendar of `calendars`.
  /// - Throws: `LIAISON_CONFIG_INVALID` naming the file, line and reason of the first problem.
  public static func load(policies: String, calendars: String) throws -> DeadlineRules {
    func yamlFiles(_ folder: String, prefix: String = "") throws -> [(name: String, text: String)] {
      guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
        throw LiaisonError(.configInvalid, "cannot read the folder '\(folder)'")
      }
      return try names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".yaml") }.sorted().map {
        (name: "\(folder)/\($0)", text: try String(contentsOfFile: "\(folder)/\($0)", encoding: .utf8))
      }
    }
    let policySet = try PolicySet(files: try yamlFiles(policies))
    let years = try yamlFiles(calendars, prefix: "cn-").map { file throws(LiaisonError) in
      try CalendarYear(yaml: file.text, file: file.name)
    }
    return DeadlineRules(policies: policySet, calendar: try WorkingCalendar(years: years))
  }
}
