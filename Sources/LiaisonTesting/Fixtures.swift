import Foundation
import LiaisonCore

/// Shared test data: the sample directory of the repository and typical requests.
public enum Fixtures {
  /// The repository root (found from this source file's location).
  public static var repositoryRoot: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
  }

  /// Path of the sample directory file.
  public static var directoryPath: String { "\(repositoryRoot)/Deploy/directory/directory.yaml" }

  /// The sample directory (Deploy/directory/directory.yaml).
  public static func directory() throws -> Directory {
    try Directory(yaml: String(contentsOfFile: directoryPath, encoding: .utf8), file: "directory.yaml")
  }

  /// Path of the channel policy file.
  public static var channelPolicyPath: String { "\(repositoryRoot)/Deploy/authorization/channels.yaml" }

  /// The channel policy (Deploy/authorization/channels.yaml).
  public static func channelPolicy() throws -> ChannelPolicy {
    try ChannelPolicy(yaml: String(contentsOfFile: channelPolicyPath, encoding: .utf8), file: "channels.yaml")
  }

  /// An agency id known to be valid.
  public static func agency(_ raw: String) -> AgencyID {
    guard let id = AgencyID(raw) else { preconditionFailure("bad fixture agency id \(raw)") }
    return id
  }
}
