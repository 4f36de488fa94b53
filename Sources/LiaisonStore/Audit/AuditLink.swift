import Crypto
import LiaisonCore

/// One link of the audit chain: what was recorded (an event, an acknowledgement, a read of a
/// restricted case, an escalation acknowledgement, a case as a transaction left it, an uploaded
/// attachment), a digest of its canonical encoding, the hash of the link before and its own hash:
///
///     hash = SHA-256("liaison-audit-v1" ‖ seq ‖ kind ‖ ref ‖ actor ‖ at ‖ digest ‖ previous)
///
/// with every field length-prefixed (8 bytes, big-endian). The first link's `previous` is 32 zero
/// bytes. Editing, deleting, inserting or reordering a link changes a hash that a later link or the
/// exported head commits to; editing the recorded row changes its digest.
public struct AuditLink: Hashable, Sendable {
  /// What a link records.
  public enum Kind: String, Hashable, Sendable, CaseIterable {
    /// An event of a case (submission, action, alert).
    case event
    /// An escalation acknowledgement (an `acknowledge_escalation` event).
    case escalationAcknowledgement = "escalation_ack"
    /// A delivery acknowledged by its agency.
    case acknowledgement = "ack"
    /// A read of a restricted case (work secret or discipline clue).
    case read
    /// A download of an attachment of a restricted case.
    case attachmentRead = "attachment_read"
    /// A case as a transaction left it: its row, its parties and its attachments (``CaseSnapshot``).
    case caseState = "case"
    /// An uploaded attachment: its name (SHA-256), size, media type, title, uploader and time.
    case upload
    /// The point from which event links also cover the event's place in the global order and its
    /// case number (``eventFormat``); links before it were written without.
    case format
  }

  /// What is about to be linked (the chain assigns seq, previous and hash).
  public struct Entry: Hashable, Sendable {
    public var kind: Kind
    /// The event id, delivery id or case id.
    public var ref: String
    /// The agency that acted, acknowledged or read.
    public var actor: String
    /// When (ms since the epoch).
    public var at: Int64
    /// SHA-256 of the canonical encoding of what is recorded.
    public var digest: [UInt8]
  }

  public var seq: Int64
  public var entry: Entry
  public var previous: [UInt8]
  public var hash: [UInt8]

  /// The `previous` of the first link.
  public static let genesis = [UInt8](repeating: 0, count: 32)

  /// The hash a link must have.
  public static func hash(seq: Int64, entry: Entry, previous: [UInt8]) -> [UInt8] {
    var encoder = CanonicalHasher()
    encoder.append("liaison-audit-v1")
    encoder.append(seq)
    encoder.append(entry.kind.rawValue)
    encoder.append(entry.ref)
    encoder.append(entry.actor)
    encoder.append(entry.at)
    encoder.append(entry.digest)
    encoder.append(previous)
    return encoder.finalize()
  }

  /// Whether the stored hash is the one its fields give.
  public var isSelfConsistent: Bool { hash == Self.hash(seq: seq, entry: entry, previous: previous) }

  // MARK: What is recorded

  /// The `ref` of the ``Kind/format`` link after which event links are ``digest(of:caseNumber:contentDigest:)``.
  public static let eventFormat = "event-v2"

  /// The entry of an event: every stored field, content and signature included, with its place
  /// in the global order and its case's local number.
  public static func entry(for event: EventRecord, caseNumber: Int64, contentDigest: [UInt8]? = nil) -> Entry {
    Entry(
      kind: event.action == .acknowledgeEscalation ? .escalationAcknowledgement : .event, ref: event.id,
      actor: event.actor.rawValue, at: event.time,
      digest: digest(of: event, caseNumber: caseNumber, contentDigest: contentDigest))
  }

  /// SHA-256 of an event's canonical encoding: every stored column — its seq (the global order
  /// deliveries are numbered by) and its case's local number included —, the content by its SHA-256
  /// (`contentDigest` when the caller has it already).
  public static func digest(of event: EventRecord, caseNumber: Int64, contentDigest: [UInt8]? = nil) -> [UInt8] {
    var encoder = CanonicalHasher()
    encoder.append(eventFormat)
    encoder.append(event.seq)
    encoder.append(caseNumber)
    fields(of: event, contentDigest: contentDigest, into: &encoder)
    return encoder.finalize()
  }

  /// The entry event links had before ``eventFormat`` (the migration that started the chain).
  static func entryBeforeFormat(for event: EventRecord) -> Entry {
    Entry(
      kind: event.action == .acknowledgeEscalation ? .escalationAcknowledgement : .event, ref: event.id,
      actor: event.actor.rawValue, at: event.time, digest: digestBeforeFormat(of: event))
  }

