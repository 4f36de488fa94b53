import GRPCCore
import GRPCNIOTransportHTTP2
import LiaisonCore
import LiaisonSecurity
import LiaisonWire
import Logging
import ServiceLifecycle
import SwiftProtobuf
import Synchronization

/// This broker's link to one peer broker: it dials the peer with the broker certificate, opens
/// `Federation.Exchange` and sends the outbound queue for the peer's region in order, in batches,
/// with at most a window of items unacknowledged. Acknowledged items leave the queue. When the link
/// breaks it dials again with a growing pause, and starts again from the oldest unacknowledged item
/// (the peer applies each item once).
final class FederationLink: Service, Sendable {
  /// The TLS material the link dials with.
  struct Credentials: Sendable {
    var certificatePath: String
    var privateKeyPath: String
    var caPath: String
  }

  let peer: BrokerConfiguration.Peer
  private let store: any FederationStore
  private let settings: BrokerConfiguration.Federation
  private let credentials: Credentials
  private let verifier: PeerVerifier
  private let clock: any WallClock
  private let logger: Logger
  private let metrics: BrokerMetrics
  private let doorbell = Doorbell()
  private let connected = Atomic<Bool>(false)
  /// Largest batch in bytes, below the peer's message limit.
  private let maxBatchBytes = 4 << 20

  init(
    peer: BrokerConfiguration.Peer, store: any FederationStore, settings: BrokerConfiguration.Federation,
    credentials: Credentials, verifier: PeerVerifier, clock: any WallClock, logger: Logger, metrics: BrokerMetrics
  ) {
    self.clock = clock
    self.peer = peer
    self.store = store
    self.settings = settings
    self.credentials = credentials
    self.verifier = verifier
    self.logger = logger
    self.metrics = metrics
  }

  /// True while an Exchange stream to the peer is open and acknowledging.
  var isConnected: Bool { connected.load(ordering: .relaxed) }

  /// New items were queued for the peer.
  func notify() { doorbell.ring() }

  /// Dials and sends until shutdown.
  func run() async throws {
    await cancelWhenGracefulShutdown { await self.link() }
  }

  private func link() async {
    var pause = Int64(200)
    while !Task.isCancelled {
      let started = clock.nowMillis()
      do {
        try await exchange()
      } catch {
        if !Task.isCancelled {
          logger.warning(
            "link to peer broker down", metadata: ["peer": "\(peer.region)", "reason": "\(error)"])
        }
      }
      connected.store(false, ordering: .relaxed)
      // A link that stayed up a while starts again with a short pause.
      if clock.nowMillis() - started > 10_000 { pause = 200 }
      try? await clock.sleep(milliseconds: pause)
      pause = min(pause * 2, settings.reconnectMaxMillis)
    }
  }

  /// The mutual-TLS transport to the peer: the peer's own CA when configured (else ours), and the
  /// peer's broker URI in its certificate.
  private func transport() throws -> HTTP2ClientTransport.Posix {
    let verifier = self.verifier
    let region = peer.region
    let credentials = self.credentials
    return try HTTP2ClientTransport.Posix(
      target: peer.host.first?.isNumber == true
        ? .ipv4(address: peer.host, port: peer.port) : .dns(host: peer.host, port: peer.port),
      transportSecurity: .mTLS(
        certificateChain: [.file(path: credentials.certificatePath, format: .pem)],
        privateKey: .file(path: credentials.privateKeyPath, format: .pem)
      ) { tls in
        tls.trustRoots = .certificates([.file(path: credentials.caPath, format: .pem)])
        // The peer is recognised by its broker URI (and its CA, validity, revocation), not its host name.
        tls.serverCertificateVerification = .noHostnameVerification
        tls.customVerificationCallback = { certificates, promise in
          verifier.verify(certificates, promise, peer: region)
        }
      },
      config: .defaults { config in
        config.http2.targetWindowSize = 1 << 20
        config.connection.flushCoalescing = nil
      })
  }

