/// All deadline policies in force, by workflow. Built from the policy files at start and on reload;
/// an invalid file is refused as a whole, with its file, line and reason.
public struct PolicySet: Sendable {
  /// Every policy, in file order.
  public let policies: [DeadlinePolicy]

  /// Checks that ids are unique.
  public init(_ policies: [DeadlinePolicy]) throws(LiaisonError) {
    var seen: Set<String> = []
    for policy in policies where !seen.insert(policy.id).inserted {
      throw LiaisonError(.configInvalid, "deadline policy \(policy.id) is defined twice")
    }
    self.policies = policies
  }

  /// The policies of one workflow.
  public func policies(for workflow: String) -> [DeadlinePolicy] {
    policies.filter { $0.workflow == workflow }
  }

  /// The policy with this id.
  public subscript(id: String) -> DeadlinePolicy? { policies.first { $0.id == id } }
}
