import Crypto
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf
import LiaisonContract
import LiaisonCore
import LiaisonSecurity
import LiaisonWire
import SwiftProtobuf

/// A typed client of one broker over mutual TLS. Create one with ``connect(host:port:credentials:_:)``,
/// which keeps the connection open for the duration of the closure.
///
/// Every call throws `RPCError` on refusal; ``LiaisonClient/errorCode(_:)`` extracts the stable Liaison
/// code (e.g. `LIAISON_FIELD_REQUIRED`) from it.
public struct LiaisonClient: Sendable {
  /// The generated stub, for calls this type does not wrap.
  public let raw: Liaison_V1_Broker.Client<HTTP2ClientTransport.Posix>
  /// The health stub.
  public let health: Grpc_Health_V1_Health.Client<HTTP2ClientTransport.Posix>
  /// The agency's key (from the credentials), used to sign receipts, acceptances, refusals,
  /// decisions and results.
  public let signingKey: P256.Signing.PrivateKey?

  /// Connects, runs `body`, then closes the connection gracefully.
  public static func connect<R: Sendable>(
    host: String, port: Int, credentials: ClientCredentials, _ body: (LiaisonClient) async throws -> R
  ) async throws -> R {
    let transport = try Self.transport(host: host, port: port, credentials: credentials)
    return try await withGRPCClient(transport: transport) { client in
      try await body(
        LiaisonClient(
          raw: .init(wrapping: client), health: .init(wrapping: client),
          signingKey: try? P256.Signing.PrivateKey(pemRepresentation: credentials.privateKeyPEM)))
    }
  }

  /// The mutual-TLS HTTP/2 transport to a broker (our CA only, full verification of the broker).
  public static func transport(host: String, port: Int, credentials: ClientCredentials) throws
    -> HTTP2ClientTransport.Posix
  {
    try HTTP2ClientTransport.Posix(
      target: host.first?.isNumber == true ? .ipv4(address: host, port: port) : .dns(host: host, port: port),
      transportSecurity: .mTLS(
        certificateChain: [.bytes(Array(credentials.certificatePEM.utf8), format: .pem)],
        privateKey: .bytes(Array(credentials.privateKeyPEM.utf8), format: .pem)
      ) { tls in
        tls.trustRoots = .certificates([.bytes(Array(credentials.trustRootPEM.utf8), format: .pem)])
        tls.serverCertificateVerification = .fullVerification
      },
      config: .defaults { config in
        config.http2.targetWindowSize = 1 << 20
        config.connection.flushCoalescing = nil
      })
  }

  /// Opens a case.
  public func submit(_ request: Liaison_V1_SubmitRequest) async throws -> Liaison_V1_SubmitResponse {
    try await raw.submit(request)
  }

  /// Takes a workflow action. Actions that must be signed (SPEC.md §4a) are signed here with the
  /// credentials' key unless the request already carries a signature.
  public func act(_ request: Liaison_V1_ActRequest) async throws -> Liaison_V1_ActResponse {
    var request = request
    if !request.hasSignature, ActionSigning.requiresSignature(request.body), let signingKey {
      try ActionSigning.sign(&request, with: signingKey, now: Int64(Date().timeIntervalSince1970 * 1000))
    }
    return try await raw.act(request)
  }

  /// Agencies of the broker's directory (all when `ids` is empty).
  public func agencies(_ ids: [String] = []) async throws -> [Liaison_V1_AgencyInfo] {
    try await raw.getAgencies(.with { $0.ids = ids }).agencies
  }

  /// Seals a discipline clue in place for its addressees and copies (their published keys, fetched
  /// from the directory), after checking the letter's required fields, with its identity (an
  /// idempotency key is chosen when the request has none: retry the sealed request, or seal the
  /// same letter again under that key). Seal the case's attachments
  /// first with ``ClueSealing/seal(attachment:key:)`` and pass the same `key`.
  public func sealClue(_ request: inout Liaison_V1_SubmitRequest, key: SymmetricKey = SymmetricKey(size: .bits256))
    async throws
  {
    guard case .disciplineClue(let letter) = request.body.kind else {
      throw LiaisonError(.fieldInvalid, "only a discipline_clue body is sealed", field: "body")
    }
    try CaseBodyRules.check(letter)
    let parties = request.envelope.addressees + request.envelope.copies
    let published = try await agencies(parties)
    var recipients: [ClueSealing.Recipient] = []
    for party in parties {
      guard let info = published.first(where: { $0.id == party }), !info.sealingKey.isEmpty else {
        throw LiaisonError(
          .fieldInvalid, "\(party) publishes no sealing key; a clue can only go to a commission that does",
          field: "envelope.addressees")
      }
      recipients.append(.init(agency: party, publicKey: Array(info.sealingKey)))
    }
    // Its identity: a retry of this request, sealed again, is recognised as the same one.
    if request.idempotencyKey.isEmpty { request.idempotencyKey = UUID().uuidString }
    var (sealed, _) = try ClueSealing.seal(request.body, for: recipients, key: key)
    sealed.identity = Data(try ClueSealing.identity(of: request.body, idempotencyKey: request.idempotencyKey))
    request.body = .with { $0.sealed = sealed }
  }

