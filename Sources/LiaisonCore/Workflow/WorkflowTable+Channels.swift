extension WorkflowTable {
  /// Every workflow, by name.
  public static let all: [String: WorkflowTable] = Dictionary(
    uniqueKeysWithValues: [referral, assistance, dispute, criminalTransfer, reverseTransfer, disciplineClue].map {
      ($0.name, $0)
    })

  /// Builds a table and adds `comment` (any party, any state) and `acknowledge_escalation` (a
  /// supervisor, any state: stops the repeats of the alerts it received).
  static func make(_ name: String, initial: String, _ rules: [Rule]) -> WorkflowTable {
    let states = Set(WorkflowTable(name: name, initialState: initial, rules: rules).states)
    let comment = Rule(.comment, from: states, to: nil, by: [.sender, .receiver, .copy, .supervisor], body: .comment)
    let acknowledge = Rule(.acknowledgeEscalation, from: states, to: nil, by: [.supervisor], body: .comment)
    return WorkflowTable(name: name, initialState: initial, rules: rules + [comment, acknowledge])
  }

  /// Case and clue referrals (workflows.md §2.3).
  public static let referral = make(
    "referral", initial: "sent",
    [
      Rule("receipt", from: ["sent", "forwarded"], to: "receipted", by: [.receiver], body: .receipt),
      Rule("accept", from: ["receipted"], to: "accepted", by: [.receiver], body: .registration),
      Rule("forward", from: ["receipted"], to: "forwarded", by: [.receiver], body: .forward),
      Rule("dispute", from: ["receipted"], to: "disputed", by: [.receiver], body: .decline),
      Rule("decline", from: ["receipted"], to: "declined", by: [.receiver], body: .decline),
      Rule("request_info", from: ["receipted"], to: "info_requested", by: [.receiver], body: .informationRequest),
      Rule("supply_info", from: ["info_requested"], to: "receipted", by: [.sender], body: .informationSupply),
      Rule("start_handling", from: ["accepted"], to: "in_progress", by: [.receiver], body: .decision),
      Rule("report_result", from: ["accepted", "in_progress"], to: "result_reported", by: [.receiver], body: .result),
      Rule("close", from: ["result_reported"], to: "closed", by: [.sender, .receiver], body: .result),
      Rule(
        "withdraw", from: ["sent", "forwarded", "receipted", "info_requested"], to: "withdrawn", by: [.sender],
        body: .withdrawal),
    ])

  /// Assistance requests (协查), the referral variant of workflows.md §2.3.
  public static let assistance = make(
    "referral.assistance", initial: "requested",
    [
      Rule("receipt", from: ["requested"], to: "receipted", by: [.receiver], body: .receipt),
      Rule("notify_delay", from: ["receipted"], to: "delay_notified", by: [.receiver], body: .decision),
      Rule("complete", from: ["receipted", "delay_notified"], to: "completed", by: [.receiver], body: .result),
      Rule("decline", from: ["receipted"], to: "declined_out_of_scope", by: [.receiver], body: .decline),
      Rule("request_info", from: ["receipted"], to: "info_requested", by: [.receiver], body: .informationRequest),
      Rule("supply_info", from: ["info_requested"], to: "receipted", by: [.sender], body: .informationSupply),
      Rule(
        "withdraw", from: ["requested", "receipted", "delay_notified", "info_requested"], to: "withdrawn",
        by: [.sender], body: .withdrawal),
    ])

  /// Dispute coordination by the justice bureau (workflows.md §3.5). The coordinator is the
  /// addressee; the respondents are copied.
  public static let dispute = make(
    "dispute", initial: "applied",
    [
      Rule("accept", from: ["applied"], to: "accepted", by: [.receiver], body: .registration),
      Rule("reject", from: ["applied"], to: "rejected_out_of_scope", by: [.receiver], body: .decline),
      Rule("send_notices", from: ["accepted"], to: "awaiting_responses", by: [.receiver], body: .decision),
      Rule("respond", from: ["awaiting_responses"], to: nil, by: [.copy], body: .informationSupply),
      Rule(
        "begin_coordination", from: ["awaiting_responses"], to: "under_coordination", by: [.receiver],
        body: .decision),
      Rule(
        "request_info", from: ["accepted", "awaiting_responses", "under_coordination"], to: nil, by: [.receiver],
        body: .informationRequest),
      Rule(
        "supply_info", from: ["accepted", "awaiting_responses", "under_coordination"], to: nil,
        by: [.sender, .copy], body: .informationSupply),
      Rule("issue_opinion", from: ["under_coordination"], to: "opinion_issued", by: [.receiver], body: .decision),
      Rule(
        "escalate_to_government", from: ["under_coordination"], to: "escalated_to_government", by: [.receiver],
        body: .decision),
      Rule("record_decision", from: ["escalated_to_government"], to: "decided", by: [.receiver], body: .decision),
      Rule(
        "report_compliance", from: ["opinion_issued", "decided"], to: "closed", by: [.sender, .copy], body: .result),
      Rule(
        "report_noncompliance", from: ["opinion_issued", "decided"], to: "supervision_action", by: [.receiver],
        body: .result),
      Rule(
        "withdraw", from: ["applied", "accepted", "awaiting_responses"], to: "withdrawn", by: [.sender],
        body: .withdrawal),
    ])

  /// Suspected-crime transfers to the police, copied to the procuratorate (workflows.md §4.3).
  public static let criminalTransfer = make(
    "criminal_transfer", initial: "transferred",
    [
      Rule("receipt", from: ["transferred", "forwarded"], to: "receipted", by: [.receiver], body: .receipt),
      Rule("forward", from: ["receipted"], to: "forwarded", by: [.receiver], body: .forward),
      Rule("return", from: ["receipted"], to: "returned_to_sender", by: [.receiver], body: .decline),
      Rule(
        "request_supplement", from: ["receipted"], to: "supplement_requested", by: [.receiver],
        body: .informationRequest),
      Rule("supplement", from: ["supplement_requested"], to: "receipted", by: [.sender], body: .informationSupply),
      Rule(
        "file", from: ["receipted", "reconsideration_requested", "filing_ordered"], to: "filed", by: [.receiver],
        body: .decision),
      Rule("not_file", from: ["receipted"], to: "not_filed", by: [.receiver], body: .decision),
      Rule("hand_over", from: ["filed"], to: "handed_over", by: [.sender], body: .result),
      Rule("conclude", from: ["handed_over"], to: "closed", by: [.receiver], body: .result),
      Rule(
        "request_reconsideration", from: ["not_filed"], to: "reconsideration_requested", by: [.sender],
        body: .informationRequest),
      Rule(
        "uphold", from: ["reconsideration_requested"], to: "reconsideration_upheld", by: [.receiver],
        body: .decision),
      Rule(
        "suggest_supervision", from: ["not_filed", "reconsideration_upheld"], to: "supervision_suggested",
        by: [.sender], body: .informationRequest),
      Rule(
        "request_explanation", from: ["supervision_suggested"], to: "explanation_requested", by: [.copy],
        body: .informationRequest),
      Rule("explain", from: ["explanation_requested"], to: "under_review", by: [.receiver], body: .informationSupply),
      Rule("order_filing", from: ["under_review"], to: "filing_ordered", by: [.copy], body: .decision),
      Rule("accept_reasons", from: ["under_review"], to: "admin_handling", by: [.copy], body: .decision),
      Rule(
        "handle_administratively", from: ["not_filed", "reconsideration_upheld"], to: "admin_handling",
        by: [.sender], body: .decision),
      Rule(
        "withdraw", from: ["transferred", "forwarded", "receipted", "supplement_requested"], to: "withdrawn",
        by: [.sender], body: .withdrawal),
    ])

  /// Reverse transfers from the police, procuratorate or court back to an administrative agency
  /// (workflows.md §5.2).
  public static let reverseTransfer = make(
    "criminal_transfer.reverse", initial: "sent",
    [
      Rule("receipt", from: ["sent", "forwarded"], to: "receipted", by: [.receiver], body: .receipt),
      Rule("accept", from: ["receipted"], to: "accepted", by: [.receiver], body: .registration),
      Rule("forward", from: ["receipted"], to: "forwarded", by: [.receiver], body: .forward),
      Rule("dispute", from: ["receipted"], to: "disputed", by: [.receiver], body: .decline),
      Rule("decide", from: ["accepted"], to: "decided", by: [.receiver], body: .decision),
      Rule("report_result", from: ["decided"], to: "result_reported", by: [.receiver], body: .result),
      Rule("close", from: ["result_reported"], to: "closed", by: [.sender], body: .result),
      Rule("withdraw", from: ["sent", "forwarded", "receipted"], to: "withdrawn", by: [.sender], body: .withdrawal),
    ])

  /// Disciplinary and supervisory clues to the supervision commission (workflows.md §6.3).
  public static let disciplineClue = make(
    "discipline_clue", initial: "sent",
    [
      Rule("receipt", from: ["sent", "forwarded"], to: "receipted", by: [.receiver], body: .receipt),
      Rule("allocate", from: ["receipted"], to: "allocated", by: [.receiver], body: .decision),
      Rule("forward", from: ["receipted"], to: "forwarded", by: [.receiver], body: .forward),
      Rule("return", from: ["receipted"], to: "returned", by: [.receiver], body: .decline),
      Rule("dispose", from: ["allocated"], to: "disposed", by: [.receiver], body: .decision),
      Rule("notify_outcome", from: ["disposed"], to: "closed", by: [.receiver], body: .result),
      Rule("withdraw", from: ["sent", "receipted"], to: "withdrawn", by: [.sender], body: .withdrawal),
    ])
}
