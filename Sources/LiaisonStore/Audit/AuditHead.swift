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

  /// The heads in `file`: the JSON object `liaisond audit head` prints, or the JSON lines the
  /// broker appends (`--audit-head-file`), blank lines ignored. Throws, naming the file and the
  /// line, when it cannot be read or a line is not a head.
  public static func read(file: String) throws -> [AuditHead] {
    let text: String
    do {
      text = try String(contentsOfFile: file, encoding: .utf8)
    } catch {
      throw LiaisonError(.configInvalid, "cannot read the head file \(file): \(error.localizedDescription)")
    }
    let decoder = JSONDecoder()
    if let one = try? decoder.decode(AuditHead.self, from: Data(text.utf8)) { return [one] }
    var heads: [AuditHead] = []
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      guard !trimmed.isEmpty else { continue }
      guard let head = try? decoder.decode(AuditHead.self, from: Data(trimmed.utf8)) else {
        throw LiaisonError(
          .configInvalid, "\(file):\(index + 1): not an audit head (a JSON object with seq, hash and at)")
      }
      heads.append(head)
    }
    guard !heads.isEmpty else { throw LiaisonError(.configInvalid, "\(file) holds no audit head") }
    return heads
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
