import GRPCCore
import GRPCNIOTransportHTTP2
import LiaisonCore
import LiaisonStore
import LiaisonWire
import Logging
import ServiceLifecycle
import Synchronization

/// A whole broker: the store, the rules and the engine, the delivery hub, the deadline scheduler,
/// the federation links, the metrics endpoint and the gRPC server with mutual TLS. Its long-running
/// parts are ``services``, in start order (they stop in reverse: the server first, the store last);
/// `liaisond` runs them in its one `ServiceGroup`, and ``run()`` runs them in a group of their own
/// (tests). A graceful shutdown ends the subscriptions and federation streams, lets calls in flight
/// and their commits finish, and closes the store.
public final class LiaisonBroker: Sendable {
  /// The configuration in force.
  public let configuration: BrokerConfiguration
  /// The store.
  public let store: SQLiteStore
  let rules: RuleBook
  let hub: DeliveryHub
  let authenticator: Authenticator
  let scheduler: DeadlineScheduler
  let peers: PeerVerifier
  let links: [FederationLink]
  /// The broker's metrics (also served by the metrics endpoint when configured).
  public let metrics = BrokerMetrics()
  /// The long-running parts, in start order.
  public let services: [any Service]
  private let metricsPort = Locked<Int?>(nil)
  private let clock: any WallClock
  private let server: GRPCServer<HTTP2ServerTransport.Posix>
  private let transport: HTTP2ServerTransport.Posix
  private let serving = ServingFlag()
  private let stopping = Latch()
  private let logger: Logger
  private let group = Mutex<ServiceGroup?>(nil)

