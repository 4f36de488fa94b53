/// The directory id of an agency: `region.code[.sub…]`, lower-case ASCII letters, digits and
/// underscores separated by dots, e.g. `tj.scjg`, `tj.hp.sfj`, `bj.gaj`.
public struct AgencyID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
  /// The id as written in the directory.
  public let rawValue: String

  /// Validates and wraps an id; returns `nil` when it is not of the form `region.code[.sub…]`.
  public init?(_ rawValue: String) {
    let parts = rawValue.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count >= 2, rawValue.utf8.count <= 64 else { return nil }
    for part in parts {
      guard !part.isEmpty,
        part.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F })
      else { return nil }
    }
    self.rawValue = rawValue
  }

  /// The region prefix (`tj`, `bj`, `he`).
  public var region: String { String(rawValue.prefix { $0 != "." }) }

  public var description: String { rawValue }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

  public init(from decoder: any Decoder) throws {
    let raw = try decoder.singleValueContainer().decode(String.self)
    guard let id = AgencyID(raw) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "'\(raw)' is not an agency id (region.code)"))
    }
    self = id
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }
}