  /// The digest event links had before ``eventFormat``: without seq and case number.
  public static func digestBeforeFormat(of event: EventRecord) -> [UInt8] {
    var encoder = CanonicalHasher()
    encoder.append("event")
    fields(of: event, contentDigest: nil, into: &encoder)
    return encoder.finalize()
  }

  private static func fields(of event: EventRecord, contentDigest: [UInt8]?, into encoder: inout CanonicalHasher) {
    encoder.append(event.id)
    encoder.append(event.caseID)
    encoder.append(event.sequence)
    encoder.append(event.action.rawValue)
    encoder.append(event.actor.rawValue)
    encoder.append(event.operatorName ?? "")
    encoder.append(event.time)
    encoder.append(event.state)
    encoder.append(event.idempotencyKey)
    encoder.append(contentDigest ?? Array(SHA256.hash(data: event.content)))
    encoder.append(event.signature)
  }

  /// The entry that starts ``eventFormat``.
  static func formatEntry(at time: Int64) -> Entry {
    var encoder = CanonicalHasher()
    encoder.append("format")
    encoder.append(eventFormat)
    return Entry(kind: .format, ref: eventFormat, actor: "", at: time, digest: encoder.finalize())
  }

  /// The entry of a case as a transaction left it.
  static func entry(for snapshot: CaseSnapshot, at time: Int64) -> Entry {
    Entry(kind: .caseState, ref: snapshot.record.id, actor: "", at: time, digest: snapshot.digest)
  }

  /// The entry of an uploaded attachment: `ref` is its SHA-256.
  public static func entry(forUpload attachment: AttachmentRecord) -> Entry {
    Entry(
      kind: .upload, ref: attachment.sha256, actor: attachment.uploadedBy.rawValue, at: attachment.uploadedAt,
      digest: uploadDigest(attachment))
  }

  /// SHA-256 of the canonical encoding of an attachment's row (its bytes are named by their SHA-256).
  static func uploadDigest(_ attachment: AttachmentRecord) -> [UInt8] {
    var encoder = CanonicalHasher()
    encoder.append("upload")
    encoder.append(attachment.sha256)
    encoder.append(attachment.size)
    encoder.append(attachment.mediaType)
    encoder.append(attachment.title)
    encoder.append(attachment.uploadedBy.rawValue)
    encoder.append(attachment.uploadedAt)
    return encoder.finalize()
  }

  /// The entry of acknowledgements recorded together (one subscriber message): `ref` lists the
  /// delivery ids, `actor` the agencies, `at` the first time.
  public static func entry(forAcknowledgements acks: [Acknowledgement]) -> Entry {
    let rows = acks.map { (delivery: $0.id, agency: $0.agency.rawValue, at: $0.at) }
    return Entry(
      kind: .acknowledgement, ref: rows.map { "\($0.delivery)" }.joined(separator: ","),
      actor: Array(Set(rows.map(\.agency))).sorted().joined(separator: ","), at: rows.first?.at ?? 0,
      digest: acknowledgementDigest(rows))
  }

  /// SHA-256 of the canonical encoding of acknowledgements: each delivery id, agency and time.
  public static func acknowledgementDigest(_ rows: [(delivery: Int64, agency: String, at: Int64)]) -> [UInt8] {
    var encoder = CanonicalHasher()
    encoder.append("ack")
    encoder.append(Int64(rows.count))
    for row in rows {
      encoder.append(row.delivery)
      encoder.append(row.agency)
      encoder.append(row.at)
    }
    return encoder.finalize()
  }

  /// The entry of a read of a restricted case.
  public static func entry(forReadOf caseID: String, by agency: String, at: Int64) -> Entry {
    var encoder = CanonicalHasher()
    encoder.append("read")
    encoder.append(caseID)
    encoder.append(agency)
    encoder.append(at)
    return Entry(kind: .read, ref: caseID, actor: agency, at: at, digest: encoder.finalize())
  }

  /// The entry of a download of an attachment through restricted cases: `ref` is the digest.
  public static func entry(forAttachment sha256: String, through caseIDs: [String], by agency: String, at: Int64)
    -> Entry
  {
    var encoder = CanonicalHasher()
    encoder.append("attachment_read")
    encoder.append(sha256)
    encoder.append(Int64(caseIDs.count))
    for id in caseIDs { encoder.append(id) }
    encoder.append(agency)
    encoder.append(at)
    return Entry(kind: .attachmentRead, ref: sha256, actor: agency, at: at, digest: encoder.finalize())
  }
}
