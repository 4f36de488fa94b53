/// An event of a case homed at another region's broker, as that broker sequenced it, to be stored
/// here and delivered to this region's parties.
public struct ReplicaCommand: Sendable {
  /// The case as the home broker holds it after the event.
  public var caseRecord: CaseRecord
  /// The event (its `seq` is ignored: this broker assigns its own).
  public var event: EventRecord
  /// The agencies of this region that receive it, with their roles.
  public var recipients: [Party]
  /// The start the event stated for its deadlines (a registration time), if any.
  public var deadlineStart: Int64?
  /// Digests of the attachments the event references (their bytes stay at the home broker until
  /// an agency here asks for them).
  public var attachments: [String]

  public init(
    caseRecord: CaseRecord, event: EventRecord, recipients: [Party], deadlineStart: Int64?, attachments: [String] = []
  ) {
    self.caseRecord = caseRecord
    self.event = event
    self.recipients = recipients
    self.deadlineStart = deadlineStart
    self.attachments = attachments
  }
}
