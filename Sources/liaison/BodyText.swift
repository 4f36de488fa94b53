import Foundation
import SwiftProtobuf

/// A typed body (a case's letter, an action's receipt, decision or reasons) as indented
/// `field: value` lines for the terminal, every field the body has, nested fields joined by dots.
enum BodyText {
  static func lines(_ message: some SwiftProtobuf.Message, indent: String = "    ") -> [String] {
    guard let json = try? message.jsonString(), let object = try? JSONSerialization.jsonObject(with: Data(json.utf8))
    else { return [] }
    var lines: [String] = []
    flatten(object, path: "", into: &lines)
    return lines.map { indent + $0 }
  }

  private static func flatten(_ value: Any, path: String, into lines: inout [String]) {
    switch value {
    case let object as [String: Any]:
      for key in object.keys.sorted() {
        flatten(object[key]!, path: path.isEmpty ? key : "\(path).\(key)", into: &lines)
      }
    case let array as [Any]:
      for (index, item) in array.enumerated() { flatten(item, path: "\(path)[\(index)]", into: &lines) }
    default:
      lines.append("\(path): \(value)")
    }
  }
}
