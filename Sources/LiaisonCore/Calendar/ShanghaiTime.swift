/// Conversions between instants (milliseconds since the epoch, UTC) and Asia/Shanghai local dates
/// and times. China has used UTC+8 without daylight saving since 1991, so this is exact for every
/// date Liaison handles.
public enum ShanghaiTime {
  /// The offset of Asia/Shanghai from UTC, in milliseconds.
  public static let offsetMillis: Int64 = 8 * 3_600_000
  static let dayMillis: Int64 = 86_400_000

  /// The local date of an instant.
  public static func date(of millis: Int64) -> LocalDate {
    let local = millis + offsetMillis
    let days = local >= 0 ? local / dayMillis : (local - dayMillis + 1) / dayMillis
    return LocalDate(daysSinceEpoch: Int(days))
  }

  /// The instant at which a local date begins (00:00 local time).
  public static func startOfDay(_ date: LocalDate) -> Int64 {
    Int64(date.daysSinceEpoch) * dayMillis - offsetMillis
  }

  /// The instant at which a local date ends (24:00 local time, the start of the next day).
  public static func endOfDay(_ date: LocalDate) -> Int64 {
    startOfDay(date.adding(days: 1))
  }

  /// The instant of a local date and time of day.
  public static func instant(_ date: LocalDate, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Int64 {
    startOfDay(date) + Int64(hour) * 3_600_000 + Int64(minute) * 60_000 + Int64(second) * 1000
  }
}
