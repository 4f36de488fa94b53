import GRPCCore
import GRPCNIOTransportHTTP2
import LiaisonCore
import LiaisonStore
import LiaisonWire
import Logging
import ServiceLifecycle
import Synchronization

/// A whole broker: store, directory, delivery hub and the gRPC server with mutual TLS. Run it as a
/// `Service` (in `liaisond`'s `ServiceGroup`) or directly with ``run()``; cancelling or a graceful
/// shutdown stops accepting calls, lets in-flight calls finish and closes the store.
public final class LiaisonBroker: Service, Sendable {
  /// The configuration in force.
  public let configuration: BrokerConfiguration
  /// The store.
  public let store: SQLiteStore
  let hub: DeliveryHub
  let authenticator: Authenticator
  let scheduler: DeadlineScheduler
  let peers: PeerVerifier
  let links: [FederationLink]
  /// The broker's metrics (also served by the metrics endpoint when configured).
  public let metrics = BrokerMetrics()
  private let metricsPort = Locked<Int?>(nil)
  private let clock: any WallClock
  private let server: GRPCServer<HTTP2ServerTransport.Posix>
  private let transport: HTTP2ServerTransport.Posix
  private let serving = ServingFlag()
  private let stopping = Latch()
  private let logger: Logger

  /// Opens the store and prepares the server; nothing listens until ``run()``.
  public init(
    configuration: BrokerConfiguration, directory: Directory, channels: ChannelPolicy, deadlines: DeadlineRules? = nil,
    clock: any WallClock = SystemClock(),
    logger: Logger = Logger(label: "liaisond"), batchObserver: (@Sendable (Int, Double) -> Void)? = nil
  ) throws {
    self.configuration = configuration
    self.logger = logger
    self.clock = clock
    let metrics = self.metrics
    store = try SQLiteStore(
      .init(
        path: configuration.databasePath, region: configuration.region, peers: configuration.federation.regions),
      clock: clock,
      batchObserver: { requests, seconds in
        metrics.recordCommit(requests: requests, seconds: seconds)
        batchObserver?(requests, seconds)
      })
    store.setDeadlineRules(deadlines)
    hub = DeliveryHub(store: store, clock: clock, configuration: configuration.delivery, metrics: metrics)
    authenticator = Authenticator(
      directory: directory, channels: channels, peerRegions: configuration.federation.regions)
    let authenticator = self.authenticator
    let region = configuration.region
    scheduler = DeadlineScheduler(store: store, hub: hub, clock: clock, logger: logger, metrics: metrics) {
      AlarmContext(
        directory: authenticator.currentDirectory, actor: AgencyID("\(region).liaison") ?? AgencyID("tj.liaison")!,
        encode: EventAssembler.escalationContent)
    }
    let listener = configuration.listener
    let peers = try PeerVerifier(
      caPath: listener.clientCAPath, crlPath: listener.crlPath, peers: configuration.federation.peers, logger: logger)
    self.peers = peers
    let store = self.store
    let links = configuration.federation.peers.map { peer in
      FederationLink(
        peer: peer, store: store, settings: configuration.federation,
        credentials: .init(
          certificatePath: listener.certificatePath, privateKeyPath: listener.privateKeyPath,
          caPath: peer.caPath ?? listener.clientCAPath),
        verifier: peers, logger: logger, metrics: metrics)
    }
    self.links = links
    store.observeOutbound { regions in
      for link in links where regions.contains(link.peer.region) { link.notify() }
    }
    let waiters = ForwardWaiters()
    transport = HTTP2ServerTransport.Posix(
      address: .ipv4(host: listener.host, port: listener.port),
      transportSecurity: .mTLS(
        certificateChain: [.file(path: listener.certificatePath, format: .pem)],
        privateKey: .file(path: listener.privateKeyPath, format: .pem)
      ) { tls in
        // Only our CA (peer regions' own CAs are checked by `peers`): the transport would otherwise
        // also trust the system's public CAs.
        tls.trustRoots = .certificates([.file(path: listener.clientCAPath, format: .pem)])
        tls.clientCertificateVerification = .noHostnameVerification
        tls.requireALPN = true
        // Chain to a trusted CA that vouches for the leaf, validity period and revocation, checked
        // by us at the handshake.
        tls.customVerificationCallback = { certificates, promise in peers.verify(certificates, promise) }
      },
      config: .defaults { config in
        config.http2.targetWindowSize = 1 << 20
        config.rpc.maxRequestPayloadSize = configuration.limits.maxMessageBytes
        // Flush at once: delaying writes to batch them cost ~400 µs per hop at low rates and did not
        // help throughput, because deliveries and results are already batched per message.
        config.connection.flushCoalescing = nil
      })
    let serving = self.serving
    let stopping = self.stopping
    server = GRPCServer(
      transport: transport,
      services: [
        BrokerService(
          authenticator: authenticator, store: store, hub: hub, waiters: waiters, configuration: configuration,
          clock: clock, logger: logger, metrics: metrics,
          limiter: Locked(
            RateLimiter(
              rate: configuration.limits.agencyRequestsPerSecond, burst: configuration.limits.agencyBurst)),
          deadlines: { [store] in store.deadlineRules },
          remoteAttachment: { [store, links, clock] sha256 throws(LiaisonError) in
            guard let home = try? await store.attachmentHome(sha256),
              let link = links.first(where: { $0.peer.region == home })
            else { return nil }
            return try await link.fetchAttachment(sha256, now: clock.nowMillis())
          }),
        FederationService(
          authenticator: authenticator, store: store, hub: hub, waiters: waiters, configuration: configuration,
          clock: clock, logger: logger, metrics: metrics, stopping: stopping,
          fetchFromPeer: { [links, clock, logger] peer, sha256 in
            do {
              _ = try await links.first { $0.peer.region == peer }?.fetchAttachment(sha256, now: clock.nowMillis())
            } catch {
              // The action is then refused for its missing attachment, back to its actor.
              logger.warning(
                "could not fetch an attachment from a peer", metadata: ["peer": "\(peer)", "error": "\(error)"])
            }
          }),
        HealthService { serving.isServing },
      ])
  }

