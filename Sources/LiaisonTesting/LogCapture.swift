import Logging
import Synchronization

/// Keeps every log line of a test broker (message and metadata, at every level) so a test can
/// check what the logs contain.
public final class LogCapture: Sendable {
  private let lines = Mutex<[String]>([])

  public init() {}

  /// Everything logged so far, one line per entry.
  public var text: String { lines.withLock { $0.joined(separator: "\n") } }

  /// A handler that appends to this capture.
  public func handler() -> Handler { Handler(capture: self) }

  func append(_ line: String) { lines.withLock { $0.append(line) } }

  /// The log handler.
  public struct Handler: LogHandler {
    let capture: LogCapture
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
      get { metadata[key] }
      set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
      let merged = metadata.merging(event.metadata ?? [:]) { $1 }
      capture.append("\(event.level) \(event.message) \(merged)")
    }
  }
}
