import Foundation
import LiaisonCore
import LiaisonTesting
import Testing

@Suite("Deadline policies")
struct PolicySetTests {
  @Test("the shipped policy files load, one set of clocks per workflow")
  func shippedPolicies() throws {
    let policies = try Fixtures.policies()
    #expect(Set(policies.policies.map(\.workflow)) == Set(WorkflowTable.all.keys))
    let filing = try #require(policies["crim.filing_decision"])
    #expect(filing.duration == DeadlineDuration(3, .naturalDays))
    #expect(filing.drillDuration == DeadlineDuration(30, .seconds))
    #expect(filing.start == "receipt")
    #expect(filing.stop.contains("not_file"))
    #expect(filing.pause == ["supplement_requested"])
    #expect(filing.ladder.first?.targets == [.init(.receiver, .procuratorate), .init(.receiver, .government)])
    #expect(filing.ladder.last?.repeatEvery == DeadlineDuration(1, .naturalDays))
    #expect(filing.confidence == .verified)
    let sealed = policies.policies(for: "discipline_clue")
    #expect(!sealed.isEmpty && sealed.allSatisfy { $0.restricted })
    // Who must act: named, or the role that takes the stop events.
    #expect(filing.owner == .receiver && !filing.perParty)
    #expect(policies["crim.handover"]?.owner == .sender, "only the sender hands over")
    #expect(policies["crim.deliver"]?.owner == .sender)
    let reply = try #require(policies["disp.reply"])
    #expect(reply.owner == .respondent && reply.perParty)
    #expect(reply.ladder.first?.targets.first == .init(.party, .itself))
    for receipt in ["ref.receipt", "ref.assist_receipt", "crim.receipt_sign", "disc.receipt", "rev.receipt"] {
      #expect(policies[receipt]?.perParty == true, "\(receipt): each addressee's own")
    }
    #expect(policies["ref.forward_police"]?.kinds == [.police])
    #expect(policies["ref.forward_police"]?.duration == DeadlineDuration(24, .hours))
  }

  /// A minimal valid file with one line replaced; the expected line number and words of the error.
  static let broken: [(String, String, Int, String)] = [
    ("    duration: 3 ND", "    duration: 3 days", 5, "unknown unit"),
    ("    duration: 3 ND", "    duration: -3 ND", 5, "negative"),
    ("    start: receipt", "    start: received", 6, "unknown event 'received'"),
    ("    stop: [file, not_file]", "    stop: [file, filed]", 7, "unknown event 'filed'"),
    ("    pause: [supplement_requested]", "    pause: [waiting]", 8, "unknown state 'waiting'"),
    ("      - { to: [receiver.procuratorate] }", "      - { to: [receiver.boss] }", 10, "unknown escalation target"),
    ("workflow: criminal_transfer", "workflow: crime", 1, "unknown workflow 'crime'"),
    ("    confidence: V", "    confidence: sure", 11, "unknown confidence"),
    (
      "    confidence: V", "    confidence: V\n    owner: police", 12,
      "owner must be one of sender, receiver, respondent"
    ),
    ("    confidence: V", "    confidence: V\n    owner: sender\n    per_party: true", 3, "per_party needs an owner"),
    ("    confidence: V", "    confidence: V\n    kinds: [COPS]", 12, "unknown agency kind 'COPS'"),
  ]

  static let valid = """
    workflow: criminal_transfer
    clocks:
      - id: crim.filing_decision
        basis: Decree310 Art8
        duration: 3 ND
        start: receipt
        stop: [file, not_file]
        pause: [supplement_requested]
        escalate:
          - { to: [receiver.procuratorate] }
        confidence: V
    """

  @Test("a wrong policy file is refused with its file, line and reason", arguments: broken)
  func brokenFile(_ change: (String, String, Int, String)) {
    let (original, replacement, line, words) = change
    #expect(Self.valid.contains(original))
    do {
      _ = try PolicySet(files: [("crim.yaml", Self.valid.replacingOccurrences(of: original, with: replacement))])
      Issue.record("accepted \(replacement)")
    } catch {
      #expect(error.code == .configInvalid)
      #expect(error.message.contains("crim.yaml:\(line):"), "\(error.message)")
      #expect(error.message.contains(words), "\(error.message)")
    }
  }

  @Test("the same clock id in two files is refused")
  func duplicates() {
    #expect(throws: LiaisonError.self) {
      _ = try PolicySet(files: [("a.yaml", Self.valid), ("b.yaml", Self.valid)])
    }
    #expect(throws: Never.self) { _ = try PolicySet(files: [("a.yaml", Self.valid)]) }
  }
}
