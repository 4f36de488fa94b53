import Foundation

/// A fresh folder under the system temporary directory, removed by ``remove()``.
public struct TemporaryDirectory: Sendable {
  /// Its path.
  public let path: String

  public init(prefix: String = "liaison-test") throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    path = url.path
  }

  /// A path inside it.
  public func file(_ name: String) -> String { "\(path)/\(name)" }

  /// Deletes it and everything in it.
  public func remove() {
    try? FileManager.default.removeItem(atPath: path)
  }
}
