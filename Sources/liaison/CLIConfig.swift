import Foundation
import Yams

/// The CLI's optional configuration file: `$LIAISON_CONFIG`, else `./liaison.yaml`, else
/// `~/.config/liaison/config.yaml`. Keys: host, port, as, cert, key, ca, dev_dir, seal_key. Flags win
/// over the environment, which wins over the file.
enum CLIConfig {
  /// The file in use, if any.
  static let path: String? = {
    let environment = ProcessInfo.processInfo.environment
    if let explicit = environment["LIAISON_CONFIG"] { return explicit }
    let home = environment["HOME"] ?? NSHomeDirectory()
    return ["liaison.yaml", "\(home)/.config/liaison/config.yaml"].first { FileManager.default.fileExists(atPath: $0) }
  }()

  /// The file's values (empty when there is none or it does not parse).
  static let values: [String: String] = {
    guard let path, let text = try? String(contentsOfFile: path, encoding: .utf8),
      let object = (try? Yams.load(yaml: text)) as? [String: Any]
    else { return [:] }
    return object.mapValues { "\($0)" }
  }()

  /// A setting from the environment (`LIAISON_<NAME>`) or the file (`name`).
  static func value(_ name: String) -> String? {
    ProcessInfo.processInfo.environment["LIAISON_\(name.uppercased())"] ?? values[name]
  }
}
