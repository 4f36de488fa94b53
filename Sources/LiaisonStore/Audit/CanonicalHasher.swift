import Crypto

/// SHA-256 of a ``CanonicalEncoder`` encoding, computed without keeping the whole encoding: fields
/// are gathered in a small buffer that goes into the hash whenever it fills (and large fields go
/// straight in). Same result as hashing `CanonicalEncoder.bytes` (a test checks it); used on the
/// store's write path, where every event, case and acknowledgement is hashed, most of them as a few
/// dozen short fields, each of which cost a call into the hash function when fed one by one.
struct CanonicalHasher {
  private var hasher = SHA256()
  private var buffer: [UInt8] = []
  private static let capacity = 1024

  init() {
    buffer.reserveCapacity(Self.capacity)
  }

  mutating func append(_ field: [UInt8]) {
    length(field.count)
    field.withUnsafeBytes { add($0) }
  }

  mutating func append(_ text: String) {
    var text = text
    text.withUTF8 { utf8 in
      length(utf8.count)
      add(UnsafeRawBufferPointer(utf8))
    }
  }

  mutating func append(_ number: Int64) {
    length(8)
    withUnsafeBytes(of: number.bigEndian) { add($0) }
  }

  private mutating func length(_ count: Int) {
    withUnsafeBytes(of: UInt64(count).bigEndian) { add($0) }
  }

  private mutating func add(_ bytes: UnsafeRawBufferPointer) {
    if buffer.count + bytes.count > Self.capacity {
      flush()
      if bytes.count > Self.capacity {
        hasher.update(bufferPointer: bytes)
        return
      }
    }
    buffer.append(contentsOf: bytes)
  }

  private mutating func flush() {
    guard !buffer.isEmpty else { return }
    buffer.withUnsafeBytes { hasher.update(bufferPointer: $0) }
    buffer.removeAll(keepingCapacity: true)
  }

  consuming func finalize() -> [UInt8] {
    flush()
    return Array(hasher.finalize())
  }
}
