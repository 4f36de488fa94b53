import Crypto

/// SHA-256 helpers used for idempotency hashes and content addressing.
public enum RequestDigest {
  /// SHA-256 of bytes.
  public static func sha256(_ bytes: some Sequence<UInt8>) -> [UInt8] {
    var hasher = SHA256()
    hasher.update(data: Array(bytes))
    return Array(hasher.finalize())
  }

  /// True for a 64-character lower-case hexadecimal string.
  public static func isHexSHA256(_ text: String) -> Bool {
    text.utf8.count == 64 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
  }
}
