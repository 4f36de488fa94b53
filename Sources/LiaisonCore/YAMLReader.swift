import Yams

/// Reads typed values out of a YAML document and turns every problem into a ``LiaisonError`` that
/// names the file, the line and the reason. Shared by the directory, policy and configuration loaders.
public struct YAMLReader: Sendable {
  /// The file name used in error messages.
  public let file: String

  public init(file: String) {
    self.file = file
  }

  /// Parses the document and returns its root mapping.
  public func root(_ text: String) throws(LiaisonError) -> Node {
    let node: Node?
    do {
      node = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw LiaisonError(.configInvalid, "\(file): not valid YAML: \(error)")
    } catch {
      throw LiaisonError(.configInvalid, "\(file): not valid YAML: \(error)")
    }
    guard let node, node.mapping != nil else {
      throw LiaisonError(.configInvalid, "\(file):1: expected a mapping at the top level")
    }
    return node
  }

  /// An error located at a node.
  public func error(_ node: Node, _ reason: String) -> LiaisonError {
    let line = node.mark.map { "\($0.line)" } ?? "?"
    return LiaisonError(.configInvalid, "\(file):\(line): \(reason)")
  }

  /// The value under `key`, if present.
  public func value(_ node: Node, _ key: String) -> Node? {
    node.mapping?[Node(key)]
  }

  /// A required scalar string.
  public func string(_ node: Node, _ key: String) throws(LiaisonError) -> String {
    guard let value = value(node, key) else { throw error(node, "missing required key '\(key)'") }
    let text = try scalar(value)
    guard !text.isEmpty else { throw error(value, "'\(key)' must not be empty") }
    return text
  }

  /// An optional scalar string.
  public func optionalString(_ node: Node, _ key: String) throws(LiaisonError) -> String? {
    guard let value = value(node, key), value != Node("~"), value.null == nil else { return nil }
    return try scalar(value)
  }

  /// An optional integer.
  public func optionalInt(_ node: Node, _ key: String) throws(LiaisonError) -> Int? {
    guard let text = try optionalString(node, key) else { return nil }
    guard let number = Int(text) else { throw error(value(node, key)!, "'\(key)' must be an integer, got '\(text)'") }
    return number
  }

  /// An optional boolean.
  public func optionalBool(_ node: Node, _ key: String) throws(LiaisonError) -> Bool? {
    guard let value = value(node, key) else { return nil }
    guard let flag = value.bool else { throw error(value, "'\(key)' must be true or false") }
    return flag
  }

  /// A scalar's text.
  public func scalar(_ node: Node) throws(LiaisonError) -> String {
    guard let text = node.string else { throw error(node, "expected a single value, not a list or mapping") }
    return text
  }

  /// A required sequence.
  public func sequence(_ node: Node, _ key: String) throws(LiaisonError) -> [Node] {
    guard let value = value(node, key) else { throw error(node, "missing required key '\(key)'") }
    guard let items = value.sequence else { throw error(value, "'\(key)' must be a list") }
    return Array(items)
  }

  /// An optional sequence (empty when absent).
  public func optionalSequence(_ node: Node, _ key: String) throws(LiaisonError) -> [Node] {
    guard let value = value(node, key), value.null == nil else { return [] }
    guard let items = value.sequence else { throw error(value, "'\(key)' must be a list") }
    return Array(items)
  }
}

extension YAMLReader {
  /// A list of agency kinds (`ANY` for all) under `key`, for the rule or deadline named `owner`
  /// (e.g. `rule referral.between_departments`), which errors quote.
  public func kinds(_ node: Node, _ key: String, of owner: String) throws(LiaisonError) -> Set<AgencyKind> {
    var kinds: Set<AgencyKind> = []
    for item in try sequence(node, key) {
      let raw = try scalar(item)
      if raw == "ANY" {
        kinds.formUnion(AgencyKind.allCases)
        continue
      }
      guard let kind = AgencyKind(rawValue: raw) else {
        let allowed = AgencyKind.allCases.map(\.rawValue).joined(separator: ", ")
        throw error(item, "\(owner): unknown agency kind '\(raw)' in \(key); allowed: ANY, \(allowed)")
      }
      kinds.insert(kind)
    }
    guard !kinds.isEmpty else { throw error(node, "\(owner): \(key) lists no kind") }
    return kinds
  }
}