  /// Opens the store and prepares the services; nothing listens until they run.
  public init(
    configuration: BrokerConfiguration, directory: Directory, channels: ChannelPolicy, deadlines: DeadlineRules? = nil,
    clock: any WallClock = SystemClock(),
    logger: Logger = Logger(label: "liaisond"), batchObserver: (@Sendable (Int, Double) -> Void)? = nil
  ) throws {
    self.configuration = configuration
    self.logger = logger
    self.clock = clock
    let metrics = self.metrics
    let store = try SQLiteStore(
      .init(path: configuration.databasePath, region: configuration.region), clock: clock)
    self.store = store
    let rules = RuleBook(
      region: configuration.region, peers: configuration.federation.regions, directory: directory, channels: channels,
      deadlines: deadlines)
    self.rules = rules
    let hub = DeliveryHub(
      store: store, rules: rules, clock: clock, configuration: configuration.delivery, metrics: metrics)
    self.hub = hub
    authenticator = Authenticator(rules: rules, peerRegions: configuration.federation.regions)
    let scheduler = DeadlineScheduler(store: store, rules: rules, clock: clock, logger: logger, metrics: metrics)
    self.scheduler = scheduler
    let listener = configuration.listener
    let peers = try PeerVerifier(
      caPath: listener.clientCAPath, crlPath: listener.crlPath, peers: configuration.federation.peers, logger: logger)
    self.peers = peers
    let links = configuration.federation.peers.map { peer in
      FederationLink(
        peer: peer, store: store, settings: configuration.federation,
        credentials: .init(
          certificatePath: listener.certificatePath, privateKeyPath: listener.privateKeyPath,
          caPath: peer.caPath ?? listener.clientCAPath),
        // Reconnection pauses are network time, not the broker's clock (which tests move by hand).
        verifier: peers, clock: SystemClock(), logger: logger, metrics: metrics)
    }
    self.links = links
    let feed = CommitFeed(
      store: store, hub: hub, scheduler: scheduler, links: links, metrics: metrics, observer: batchObserver)
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
    let context = BrokerContext(
      configuration: configuration, rules: rules, authenticator: authenticator, store: store, hub: hub,
      waiters: ForwardWaiters(), clock: clock, logger: logger, metrics: metrics,
      limiter: Locked(
        RateLimiter(rate: configuration.limits.agencyRequestsPerSecond, burst: configuration.limits.agencyBurst)),
      stopping: stopping,
      remoteAttachment: { [store, links, clock] sha256 throws(LiaisonError) in
        guard let home = try? await store.attachmentHome(sha256),
          let link = links.first(where: { $0.peer.region == home })
        else { return nil }
        return try await link.fetchAttachment(sha256, now: clock.nowMillis())
      })
    let serving = self.serving
    server = GRPCServer(
      transport: transport,
      services: [
        BrokerService(broker: context),
        FederationService(
          broker: context,
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
    var services: [any Service] = [StoreService(store: store), feed, hub, scheduler]
    services += links as [any Service]
    services.append(RevocationWatcher(verifier: peers))
    if let endpoint = configuration.metrics {
      let metricsPort = self.metricsPort
      services.append(
        MetricsService(
          endpoint: MetricsEndpoint(
            host: endpoint.host, port: endpoint.port,
            metrics: { [metrics, hub, store, links, clock, rules] in
              await Self.scrape(
                metrics: metrics, hub: hub, store: store, links: links, deadlines: rules.deadlines,
                now: clock.nowMillis())
            },
            ready: { serving.isServing }, logger: logger),
          bound: { port in metricsPort.withLock { $0 = port } }))
    }
    services.append(
      RPCServer(server: server, transport: transport, serving: serving, stopping: stopping, hub: hub))
    self.services = services
  }

  /// The bound port (waits until the server listens).
  public var listeningPort: Int {
    get async throws {
      try await transport.listeningAddress.ipv4?.port ?? configuration.listener.port
    }
  }

  /// Replaces the directory (reload).
  public func replaceDirectory(_ directory: Directory) {
    rules.replace(directory)
  }

  /// Re-reads the certificate revocation lists (ours and the peer CAs') now (SIGHUP); the broker
  /// also re-reads one when its file changes. Open connections stay; new handshakes use the new list.
  public func reloadRevocations() throws {
    try peers.reload()
  }

  /// Replaces the channel policy (reload); requests already committed are not re-checked.
  public func replaceChannelPolicy(_ channels: ChannelPolicy) {
    rules.replace(channels)
  }

  /// Replaces the deadline policies and calendar (reload); deadlines already running keep their due
  /// times, later events use the new rules.
  /// Replaces the deadline rules; when the new calendar has official schedules the old one lacked,
  /// counts the provisional deadlines again on it (returns how many cases had some).
  @discardableResult
  public func replaceDeadlineRules(_ deadlines: DeadlineRules) async -> Int {
    let before = Set(rules.deadlines?.calendar.officialYears ?? [])
    rules.replace(deadlines)
    guard !Set(deadlines.calendar.officialYears).subtracting(before).isEmpty else { return 0 }
    return await recountProvisionalDeadlines()
  }

  /// Counts every running provisional deadline again on the calendar in force (the scheduler also
  /// does at start); returns how many cases had some.
  @discardableResult
  public func recountProvisionalDeadlines() async -> Int {
    await scheduler.recountProvisional()
  }

  /// The deadline rules in force, if any.
  public var deadlineRules: DeadlineRules? { rules.deadlines }

  /// The delivery state of each agency: unacknowledged and in-flight deliveries, connections, the
  /// next ack wait or redelivery due.
  public func deliveryStats() -> [AgencyID: AgencyDeliveryStats] {
    hub.snapshot()
  }

  /// Runs the broker's services in a group of their own until cancelled or ``beginShutdown()``
  /// (liaisond runs ``services`` in its own group instead).
  public func run() async throws {
    let group = ServiceGroup(
      configuration: .init(services: services.map { .init(service: $0) }, logger: logger))
    self.group.withLock { $0 = group }
    logger.info("broker starting", metadata: ["region": "\(configuration.region)"])
    try await group.run()
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
    await Self.scrape(
      metrics: metrics, hub: hub, store: store, links: links, deadlines: rules.deadlines, now: clock.nowMillis())
  }

  private static func scrape(
    metrics: BrokerMetrics, hub: DeliveryHub, store: SQLiteStore, links: [FederationLink], deadlines: DeadlineRules?,
    now: Int64
  ) async -> [UInt8] {
    let snapshot = hub.snapshot()
    let counts = (try? await store.deadlineCounts(now: now)) ?? []
    metrics.refresh(
      connectedAgencies: snapshot.values.count { $0.connections > 0 },
      unacknowledged: snapshot.values.reduce(0) { $0 + $1.unacknowledged }, deadlines: counts,
      yearsWithoutCalendar: deadlines?.yearsWithoutSchedule(from: now) ?? [])
    if !links.isEmpty {
      metrics.refreshFederation(
        (try? await store.outboundStats()) ?? [], peers: links.map(\.peer.region),
        connected: Set(links.filter(\.isConnected).map(\.peer.region)), now: now)
    }
    return metrics.exposition()
  }

  /// Raises the deadline alerts due now (the scheduler does this on its own; tests with a manual
  /// clock may call it after moving the clock). Returns the number of events raised.
  @discardableResult
  public func fireDueAlarms() async -> Int {
    await scheduler.fireDue()
  }

  /// Begins a graceful shutdown of ``run()``: the server stops reporting ready, subscriptions and
  /// federation streams end, calls in flight finish, the store closes last.
  public func beginShutdown() async {
    serving.set(false)
    await group.withLock { $0 }?.triggerGracefulShutdown()
  }
}