  /// Fetches an attachment from the peer, checks its digest and keeps it here.
  func fetchAttachment(_ sha256: String, now: Int64) async throws(LiaisonError) -> (AttachmentRecord, [UInt8]) {
    let region = peer.region
    do {
      let (header, data) = try await withGRPCClient(transport: try transport()) { client in
        try await Liaison_V1_Federation.Client(wrapping: client).fetchAttachment(.with { $0.sha256 = sha256 }) {
          try await AttachmentChunks.receive($0.messages)
        }
      }
      guard Hex.encode(RequestDigest.sha256(data)) == sha256 else {
        throw LiaisonError(.attachmentDigestMismatch, "broker \(region) sent other bytes for \(sha256)")
      }
      let record = AttachmentRecord(
        sha256: sha256, size: Int64(data.count), mediaType: header.mediaType, title: header.title,
        uploadedBy: AgencyID("\(region).liaison") ?? AgencyID("tj.liaison")!, uploadedAt: now)
      try await store.putAttachment(record, data: data)
      return (record, data)
    } catch let error as LiaisonError {
      throw error
    } catch {
      throw LiaisonError(
        .unavailable,
        "attachment \(sha256) is kept by the broker of region \(peer.region), which cannot be reached now (\(error)); retry later"
      )
    }
  }

  private func exchange() async throws {
    let transport = try transport()
    try await withGRPCClient(transport: transport) { client in
      let federation = Liaison_V1_Federation.Client(wrapping: client)
      let window = Locked(OutboundWindow(limit: settings.window, batchSize: settings.batchSize))
      let request = StreamingClientRequest<Liaison_V1_ExchangeBatch> { writer in
        try await self.send(to: writer, window: window)
      }
      try await federation.exchange(request: request) { response in
        for try await ack in response.messages {
          self.received(ack, window: window)
        }
      }
    }
  }

  /// Sends queued items from the oldest unacknowledged one, keeping at most the window in flight.
  private func send(to writer: RPCWriter<Liaison_V1_ExchangeBatch>, window: Locked<OutboundWindow>) async throws {
    while !Task.isCancelled {
      let (room, last) = window.withLock { ($0.room, $0.lastSent) }
      guard room > 0 else {
        await doorbell.wait(until: clock.nowMillis() + 200, clock: clock)
        continue
      }
      let items = try await store.outbound(peer: peer.region, after: last, limit: room, maxBytes: maxBatchBytes)
      guard !items.isEmpty else {
        await doorbell.wait(until: clock.nowMillis() + 200, clock: clock)
        continue
      }
      var batch = Liaison_V1_ExchangeBatch()
      var bytes = 0
      for item in items {
        let wire = try FederationCodec.wire(item)
        bytes += wire.event.content.count + wire.action.certificate.count + 1024
        batch.items.append(wire)
        if bytes >= maxBatchBytes { break }
      }
      window.withLock { $0.sent(batch.items.map { Int64($0.id) }) }
      try await writer.write(batch)
    }
  }

  private func received(_ ack: Liaison_V1_ExchangeAck, window: Locked<OutboundWindow>) {
    let upTo = Int64(ack.acknowledged)
    let (count, first, wasFull) = window.withLock { state -> (Int, Bool, Bool) in
      let first = !state.acknowledgedOnce
      let wasFull = state.room == 0
      return (state.acknowledge(upTo: upTo), first, wasFull)
    }
    if first {
      connected.store(true, ordering: .relaxed)
      logger.info("link to peer broker up", metadata: ["peer": "\(peer.region)"])
    }
    store.dequeueOutbound(peer: peer.region, upTo: upTo)
    for refused in ack.refused {
      logger.error(
        "peer broker refused an item; it is not retried",
        metadata: [
          "peer": "\(peer.region)", "item": "\(refused.id)", "code": "\(refused.error.code)",
          "reason": "\(refused.error.message)",
        ])
    }
    metrics.countFederation(peer: peer.region, direction: "sent", items: count, refused: ack.refused.count)
    // Only a full window holds the sender back; otherwise it waits for new items, not for acks
    // (ringing on every ack cost an empty read of the queue per batch).
    if wasFull, count > 0 { doorbell.ring() }
  }
}
