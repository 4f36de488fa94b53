/// Lower-case hexadecimal text of bytes, and back: digests, keys, certificate serials.
public enum Hex {
  /// `bytes` as lower-case hexadecimal, with `separator` between bytes (e.g. `":"` for serials).
  public static func encode(_ bytes: some Sequence<UInt8>, separator: String = "") -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for (index, byte) in bytes.enumerated() {
      if index > 0 { out += separator.utf8 }
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Bytes from hexadecimal text (either case), or `nil` when it is not hexadecimal.
  public static func decode(_ text: String) -> [UInt8]? {
    let digits = Array(text.utf8)
    guard digits.count % 2 == 0 else { return nil }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(digits.count / 2)
    for index in stride(from: 0, to: digits.count, by: 2) {
      guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
      bytes.append(high << 4 | low)
    }
    return bytes
  }

  private static func nibble(_ digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
