import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import LiaisonClient
import LiaisonCore
import LiaisonSecurity
import LiaisonTesting
import LiaisonWire
import SwiftProtobuf
import Testing

/// Beijing, Tianjin and Hebei as three real `liaisond serve` processes on loopback, one CA, each
/// with its broker certificate, every broker-to-broker link through a relay the test can cut.
final class ThreeRegions: Sendable {
  static let regions = ["bj", "tj", "he"]
  let folder: TemporaryDirectory
  let pki: TestPKI
  private let listening = Locked<[String: Int]>([:])
  let metricsPorts: [String: Int]
  /// Relays by "from>to".
  let links: [String: LinkProxy]
  private let processes = Locked<[String: ChildProcess]>([:])

  init() async throws {
    folder = try TemporaryDirectory()
    pki = try TestPKI(folder: folder)
    var metricsPorts: [String: Int] = [:]
    for region in Self.regions { metricsPorts[region] = freePort() }
    // The relays listen first; each learns its broker's port whenever that broker (re)starts.
    var links: [String: LinkProxy] = [:]
    for from in Self.regions {
      for to in Self.regions where to != from { links["\(from)>\(to)"] = try await LinkProxy() }
    }
    self.metricsPorts = metricsPorts
    self.links = links
  }

  /// Starts (or restarts) a region's broker with its certificate (a rogue CA's when asked) and,
  /// optionally, a revocation list.
  func start(_ region: String, certificate: String? = nil, crl: String? = nil) async throws {
    let base = try certificate ?? pki.broker(region: region)
    var arguments = [
      "serve", "--region", region, "--host", "127.0.0.1", "--port", "0",
      "--certificate", base + ".pem", "--key", base + ".key", "--client-ca", pki.caPath,
      "--database", folder.file("\(region).sqlite"), "--directory", Fixtures.directoryPath,
      "--authorization", "\(Fixtures.repositoryRoot)/Deploy/authorization/channels.yaml",
      "--policies", "\(Fixtures.repositoryRoot)/Deploy/policies",
      "--calendar", "\(Fixtures.repositoryRoot)/Deploy/calendar",
      "--metrics-port", "\(metricsPorts[region]!)", "--federation-act-wait-ms", "1000",
      "--agency-requests-per-second", "100000", "--agency-burst", "100000",
    ]
    for peer in Self.regions where peer != region {
      arguments += ["--peer", "\(peer)=127.0.0.1:\(links["\(region)>\(peer)"]!.port)"]
    }
    if let crl { arguments += ["--crl", crl] }
    let process = try ChildProcess("liaisond", arguments)
    processes.withLock { $0[region] = process }
    let output = await process.waitForOutput(containing: "listening on", seconds: 60)
    let line = try #require(
      output?.split(separator: "\n").first { $0.contains("listening on") },
      "liaisond \(region) did not start: \(process.text)")
    let port = try #require(line.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) })
    listening.withLock { $0[region] = port }
    for from in Self.regions where from != region { links["\(from)>\(region)"]!.retarget(port) }
  }

  /// The port a region's broker listens on now.
  func port(_ region: String) -> Int { listening.withLock { $0[region] ?? 0 } }

  func startAll() async throws {
    for region in Self.regions { try await start(region) }
  }

  func process(_ region: String) -> ChildProcess? { processes.withLock { $0[region] } }

  /// Stops a broker with a signal and waits for it to exit.
  func stop(_ region: String, signal: Int32 = SIGTERM) async {
    guard let process = process(region) else { return }
    process.kill(signal)
    _ = await process.waitForExit(seconds: 30)
  }

  /// Cuts (or restores) both directions between two regions.
  func cut(_ a: String, _ b: String) async {
    await links["\(a)>\(b)"]!.cut()
    await links["\(b)>\(a)"]!.cut()
  }

  func restore(_ a: String, _ b: String) {
    links["\(a)>\(b)"]!.restore()
    links["\(b)>\(a)"]!.restore()
  }

  /// A client of `region`'s broker as `agency`.
  func client<R: Sendable>(_ region: String, as agency: String, _ body: (LiaisonClient) async throws -> R)
    async throws -> R
  {
    let base = try pki.agency("liaison://agency/\(agency)")
    let credentials = try ClientCredentials.files(
      certificate: base + ".pem", privateKey: base + ".key", trustRoot: pki.caPath)
    return try await LiaisonClient.connect(host: "127.0.0.1", port: port(region), credentials: credentials, body)
  }

  /// A raw gRPC transport to a region's broker presenting the certificate at `base` (.pem/.key).
  func transport(to region: String, presenting base: String) throws -> HTTP2ClientTransport.Posix {
    try HTTP2ClientTransport.Posix(
      target: .ipv4(address: "127.0.0.1", port: port(region)),
      transportSecurity: .mTLS(
        certificateChain: [.file(path: base + ".pem", format: .pem)],
        privateKey: .file(path: base + ".key", format: .pem)
      ) { tls in
        tls.trustRoots = .certificates([.file(path: pki.caPath, format: .pem)])
        tls.serverCertificateVerification = .noHostnameVerification
      })
  }

  /// `liaisond federation queue --json` of a region's database: depth per peer.
  func queueDepths(_ region: String) async throws -> [String: Int] {
    let (status, output) = try await ChildProcess.run(
      "liaisond", ["federation", "queue", "--database", folder.file("\(region).sqlite"), "--json"])
    guard status == 0, let data = output.data(using: .utf8),
      let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
      let queues = object["queues"] as? [[String: Any]]
    else { throw RPCError(code: .internalError, message: "federation queue failed: \(output)") }
    return Dictionary(uniqueKeysWithValues: queues.map { ($0["peer"] as? String ?? "", $0["depth"] as? Int ?? 0) })
  }

  /// Runs `body` with the three regions (not yet started), then stops every process and relay.
  static func with(_ body: (ThreeRegions) async throws -> Void) async throws {
    let regions = try await ThreeRegions()
    do {
      try await body(regions)
    } catch {
      await regions.shutDown()
      throw error
    }
    await regions.shutDown()
  }

  func shutDown() async {
    for region in Self.regions { await stop(region) }
    for link in links.values { await link.close() }
    folder.remove()
  }
}
