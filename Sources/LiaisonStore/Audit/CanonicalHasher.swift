import Crypto

/// SHA-256 of a ``CanonicalEncoder`` encoding, computed without building the encoding: each field's
/// length prefix and bytes go straight into the hash. Same result as hashing `CanonicalEncoder.bytes`
/// (a test checks it); used on the store's write path, where every event and acknowledgement is
/// hashed twice.
struct CanonicalHasher {
  private var hasher = SHA256()

  mutating func append(_ field: [UInt8]) {
    length(field.count)
    field.withUnsafeBytes { hasher.update(bufferPointer: $0) }
  }

  mutating func append(_ text: String) {
    var text = text
    text.withUTF8 { utf8 in
      length(utf8.count)
      hasher.update(bufferPointer: UnsafeRawBufferPointer(utf8))
    }
  }

  mutating func append(_ number: Int64) {
    length(8)
    withUnsafeBytes(of: number.bigEndian) { hasher.update(bufferPointer: $0) }
  }

  private mutating func length(_ count: Int) {
    withUnsafeBytes(of: UInt64(count).bigEndian) { hasher.update(bufferPointer: $0) }
  }

  consuming func finalize() -> [UInt8] {
    Array(hasher.finalize())
  }
}
