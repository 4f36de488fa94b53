import LiaisonCore

extension Fixtures {
  /// The case engine of a broker of `region` with the sample directory, channel policy, deadline
  /// policies and 2026 calendar (``TextNotices`` for the broker's own events).
  public static func engine(region: String = "tj", peers: Set<String> = [], deadlines: Bool = true) throws
    -> CaseEngine
  {
    CaseEngine(
      .init(
        region: region, peers: peers, directory: try directory(), channels: try channelPolicy(),
        deadlines: deadlines ? DeadlineRules(policies: try policies(), calendar: try calendar()) : nil,
        notices: TextNotices()))
  }
}

/// A readable encoding of the broker's own events for tests: `[drill ]escalate <deadline> level <n>
/// repeat <r>[ of <party>] to <ids>`.
public struct TextNotices: NoticeEncoder {
  public init() {}

  public func escalation(_ alert: DeadlineAlert, supervisors: [AgencyID], policy: DeadlinePolicy?, drill: Bool)
    -> [UInt8]
  {
    let what: String =
      switch alert.kind {
      case .warning: "warn \(alert.policyID)"
      case .escalation(let level, let count, _): "escalate \(alert.policyID) level \(level + 1) repeat \(count)"
      }
    let party = alert.party.map { " of \($0)" } ?? ""
    return Array(
      "\(drill ? "drill " : "")\(what)\(party) to \(supervisors.map(\.rawValue).joined(separator: ","))".utf8)
  }
}