  /// The bound port (waits until the server listens).
  public var listeningPort: Int {
    get async throws {
      try await transport.listeningAddress.ipv4?.port ?? configuration.listener.port
    }
  }

  /// Replaces the directory (reload).
  public func replaceDirectory(_ directory: Directory) {
    authenticator.replace(directory)
  }

  /// Re-reads the certificate revocation lists (ours and the peer CAs') now (SIGHUP); the broker
  /// also re-reads one when its file changes. Open connections stay; new handshakes use the new list.
  public func reloadRevocations() throws {
    try peers.reload()
  }

  /// Replaces the channel policy (reload); requests already validated are not re-checked.
  public func replaceChannelPolicy(_ channels: ChannelPolicy) {
    authenticator.replace(channels)
  }

  /// Replaces the deadline policies and calendar (reload); clocks already running keep their due
  /// times, later events use the new rules.
  public func replaceDeadlineRules(_ deadlines: DeadlineRules) {
    store.setDeadlineRules(deadlines)
  }

  /// Unacknowledged deliveries and subscriber connections per agency.
  public func deliveryStats() -> [AgencyID: (unacknowledged: Int, connections: Int)] {
    hub.snapshot()
  }

  /// Loads unacknowledged deliveries, serves until cancelled or shut down gracefully, then closes
  /// the store after in-flight commits.
  public func run() async throws {
    let pending = try await store.pendingDeliveries()
    var cases: [String: CaseRecord] = [:]
    var restored: [(DeliveryRecord, Liaison_V1_Event)] = []
    for (delivery, event) in pending {
      if cases[event.caseID] == nil { cases[event.caseID] = try await store.caseRecord(event.caseID) }
      guard let record = cases[event.caseID] else { continue }
      restored.append((delivery, EventAssembler.event(event, of: record)))
    }
    hub.enqueue(restored)
    logger.info(
      "broker starting", metadata: ["pending_deliveries": "\(restored.count)", "region": "\(configuration.region)"])
    defer { store.close() }
    try await withGracefulShutdownHandler {
      try await withThrowingTaskGroup(of: Bool.self) { group in
        group.addTask {
          try await self.server.serve()
          return true
        }
        group.addTask {
          await self.hub.run()
          return false
        }
        group.addTask {
          await self.scheduler.run()
          return false
        }
        for link in self.links {
          group.addTask {
            await link.run()
            return false
          }
        }
        if let endpoint = configuration.metrics {
          group.addTask {
            try await MetricsEndpoint(
              host: endpoint.host, port: endpoint.port, metrics: { await self.scrape() },
              ready: { self.serving.isServing }, logger: self.logger
            ).run { port in self.metricsPort.withLock { $0 = port } }
            return false
          }
        }
        group.addTask {
          // The revocation list's file is polled once a second.
          while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            self.peers.reloadIfChanged()
          }
          return false
        }
        group.addTask {
          _ = try? await self.transport.listeningAddress
          self.serving.set(true)
          return false
        }
        // When the server has stopped (graceful shutdown or cancellation), stop the delivery timer.
        while let serverEnded = try await group.next() {
          if serverEnded {
            group.cancelAll()
            break
          }
        }
      }
    } onGracefulShutdown: {
      self.beginShutdown()
    }
  }

  /// The metrics endpoint's bound port, once it listens (`nil` when none is configured).
  public var metricsListeningPort: Int? {
    get async {
      guard configuration.metrics != nil else { return nil }
      for _ in 0..<500 {
        if let port = metricsPort.withLock({ $0 }) { return port }
        try? await Task.sleep(for: .milliseconds(10))
      }
      return nil
    }
  }

  /// Refreshes the gauges and returns the Prometheus exposition.
  public func scrape() async -> [UInt8] {
    let snapshot = hub.snapshot()
    let counts = (try? await store.deadlineCounts(now: clock.nowMillis())) ?? []
    metrics.refresh(
      connectedAgencies: snapshot.values.count { $0.connections > 0 },
      unacknowledged: snapshot.values.reduce(0) { $0 + $1.unacknowledged }, deadlines: counts)
    if !links.isEmpty {
      metrics.refreshFederation(
        (try? await store.outboundStats()) ?? [], peers: links.map(\.peer.region),
        connected: Set(links.filter(\.isConnected).map(\.peer.region)), now: clock.nowMillis())
    }
    return metrics.exposition()
  }

  /// Raises the deadline alerts due now (the scheduler does this on its own; tests with a manual
  /// clock call it after moving the clock). Returns the number of events raised.
  @discardableResult
  public func fireDueAlarms() async -> Int {
    await scheduler.fireDue()
  }

  /// Stops accepting new calls; calls in flight finish.
  public func beginShutdown() {
    serving.set(false)
    stopping.open()
    server.beginGracefulShutdown()
  }
}
