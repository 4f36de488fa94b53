import Foundation
import GRPCCore
import LiaisonCore
import LiaisonWire
import SwiftProtobuf

/// Streams an attachment as `AttachmentChunk`s of 64 KiB, the header on the first (Broker.GetAttachment,
/// Federation.FetchAttachment), and reassembles such a stream (a peer's FetchAttachment answer).
enum AttachmentChunks {
  static let size = 64 * 1024

  static func send(_ record: AttachmentRecord, _ data: [UInt8], to response: RPCWriter<Liaison_V1_AttachmentChunk>)
    async throws
  {
    var offset = 0
    repeat {
      let end = min(offset + size, data.count)
      try await response.write(
        .with {
          if offset == 0 {
            $0.header = .with {
              $0.sha256 = record.sha256
              $0.title = record.title
              $0.mediaType = record.mediaType
            }
          }
          $0.data = Data(data[offset..<end])
        })
      offset = end
    } while offset < data.count
  }

  /// The header and bytes of a chunk stream.
  static func receive(_ chunks: RPCAsyncSequence<Liaison_V1_AttachmentChunk, any Error>) async throws
    -> (Liaison_V1_AttachmentHeader, [UInt8])
  {
    var header = Liaison_V1_AttachmentHeader()
    var data: [UInt8] = []
    for try await chunk in chunks {
      if chunk.hasHeader { header = chunk.header }
      data.append(contentsOf: chunk.data)
    }
    return (header, data)
  }
}
