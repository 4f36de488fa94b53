import LiaisonCore
import LiaisonWire

/// The required fields of each channel body (Protocol/SPEC.md, the `Required` marks of
/// channels.proto), checked the same way by the broker, by the client library before it seals a clue,
/// and by the CLI before it sends a file. Errors name the field path.
public enum CaseBodyRules {
  /// How a discipline clue is expected.
  public enum Clue: Sendable {
    /// In clear (a client about to seal it): its letter is checked.
    case clear
    /// Sealed (the broker): a clear letter is refused.
    case sealed
  }

  /// Checks `body` against `channel`; returns the case title (empty for clues).
  public static func check(_ body: Liaison_V1_CaseBody, channel: Channel, clue: Clue) throws(LiaisonError) -> String {
    switch (channel, body.kind) {
    case (.referral, .referral(let letter)):
      try require(letter.referenceNumber, "body.referral.reference_number")
      try require(letter.caseName, "body.referral.case_name")
      try require(letter.factsSummary, "body.referral.facts_summary")
      if letter.kind == .assistance, letter.assistance.items.isEmpty {
        throw LiaisonError(
          .fieldRequired, "an assistance request lists at least one item", field: "body.referral.assistance.items")
      }
      return letter.caseName
    case (.dispute, .dispute(let application)):
      guard application.disputeType != .unspecified else {
        throw LiaisonError(.fieldRequired, "body.dispute.dispute_type is required", field: "body.dispute.dispute_type")
      }
      try require(application.matter, "body.dispute.matter")
      try require(application.facts, "body.dispute.facts")
      guard !application.respondents.isEmpty else {
        throw LiaisonError(
          .fieldRequired, "body.dispute.respondents needs at least one agency id", field: "body.dispute.respondents")
      }
      return application.matter
    case (.criminalTransfer, .criminalTransfer(let letter)):
      try require(letter.number, "body.criminal_transfer.number")
      try require(letter.caseName, "body.criminal_transfer.case_name")
      if letter.direction != .reverse {
        try require(letter.suspectedOffence, "body.criminal_transfer.suspected_offence")
        guard !letter.suspects.isEmpty else {
          throw LiaisonError(
            .fieldRequired, "a forward transfer names at least one suspect", field: "body.criminal_transfer.suspects")
        }
        for (index, suspect) in letter.suspects.enumerated() {
          try require(suspect.identity.name, "body.criminal_transfer.suspects[\(index)].identity.name")
        }
        // The head's approval starts the 24-hour delivery clock (Decree 310 Art 5).
        try require(letter.approval.approver, "body.criminal_transfer.approval.approver")
        guard letter.approval.hasApprovedAt else {
          throw LiaisonError(
            .fieldRequired, "body.criminal_transfer.approval.approved_at is required (it starts the 24-hour clock)",
            field: "body.criminal_transfer.approval.approved_at")
        }
      }
      return letter.caseName
    case (.disciplineClue, .sealed) where clue == .sealed:
      // The letter was checked by the client before sealing; recipients are checked by the broker
      // once the parties are known.
      return ""
    case (.disciplineClue, .disciplineClue(let letter)) where clue == .clear:
      try check(letter)
      return ""
    case (.disciplineClue, .disciplineClue):
      throw LiaisonError(
        .sealingRequired,
        "a discipline clue must be sealed to the receiving commission (LiaisonClient.sealClue, or `liaison submit`, does it); the broker never stores a clue in clear",
        field: "body.discipline_clue")
    case (.disciplineClue, .sealed):
      throw LiaisonError(
        .fieldInvalid, "the clue is already sealed; give the letter in clear to check it", field: "body.sealed")
    case (_, .sealed):
      throw LiaisonError(
        .fieldInvalid, "only discipline clues are sealed; send the \(channel.rawValue) body in clear",
        field: "body.sealed")
    case (_, nil):
      throw LiaisonError(.fieldRequired, "the body is empty; set the \(channel.rawValue) member", field: "body")
    default:
      throw LiaisonError(
        .channelMismatch, "the body does not match channel \(channel.rawValue); set body.\(channel.rawValue)",
        field: "body")
    }
  }

  /// The required fields of a clue letter.
  public static func check(_ letter: Liaison_V1_DisciplineClueLetter) throws(LiaisonError) {
    try require(letter.referenceNumber, "body.discipline_clue.reference_number")
    guard letter.category != .unspecified else {
      throw LiaisonError(
        .fieldRequired, "body.discipline_clue.category is required", field: "body.discipline_clue.category")
    }
    try require(letter.facts, "body.discipline_clue.facts")
    guard !letter.persons.isEmpty else {
      throw LiaisonError(
        .fieldRequired, "a clue names at least one person concerned", field: "body.discipline_clue.persons")
    }
  }

  /// A text that must have a visible character (stops at the first one: long texts cost nothing).
  public static func require(_ value: String, _ field: String) throws(LiaisonError) {
    if !value.contains(where: { !$0.isWhitespace }) {
      throw LiaisonError(.fieldRequired, "\(field) is required", field: field)
    }
  }
}
