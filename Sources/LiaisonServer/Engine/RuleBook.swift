import LiaisonContract
import LiaisonCore
import Synchronization

/// The rules in force — directory, channel policy, deadline policies and calendar — and the case
/// engine made of them. Each reload replaces one part; every commit takes the engine as it is at
/// that moment (a request validated under the old directory is decided under the new one).
final class RuleBook: Sendable {
  private let current: Mutex<CaseEngine>

  init(region: String, peers: Set<String>, directory: Directory, channels: ChannelPolicy, deadlines: DeadlineRules?) {
    current = Mutex(
      CaseEngine(
        .init(
          region: region, peers: peers, directory: directory, channels: channels, deadlines: deadlines,
          notices: ProtobufNotices())))
  }

  /// The engine in force.
  var engine: CaseEngine { current.withLock { $0 } }

  /// The directory in force.
  var directory: Directory { engine.configuration.directory }

  /// The deadline rules in force.
  var deadlines: DeadlineRules? { engine.configuration.deadlines }

  /// Replaces the directory.
  func replace(_ directory: Directory) { update { $0.directory = directory } }

  /// Replaces the channel policy.
  func replace(_ channels: ChannelPolicy) { update { $0.channels = channels } }

  /// Replaces the deadline policies and calendar (deadlines already running keep their due times).
  func replace(_ deadlines: DeadlineRules) { update { $0.deadlines = deadlines } }

  private func update(_ change: (inout CaseEngine.Configuration) -> Void) {
    current.withLock { engine in
      var configuration = engine.configuration
      change(&configuration)
      engine = CaseEngine(configuration)
    }
  }
}
