/// Which days are working days in mainland China, from the official schedules it was given; for a
/// year without one, weekends and the fixed-date statutory holidays only, and every answer that
/// depends on such a year is marked provisional.
public struct WorkingCalendar: Sendable {
  /// Fixed-date statutory holidays (National Holidays Measures Art 2, 2024 revision): New Year's Day,
  /// Labour Day (May 1–2) and National Day (Oct 1–3). The lunar holidays and the bridging days of a
  /// year are only known from its notice.
  public static let fixedHolidays: [(month: Int, day: Int)] = [(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)]

  private let years: [Int: CalendarYear]

  /// A calendar from official schedules; two schedules for one year are refused.
  public init(years: [CalendarYear]) throws(LiaisonError) {
    var byYear: [Int: CalendarYear] = [:]
    for year in years {
      guard byYear.updateValue(year, forKey: year.year) == nil else {
        throw LiaisonError(.configInvalid, "two calendars for \(year.year)")
      }
    }
    self.years = byYear
  }

  /// The years with an official schedule.
  public var officialYears: [Int] { years.keys.sorted() }

  /// True when `year` has an official schedule.
  public func isOfficial(_ year: Int) -> Bool { years[year] != nil }

  /// True when agencies work on `date`.
  public func isWorkingDay(_ date: LocalDate) -> Bool {
    if let year = years[date.year] {
      if year.workdays.contains(date) { return true }
      if year.restDays.contains(date) { return false }
      return !date.isWeekend
    }
    if Self.fixedHolidays.contains(where: { $0.month == date.month && $0.day == date.day }) { return false }
    return !date.isWeekend
  }

  /// The date `count` working days after `start` (start day excluded; make-up days count).
  public func addingWorkingDays(_ count: Int, to start: LocalDate) -> (date: LocalDate, provisional: Bool) {
    var date = start
    var remaining = count
    var provisional = false
    while remaining > 0 {
      date = date.adding(days: 1)
      provisional = provisional || !isOfficial(date.year)
      if isWorkingDay(date) { remaining -= 1 }
    }
    return (date, provisional)
  }

  /// The number of working days after `start` up to and including `end` (0 when `end` is not later).
  public func workingDays(after start: LocalDate, through end: LocalDate) -> Int {
    var count = 0
    var date = start.adding(days: 1)
    while date <= end {
      if isWorkingDay(date) { count += 1 }
      date = date.adding(days: 1)
    }
    return count
  }

  /// The date `count` natural days after `start` (start day excluded); a last day that is not a
  /// working day moves forward to the next working day.
  public func addingNaturalDays(_ count: Int, to start: LocalDate) -> (date: LocalDate, provisional: Bool) {
    var date = start.adding(days: count)
    var provisional = !isOfficial(date.year)
    while !isWorkingDay(date) {
      date = date.adding(days: 1)
      provisional = provisional || !isOfficial(date.year)
    }
    return (date, provisional)
  }

  /// When a deadline of `duration` started at `start` (ms since the epoch) runs out. Day periods end at
  /// 24:00 Asia/Shanghai of their last day; hours, minutes and seconds run continuously.
  public func due(after duration: DeadlineDuration, startingAt start: Int64) -> (millis: Int64, provisional: Bool) {
    switch duration.unit {
    case .seconds: return (start + Int64(duration.value) * 1000, false)
    case .minutes: return (start + Int64(duration.value) * 60_000, false)
    case .hours: return (start + Int64(duration.value) * 3_600_000, false)
    case .naturalDays:
      let (date, provisional) = addingNaturalDays(duration.value, to: ShanghaiTime.date(of: start))
      return (ShanghaiTime.endOfDay(date), provisional)
    case .workingDays:
      let (date, provisional) = addingWorkingDays(duration.value, to: ShanghaiTime.date(of: start))
      return (ShanghaiTime.endOfDay(date), provisional)
    }
  }
}