  /// One case with its events and deliveries.
  public func getCase(_ id: String) async throws -> Liaison_V1_CaseView {
    try await raw.getCase(.with { $0.caseID = id })
  }

  /// A page of the caller's cases.
  public func listCases(_ request: Liaison_V1_ListCasesRequest = .init()) async throws -> Liaison_V1_ListCasesResponse {
    try await raw.listCases(request)
  }

  /// Uploads an attachment in 64 KiB chunks; `sha256` (hex), when given, must match the bytes.
  public func putAttachment(
    _ data: [UInt8], title: String = "", mediaType: String = "application/octet-stream", sha256: String = "",
    progress: (@Sendable (Int) -> Void)? = nil
  ) async throws -> Liaison_V1_AttachmentRef {
    try await raw.putAttachment(
      request: StreamingClientRequest { writer in
        var offset = 0
        repeat {
          let end = min(offset + 65536, data.count)
          try await writer.write(
            .with {
              if offset == 0 {
                $0.header = .with {
                  $0.title = title
                  $0.mediaType = mediaType
                  $0.sha256 = sha256
                }
              }
              $0.data = Data(data[offset..<end])
            })
          offset = end
          progress?(offset)
        } while offset < data.count
      })
  }

  /// Downloads an attachment.
  public func getAttachment(_ sha256: String, progress: (@Sendable (Int) -> Void)? = nil) async throws -> [UInt8] {
    try await raw.getAttachment(.with { $0.sha256 = sha256 }) { response in
      var bytes: [UInt8] = []
      for try await chunk in response.messages {
        bytes.append(contentsOf: chunk.data)
        progress?(bytes.count)
      }
      return bytes
    }
  }

  /// Subscribes to the caller's deliveries for the duration of `body`.
  ///
  /// - Parameters:
  ///   - ackWait: how long the broker waits for an acknowledgement before sending a delivery again.
  ///   - window: how many unacknowledged deliveries the broker may have outstanding; acknowledging
  ///     through ``Subscription/acknowledge(_:)`` returns credit automatically.
  public func subscribe<R: Sendable>(
    ackWait: Duration = .seconds(30), window: Int = 256, _ body: @escaping @Sendable (Subscription) async throws -> R
  ) async throws -> R {
    let (outbound, requests) = AsyncStream<Liaison_V1_SubscribeRequest>.makeStream()
    let (inbound, deliveries) = AsyncThrowingStream<[Liaison_V1_Delivery], any Error>.makeStream()
    let millis = ackWait.components.seconds * 1000 + ackWait.components.attoseconds / 1_000_000_000_000_000
    requests.yield(
      .with {
        $0.options.ackWaitMs = UInt32(clamping: millis)
        $0.credit = UInt32(clamping: window)
      })
    let ledger = AcknowledgementLedger()
    let subscription = Subscription(deliveries: inbound, requests: requests, ledger: ledger)
    let raw = self.raw
    return try await withThrowingTaskGroup(of: R?.self) { group in
      group.addTask {
        do {
          try await raw.subscribe(
            request: StreamingClientRequest { writer in
              for await message in outbound { try await writer.write(message) }
            }
          ) { response in
            for try await batch in response.messages {
              if !batch.deliveries.isEmpty { deliveries.yield(batch.deliveries) }
              if !batch.committedAcks.isEmpty { ledger.confirmed(batch.committedAcks) }
            }
          }
          ledger.end()
          deliveries.finish()
        } catch {
          ledger.end()
          deliveries.finish(throwing: error)
        }
        return nil
      }
      group.addTask {
        let result = try await body(subscription)
        // The call ends once the broker confirmed the last acknowledgements committed (at most 10 s:
        // a broker that cannot commit does not hold the caller; those deliveries simply come again).
        await withTaskGroup(of: Void.self) { wait in
          wait.addTask { await subscription.allCommitted() }
          wait.addTask { try? await Task.sleep(for: .seconds(10)) }
          await wait.next()
          wait.cancelAll()
        }
        requests.finish()
        return result
      }
      while let next = try await group.next() {
        if let result = next {
          group.cancelAll()
          return result
        }
      }
      throw RPCError(code: .unavailable, message: "the subscription ended")
    }
  }

  /// The stable Liaison error code of a refused call (from the status's ErrorInfo), if any.
  public static func errorCode(_ error: any Error) -> String? {
    guard let rpc = error as? RPCError, let status = try? rpc.unpackGoogleRPCStatus() else { return nil }
    for detail in status.details {
      if let info = detail.errorInfo, info.domain == "liaison.v1" { return info.reason }
    }
    return nil
  }

  /// The field path of a refused call, if the error names one.
  public static func errorField(_ error: any Error) -> String? {
    guard let rpc = error as? RPCError, let status = try? rpc.unpackGoogleRPCStatus() else { return nil }
    for detail in status.details {
      if let info = detail.errorInfo, let field = info.metadata["field_path"] { return field }
    }
    return nil
  }
}
