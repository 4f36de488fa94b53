import Foundation
import Logging

/// Writes one JSON object per line to standard error, with stable keys: `ts` (ISO 8601, UTC, ms),
/// `level`, `label`, `msg`, then the metadata keys (`agency`, `connection`, `reason` …), sorted.
/// Log lines carry ids, codes and counts, never bodies, keys or personal data.
struct JSONLogHandler: LogHandler {
  let label: String
  var logLevel: Logger.Level = .info
  var metadata: Logger.Metadata = [:]

  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  func log(event: LogEvent) {
    var object: [String: String] = [:]
    for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
      object[key] = "\(value)"
    }
    object["ts"] = Self.timestamp(Date())
    object["level"] = event.level.rawValue
    object["label"] = label
    object["msg"] = "\(event.message)"
    guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
    data.append(0x0A)
    FileHandle.standardError.write(data)
  }

  static func timestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: date)
  }
}
