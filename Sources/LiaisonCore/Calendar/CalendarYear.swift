/// The official holiday schedule of one year (the State Council General Office's notice): the rest
/// periods and the make-up working days (调休上班) that fall on weekends.
public struct CalendarYear: Hashable, Sendable {
  /// A named rest period, both ends inclusive.
  public struct Holiday: Hashable, Sendable {
    /// Its name, e.g. 国庆节.
    public var name: String
    /// First day off.
    public var from: LocalDate
    /// Last day off.
    public var to: LocalDate

    public init(name: String, from: LocalDate, to: LocalDate) {
      self.name = name
      self.from = from
      self.to = to
    }
  }

  /// The year.
  public let year: Int
  /// Where the schedule comes from (notice title and date).
  public let source: String
  /// The rest periods.
  public let holidays: [Holiday]
  /// Weekend days that are working days.
  public let workdays: Set<LocalDate>
  /// Every day off of the rest periods.
  public let restDays: Set<LocalDate>

  /// Checks the schedule: every date lies in `year`, periods run forwards, make-up days are weekend
  /// days and do not fall inside a rest period.
  public init(year: Int, source: String, holidays: [Holiday], workdays: Set<LocalDate>) throws(LiaisonError) {
    var rest: Set<LocalDate> = []
    for holiday in holidays {
      guard holiday.from.year == year, holiday.to.year == year || holiday.to.year == year + 1 else {
        throw LiaisonError(.configInvalid, "holiday \(holiday.name) (\(holiday.from)–\(holiday.to)) is not in \(year)")
      }
      guard holiday.from <= holiday.to else {
        throw LiaisonError(
          .configInvalid, "holiday \(holiday.name) ends (\(holiday.to)) before it starts (\(holiday.from))")
      }
      var day = holiday.from
      while day <= holiday.to {
        rest.insert(day)
        day = day.adding(days: 1)
      }
    }
    for day in workdays {
      guard day.year == year else { throw LiaisonError(.configInvalid, "make-up working day \(day) is not in \(year)") }
      guard day.isWeekend else {
        throw LiaisonError(.configInvalid, "make-up working day \(day) is a weekday; only weekend days can be made up")
      }
      guard !rest.contains(day) else {
        throw LiaisonError(.configInvalid, "make-up working day \(day) lies inside a rest period")
      }
    }
    self.year = year
    self.source = source
    self.holidays = holidays
    self.workdays = workdays
    restDays = rest
  }
}
