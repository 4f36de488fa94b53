import Foundation
import LiaisonCore
import LiaisonWire
import SwiftProtobuf

/// A stored event as the `event` field (3) of a wire `Delivery`, encoded once and attached to every
/// delivery of the event as raw bytes, so that delivering does not decode the event's body nor
/// encode it again per delivery.
///
/// The bytes are the stored content (a partial `Event`: body or action body, attachments) followed
/// by the encoding of the envelope and the event's own fields: protobuf merges two encodings of a
/// message, and the two parts hold different fields, so receivers decode the whole event.
struct WireEvent: Sendable {
  /// The `Delivery.event` field, tag and length included, as unknown-field storage.
  let field: UnknownStorage
  /// The event's action (for the acknowledgement commands).
  let action: CaseAction

  init(_ record: EventRecord, of caseRecord: CaseRecord) {
    let meta = EventAssembler.event(record, of: caseRecord, content: Liaison_V1_Event())
    let tail = (try? meta.serializedBytes() as [UInt8]) ?? []
    let length = record.content.count + tail.count
    var bytes: [UInt8] = [0x1A]  // field 3, length-delimited
    bytes.reserveCapacity(length + 11)
    var rest = UInt64(length)
    while rest >= 0x80 {
      bytes.append(UInt8(rest & 0x7F) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
    bytes += record.content
    bytes += tail
    // An empty message keeps every field it does not know as unknown bytes: that is the storage.
    var carrier = Google_Protobuf_Empty()
    try? carrier.merge(serializedBytes: bytes)
    field = carrier.unknownFields
    action = record.action
  }
}
