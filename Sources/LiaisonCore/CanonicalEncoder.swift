/// Length-prefixed concatenation (each field preceded by its length, 8 bytes big-endian): no two
/// different field lists encode to the same bytes. Used for audit links and action signatures.
public struct CanonicalEncoder: Sendable {
  public init() {}

  /// The encoding so far.
  public private(set) var bytes: [UInt8] = []

  /// Appends bytes.
  public mutating func append(_ field: [UInt8]) {
    append(length: field.count)
    bytes += field
  }

  /// Appends UTF-8 text.
  public mutating func append(_ text: String) { append(Array(text.utf8)) }

  /// Appends a 64-bit integer (8 bytes, big-endian).
  public mutating func append(_ number: Int64) {
    append(length: 8)
    withUnsafeBytes(of: number.bigEndian) { bytes += $0 }
  }

  private mutating func append(length: Int) {
    withUnsafeBytes(of: UInt64(length).bigEndian) { bytes += $0 }
  }
}
