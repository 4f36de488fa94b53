import Yams

extension CalendarYear {
  /// Parses a calendar file (Deploy/calendar/cn-YYYY.yaml):
  ///
  /// ```yaml
  /// year: 2026
  /// source: 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)
  /// holidays:
  ///   - { name: 元旦, from: 2026-01-01, to: 2026-01-03 }
  /// workdays: [2026-01-04]
  /// ```
  ///
  /// - Throws: `LIAISON_CONFIG_INVALID` naming the file, the line and the reason.
  public init(yaml: String, file: String) throws(LiaisonError) {
    let reader = YAMLReader(file: file)
    let root = try reader.root(yaml)
    guard let year = try reader.optionalInt(root, "year") else {
      throw reader.error(root, "missing required key 'year'")
    }
    func date(_ node: Node) throws(LiaisonError) -> LocalDate {
      let text = try reader.scalar(node)
      guard let date = LocalDate(text) else { throw reader.error(node, "'\(text)' is not a date (YYYY-MM-DD)") }
      return date
    }
    var holidays: [Holiday] = []
    for node in try reader.sequence(root, "holidays") {
      guard let from = reader.value(node, "from"), let to = reader.value(node, "to") else {
        throw reader.error(node, "a holiday needs 'from' and 'to' dates")
      }
      holidays.append(Holiday(name: try reader.string(node, "name"), from: try date(from), to: try date(to)))
    }
    var workdays: Set<LocalDate> = []
    for node in try reader.optionalSequence(root, "workdays") {
      workdays.insert(try date(node))
    }
    do {
      try self.init(
        year: year, source: try reader.optionalString(root, "source") ?? "", holidays: holidays, workdays: workdays)
    } catch {
      throw LiaisonError(.configInvalid, "\(file): \(error.message)")
    }
  }
}
