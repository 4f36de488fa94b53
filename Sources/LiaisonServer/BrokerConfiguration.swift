import LiaisonCore

/// Everything `liaisond` needs to serve. Every default is stated on its property.
public struct BrokerConfiguration: Sendable {
  /// Where to listen and with which TLS material.
  public struct Listener: Sendable {
    /// Interface to bind. Default `127.0.0.1`.
    public var host: String = "127.0.0.1"
    /// TCP port; 0 picks a free one. Default 7443.
    public var port: Int = 7443
    /// PEM file of the broker's certificate (chain).
    public var certificatePath: String
    /// PEM file of the broker's private key.
    public var privateKeyPath: String
    /// PEM file of the CA that issues agency certificates: the only trust root for clients.
    public var clientCAPath: String
    /// Certificate revocation list (PEM or DER) of that CA, re-read when it changes. Default none.
    public var crlPath: String?

    public init(
      host: String = "127.0.0.1", port: Int = 7443, certificatePath: String, privateKeyPath: String,
      clientCAPath: String, crlPath: String? = nil
    ) {
      self.crlPath = crlPath
      self.host = host
      self.port = port
      self.certificatePath = certificatePath
      self.privateKeyPath = privateKeyPath
      self.clientCAPath = clientCAPath
    }
  }

  /// Size limits that protect the broker.
  public struct Limits: Sendable {
    /// Largest encoded channel or action body, in bytes. Default 1 MiB.
    public var maxBodyBytes: Int = 1 << 20
    /// Largest attachment, in bytes. Default 64 MiB.
    public var maxAttachmentBytes: Int = 64 << 20
    /// Largest gRPC message the broker accepts, in bytes. Default 8 MiB (a SubmitBatch of many cases).
    public var maxMessageBytes: Int = 8 << 20
    /// Most requests in one SubmitBatch. Default 1000.
    public var maxBatch: Int = 1000
    /// Requests per second each agency may make on average (submissions count one per case, reads
    /// and actions one each). Default 5000.
    public var agencyRequestsPerSecond: Double = 5000
    /// Requests an agency may make at once before the rate applies. Default 20000.
    public var agencyBurst: Double = 20000
    /// Largest difference between a signature's `signed_at` and the broker's clock, in ms. Default
    /// 24 hours.
    public var maxSignatureSkewMillis: Int64 = 24 * 3_600_000
    /// Most addressees and copies of one case, together. Default 100 (the store allows 255 parties).
    public var maxParties: Int = 100

    public init() {}
  }

  /// Delivery settings.
  public struct Delivery: Sendable {
    /// Ack wait when the subscriber asks for none, in ms. Default 30000.
    public var defaultAckWait: Int64 = 30000
    /// Delay before the first redelivery, in ms (doubling up to `backoffMax`). Default 1000.
    public var backoffBase: Int64 = 1000
    /// Longest delay between redeliveries, in ms. Default 60000.
    public var backoffMax: Int64 = 60000
    /// How often redelivery timers are checked, in ms. Default 50.
    public var tick: Int64 = 50

    public init() {}
  }

  /// Where the Prometheus and health endpoint listens (plain HTTP).
  public struct Metrics: Sendable {
    /// Interface. Default `127.0.0.1`.
    public var host: String = "127.0.0.1"
    /// Port; 0 picks a free one.
    public var port: Int

    public init(host: String = "127.0.0.1", port: Int) {
      self.host = host
      self.port = port
    }
  }

  /// A peer broker of another region (SPEC.md §12).
  public struct Peer: Sendable, Hashable {
    /// The peer's region; its certificate must name `liaison://broker/<region>`.
    public var region: String
    /// Host (IPv4 address or name) of the peer's listener.
    public var host: String
    /// Port of the peer's listener.
    public var port: Int
    /// PEM file of the CA that issued the peer's broker certificate, when the peer's region has its
    /// own PKI; it vouches for `liaison://broker/<region>` only. Default `nil`: the peer's broker
    /// certificate is issued by our CA (`Listener.clientCAPath`).
    public var caPath: String?
    /// Revocation list (PEM or DER) of that CA, re-read when it changes. Default none.
    public var crlPath: String?

    public init(region: String, host: String, port: Int, caPath: String? = nil, crlPath: String? = nil) {
      self.region = region
      self.host = host
      self.port = port
      self.caPath = caPath
      self.crlPath = crlPath
    }
  }

  /// Federation with the brokers of other regions.
  public struct Federation: Sendable {
    /// The peers, one per region. Default none: every agency of the directory is served here.
    public var peers: [Peer] = []
    /// Most items sent to a peer and not yet acknowledged. Default 8192.
    public var window: Int = 8192
    /// Most items in one batch. Default 512.
    public var batchSize: Int = 512
    /// How long an agency's action on a case homed at a peer waits for the peer's answer before it
    /// is answered `forwarded`, in ms. Default 5000.
    public var actWaitMillis: Int64 = 5000
    /// Longest pause between attempts to reach a peer, in ms (doubling from 200). Default 5000.
    public var reconnectMaxMillis: Int64 = 5000

    public init(peers: [Peer] = []) {
      self.peers = peers
    }

    /// The peers' regions.
    public var regions: Set<String> { Set(peers.map(\.region)) }
  }

  /// This broker's region (`tj`, `bj`, `he`); prefixes the ids it assigns. Default `tj`.
  public var region: String = "tj"
  /// The listener.
  public var listener: Listener
  /// Path of the SQLite database file.
  public var databasePath: String
  /// Size limits.
  public var limits = Limits()
  /// Delivery settings.
  public var delivery = Delivery()
  /// The metrics and health endpoint; `nil` (the default) runs none.
  public var metrics: Metrics?
  /// Peer brokers of other regions. Default none.
  public var federation = Federation()

  public init(region: String = "tj", listener: Listener, databasePath: String) {
    self.region = region
    self.listener = listener
    self.databasePath = databasePath
  }
}
