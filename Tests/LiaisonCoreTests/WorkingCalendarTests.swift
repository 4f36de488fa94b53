import LiaisonCore
import LiaisonTesting
import Testing

@Suite("Working-day calendar")
struct WorkingCalendarTests {
  let calendar: WorkingCalendar

  init() throws {
    calendar = try Fixtures.calendar()
  }

  func d(_ text: String) -> LocalDate { Fixtures.date(text) }

  @Test("dates convert to and from days and know their weekday")
  func dates() {
    #expect(d("1970-01-01").daysSinceEpoch == 0)
    #expect(LocalDate(daysSinceEpoch: 20_603) == d("2026-05-30"))
    #expect(d("2026-10-10").weekday == 6, "Saturday")
    #expect(d("2026-09-20").weekday == 7, "Sunday")
    #expect(d("2026-02-28").adding(days: 1) == d("2026-03-01"))
    #expect(d("2028-02-28").adding(days: 1) == d("2028-02-29"))
    #expect(LocalDate("2026-02-30") == nil)
    #expect(LocalDate("2026-2-3") == nil)
  }

  @Test("2026 has 248 working days: 19 weekdays off and 6 weekend days worked, as notified")
  func year2026() {
    var working = 0
    var weekdaysOff: [String] = []
    var weekendsWorked: [String] = []
    var day = d("2026-01-01")
    while day.year == 2026 {
      let works = calendar.isWorkingDay(day)
      if works { working += 1 }
      if !works, !day.isWeekend { weekdaysOff.append(day.description) }
      if works, day.isWeekend { weekendsWorked.append(day.description) }
      day = day.adding(days: 1)
    }
    #expect(working == 248)
    #expect(
      weekdaysOff == [
        "2026-01-01", "2026-01-02", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
        "2026-02-23", "2026-04-06", "2026-05-01", "2026-05-04", "2026-05-05", "2026-06-19", "2026-09-25",
        "2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07",
      ])
    #expect(weekendsWorked == ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"])
  }

  /// workflows.md §8.3: (start, period, working-day result, natural-day result with roll-forward).
  static let workedExamples: [(String, Int, String, String)] = [
    ("2026-09-30", 3, "2026-10-10", "2026-10-08"),
    ("2026-09-29", 3, "2026-10-09", "2026-10-08"),
    ("2026-02-12", 3, "2026-02-24", "2026-02-24"),
    ("2026-02-13", 5, "2026-02-27", "2026-02-24"),
    ("2026-04-30", 3, "2026-05-08", "2026-05-06"),
    ("2026-09-18", 5, "2026-09-24", "2026-09-23"),
    ("2026-06-18", 3, "2026-06-24", "2026-06-22"),
  ]

  @Test("the worked examples of workflows.md §8.3", arguments: workedExamples)
  func workedExample(_ example: (String, Int, String, String)) {
    let (start, period, workingResult, naturalResult) = example
    let working = calendar.addingWorkingDays(period, to: d(start))
    let natural = calendar.addingNaturalDays(period, to: d(start))
    #expect(working.date == d(workingResult))
    #expect(natural.date == d(naturalResult))
    #expect(!working.provisional && !natural.provisional)
  }

  /// One case per 2026 holiday period: a clock started the working day before the period, for each
  /// unit: (start, duration, due date, due time of day if not 24:00).
  static let holidayPeriods: [(String, String, String)] = [
    // New Year: Jan 1–3 off, Sun Jan 4 worked.
    ("2025-12-31 09:00", "1 WD", "2026-01-04 24:00"),
    ("2025-12-31 09:00", "2 ND", "2026-01-04 24:00"),
    ("2025-12-31 09:00", "24 H", "2026-01-01 09:00"),
    // Spring Festival: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 worked.
    ("2026-02-13 10:00", "2 WD", "2026-02-24 24:00"),
    ("2026-02-13 10:00", "3 ND", "2026-02-24 24:00"),
    ("2026-02-13 10:00", "48 H", "2026-02-15 10:00"),
    ("2026-02-26 10:00", "2 WD", "2026-02-28 24:00"),
    // Qingming: Apr 4–6 off.
    ("2026-04-03 10:00", "1 WD", "2026-04-07 24:00"),
    ("2026-04-02 10:00", "2 ND", "2026-04-07 24:00"),
    ("2026-04-03 10:00", "72 H", "2026-04-06 10:00"),
    // Labour Day: May 1–5 off, Sat May 9 worked.
    ("2026-04-30 08:30", "1 WD", "2026-05-06 24:00"),
    ("2026-04-30 08:30", "1 ND", "2026-05-06 24:00"),
    ("2026-05-08 08:30", "1 WD", "2026-05-09 24:00"),
    ("2026-04-30 08:30", "24 H", "2026-05-01 08:30"),
    // Dragon Boat: Jun 19–21 off.
    ("2026-06-18 17:00", "1 WD", "2026-06-22 24:00"),
    ("2026-06-18 17:00", "2 ND", "2026-06-22 24:00"),
    // Mid-Autumn: Sep 25–27 off, Sun Sep 20 worked (National Day make-up).
    ("2026-09-24 09:00", "1 WD", "2026-09-28 24:00"),
    ("2026-09-19 09:00", "1 WD", "2026-09-20 24:00"),
    ("2026-09-24 09:00", "1 ND", "2026-09-28 24:00"),
    // National Day: Oct 1–7 off, Sat Oct 10 worked.
    ("2026-09-30 18:00", "24 H", "2026-10-01 18:00"),
    ("2026-09-30 18:00", "1 WD", "2026-10-08 24:00"),
    ("2026-09-30 18:00", "7 ND", "2026-10-08 24:00"),
    ("2026-10-09 18:00", "1 WD", "2026-10-10 24:00"),
    ("2026-10-09 18:00", "30 MIN", "2026-10-09 18:30"),
    ("2026-10-09 18:00", "90 S", "2026-10-09 18:01:30"),
  ]

  /// Parses "YYYY-MM-DD HH:MM[:SS]" in Shanghai time; "24:00" is the end of that day.
  static func instant(_ text: String) -> Int64 {
    let parts = text.split(separator: " ")
    let date = Fixtures.date(String(parts[0]))
    let time = parts[1].split(separator: ":").map { Int($0)! }
    if time[0] == 24 { return ShanghaiTime.endOfDay(date) }
    return ShanghaiTime.instant(date, hour: time[0], minute: time[1], second: time.count > 2 ? time[2] : 0)
  }

  @Test("clocks across every 2026 holiday period, in hours, natural days and working days", arguments: holidayPeriods)
  func holidayPeriod(_ example: (String, String, String)) throws {
    let (start, duration, expected) = example
    let due = calendar.due(after: try DeadlineDuration(parsing: duration), startingAt: Self.instant(start))
    #expect(due.millis == Self.instant(expected), "\(duration) from \(start)")
    #expect(!due.provisional, "every day counted lies in 2026 (the start day is not counted)")
  }

  @Test("a year without an official schedule uses weekends and fixed holidays, and is provisional")
  func provisionalYear() {
    #expect(!calendar.isWorkingDay(d("2027-01-01")))
    #expect(!calendar.isWorkingDay(d("2027-10-01")))
    #expect(calendar.isWorkingDay(d("2027-02-08")), "Spring Festival 2027 is not known yet")
    let working = calendar.addingWorkingDays(3, to: d("2026-12-30"))
    #expect(working.date == d("2027-01-05"))
    #expect(working.provisional)
    let natural = calendar.addingNaturalDays(2, to: d("2026-12-28"))
    #expect(natural.date == d("2026-12-30"))
    #expect(!natural.provisional)
  }

  @Test("durations parse with their unit and refuse anything else")
  func durations() throws {
    #expect(try DeadlineDuration(parsing: "3 ND") == DeadlineDuration(3, .naturalDays))
    #expect(try DeadlineDuration(parsing: "24 h") == DeadlineDuration(24, .hours))
    for bad in ["3", "3 days", "-1 WD", "x WD", ""] {
      #expect(throws: LiaisonError.self) { _ = try DeadlineDuration(parsing: bad) }
    }
  }

  @Test("a wrong calendar file is refused with its file, line and reason")
  func badFiles() {
    let cases: [(String, String)] = [
      ("year: 2026\nholidays:\n  - { name: x, from: 2026-13-01, to: 2026-01-02 }\n", "cal.yaml:3"),
      ("year: 2026\nholidays: []\nworkdays: [2026-01-05]\n", "is a weekday"),
      ("year: 2026\nholidays:\n  - { name: x, from: 2026-01-03, to: 2026-01-01 }\n", "ends"),
      ("year: 2026\nholidays:\n  - { name: x, from: 2025-12-31, to: 2026-01-01 }\n", "is not in 2026"),
      ("holidays: []\n", "year"),
    ]
    for (yaml, expected) in cases {
      do {
        _ = try CalendarYear(yaml: yaml, file: "cal.yaml")
        Issue.record("accepted: \(yaml)")
      } catch {
        #expect(error.message.contains(expected), "\(error.message) should mention \(expected)")
        #expect(error.message.contains("cal.yaml"))
      }
    }
  }
}
