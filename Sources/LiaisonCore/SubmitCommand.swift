/// A validated request to open a case (fields checked against the contract and the directory);
/// whether the sender may open it towards these agencies is the engine's decision.
public struct SubmitCommand: Sendable {
  /// The sending agency (from the certificate).
  public var sender: AgencyID
  /// The sending operator (from the certificate), if any.
  public var operatorName: String?
  /// The channel.
  public var channel: Channel
  /// The workflow the case will follow (``CaseStateMachine/workflow(for:assistance:reverse:)``).
  public var workflow: WorkflowTable
  /// For a criminal transfer, which way it goes (the channel policy has rules per direction).
  public var direction: ChannelRule.Direction?
  /// Addressed agencies; at least one, all in the directory.
  public var addressees: [AgencyID]
  /// Copied agencies, all in the directory (the channel policy may add more).
  public var copies: [AgencyID]
  /// Case name for listings.
  public var title: String
  /// Drill flag.
  public var drill: Bool
  /// Confidentiality label (wire number).
  public var confidentiality: Int
  /// Idempotency key; empty for none.
  public var idempotencyKey: String
  /// SHA-256 of the canonical request, to tell a retry from a conflicting reuse of the key.
  public var requestHash: [UInt8]
  /// SHA-256 digests (hex) of the attachments referenced.
  public var attachments: [String]
  /// Encoded typed content of the first event.
  public var content: [UInt8]
  /// SHA-256 of `content`, when the caller computed it (off the store's writer); the store computes
  /// it otherwise.
  public var contentDigest: [UInt8]?
  /// When the deadlines the submission starts begin, if earlier than the commit: the approval time of a
  /// criminal transfer (its 24-hour delivery deadline runs from the approval, Decree 310 Art 5).
  public var deadlineStart: Int64?

  public init(
    sender: AgencyID, operatorName: String?, channel: Channel, workflow: WorkflowTable, addressees: [AgencyID],
    copies: [AgencyID],
    title: String, drill: Bool, confidentiality: Int, idempotencyKey: String, requestHash: [UInt8],
    attachments: [String], content: [UInt8], deadlineStart: Int64? = nil, direction: ChannelRule.Direction? = nil
  ) {
    self.direction = direction
    self.sender = sender
    self.operatorName = operatorName
    self.channel = channel
    self.workflow = workflow
    self.addressees = addressees
    self.copies = copies
    self.title = title
    self.drill = drill
    self.confidentiality = confidentiality
    self.idempotencyKey = idempotencyKey
    self.requestHash = requestHash
    self.attachments = attachments
    self.content = content
    self.deadlineStart = deadlineStart
  }
}
