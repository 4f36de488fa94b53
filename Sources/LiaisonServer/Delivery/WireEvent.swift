import Foundation
import LiaisonCore
import LiaisonWire
import SwiftProtobuf

/// A stored event as the `event` field (3) of a wire `Delivery`, encoded once and shared by every
/// delivery of the event, so that delivering neither decodes the event's body nor encodes it again
/// per delivery.
///
/// The bytes are the stored content (a partial `Event`: body or action body, attachments) followed
/// by the encoding of the envelope and the event's own fields: protobuf merges two encodings of a
/// message, and the two parts hold different fields, so receivers decode the whole event.
final class WireEvent: Sendable {
  /// The `Delivery.event` field: tag, length and the event's bytes.
  let field: [UInt8]
  /// The event's action (for the acknowledgement commands).
  let action: CaseAction

  /// The event as its parties receive it; `redacted`, as a supervisor of a work secret does (no
  /// content but an alert's notice: ``EventAssembler/event(_:of:redacted:)``).
  init(_ record: EventRecord, of caseRecord: CaseRecord, redacted: Bool = false) {
    let meta = EventAssembler.event(record, of: caseRecord, content: Liaison_V1_Event())
    let tail = (try? meta.serializedBytes() as [UInt8]) ?? []
    let content = redacted && !EventAssembler.carriesNoCaseContent(record.action) ? [] : record.content
    var bytes: [UInt8] = []
    bytes.reserveCapacity(content.count + tail.count + 11)
    ProtobufBytes.appendField(3, length: content.count + tail.count, to: &bytes)
    bytes += content
    bytes += tail
    field = bytes
    action = record.action
  }
}

/// The few pieces of the protobuf wire format the broker writes by hand (deliveries).
enum ProtobufBytes {
  /// Appends a varint.
  static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
    var rest = value
    while rest >= 0x80 {
      bytes.append(UInt8(rest & 0x7F) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }

  /// Appends the key and length of a length-delimited field (its bytes follow).
  static func appendField(_ number: UInt64, length: Int, to bytes: inout [UInt8]) {
    appendVarint(number << 3 | 2, to: &bytes)
    appendVarint(UInt64(length), to: &bytes)
  }

  /// Appends a varint field.
  static func appendVarintField(_ number: UInt64, _ value: UInt64, to bytes: inout [UInt8]) {
    guard value != 0 else { return }
    appendVarint(number << 3, to: &bytes)
    appendVarint(value, to: &bytes)
  }

  /// A `DeliveryBatch` whose deliveries are given as their encodings: they travel as the message's
  /// field 1 (kept as unknown fields, written out as they are).
  static func batch(_ deliveries: [UInt8]) -> Liaison_V1_DeliveryBatch {
    var carrier = Google_Protobuf_Empty()
    try? carrier.merge(serializedBytes: deliveries)
    var batch = Liaison_V1_DeliveryBatch()
    batch.unknownFields = carrier.unknownFields
    return batch
  }
}
