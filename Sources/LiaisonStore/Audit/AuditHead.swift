import Foundation
import LiaisonCore

/// The head of the audit chain as exported for anchoring (a notary, another region's broker, a
/// printed register): if a later verification finds a different hash at this seq, history was
/// rewritten, even if the rewritten chain is consistent in itself.
public struct AuditHead: Codable, Hashable, Sendable {
  /// The link's seq.
  public var seq: Int64
  /// Its hash, hexadecimal.
  public var hash: String
  /// When it was recorded (ms since the epoch).
  public var at: Int64

  public init(_ link: AuditLink) {
    seq = link.seq
    hash = Hex.encode(link.hash)
    at = link.entry.at
  }

  /// As a dictionary, for JSON output.
  public var dictionary: [String: Any] { ["seq": seq, "hash": hash, "at": at] }

  /// One line of JSON.
  public func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }

  /// A problem when the database's link `seq` is not this one.
  public func check(database path: String) throws -> String? {
    guard let link = try AuditVerifier.link(seq: seq, path: path) else {
      return "the anchored head (link \(seq)) is no longer in the chain"
    }
    let found = Hex.encode(link.hash)
    return found == hash
      ? nil : "link \(seq) differs from the anchored head: \(found.prefix(16))… instead of \(hash.prefix(16))…"
  }
}
