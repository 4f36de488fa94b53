import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonServer

/// Options shared by the commands that run a broker.
struct BrokerOptions: ParsableArguments {
  @Option(help: "Interface to listen on.")
  var host = "127.0.0.1"

  @Option(help: "TCP port (0 picks a free one).")
  var port = 7443

  @Option(help: "This broker's region: tj, bj or he.")
  var region = "tj"

  @Option(help: "Agency directory (YAML).")
  var directory = "Deploy/directory/directory.yaml"

  @Option(
    help: "Folder of published sealing keys (<agency id>.seal.pub, 64 hex digits) added to the directory.")
  var sealingKeys: String?

  @Option(help: "Channel policy: who may open which channel towards whom (YAML).")
  var authorization = "Deploy/authorization/channels.yaml"

  @Option(help: "Folder of deadline policy files (*.yaml).")
  var policies = "Deploy/policies"

  @Option(help: "Folder of holiday calendars (cn-YYYY.yaml).")
  var calendar = "Deploy/calendar"

  @Option(help: "Append the audit chain's head (JSON line) to this file periodically, for anchoring elsewhere.")
  var auditHeadFile: String?

  @Option(help: "Seconds between two audit head exports.")
  var auditHeadSeconds = 3600

  @Option(help: "Interface of the metrics and health HTTP endpoint.")
  var metricsHost = "127.0.0.1"

  @Option(help: "Port of the metrics and health HTTP endpoint (/metrics, /livez, /readyz); 0 turns it off.")
  var metricsPort = 0

  @Option(help: "Log format: text or json (one object per line, stable keys).")
  var logFormat = "text"

  @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
  var logLevel = "info"

  @Option(help: "Requests per second each agency may make on average (beyond: LIAISON_RATE_LIMITED).")
  var agencyRequestsPerSecond = LiaisondConfig.limits.agencyRequestsPerSecond

  @Option(help: "Requests an agency may make at once before the rate applies.")
  var agencyBurst = LiaisondConfig.limits.agencyBurst

  @Option(help: "Ack wait when a subscriber asks for none, in milliseconds.")
  var ackWaitMs = LiaisondConfig.delivery.defaultAckWait

  @Option(
    name: .customLong("peer"),
    help: "A peer broker of another region, REGION=HOST:PORT (repeat for each peer region).")
  var peers: [String] = []

  @Option(
    name: .customLong("peer-ca"),
    help:
      "The CA that issued a peer's broker certificate, REGION=PATH (PEM), when that region has its own PKI; default: the client CA."
  )
  var peerCAs: [String] = []

  @Option(
    name: .customLong("peer-crl"),
    help: "The revocation list of a peer region's own CA, REGION=PATH (PEM or DER), re-read when it changes.")
  var peerCRLs: [String] = []

  @Option(help: "How long an action on a case homed at a peer waits for the peer's answer, in milliseconds.")
  var federationActWaitMs = LiaisondConfig.federation.actWaitMillis

  /// The peers, checked: each REGION=HOST:PORT, another region than this broker's, once; each
  /// peer CA and CRL REGION=PATH for a configured peer, once, a CRL only with its CA.
  func federation() throws -> BrokerConfiguration.Federation {
    var federation = BrokerConfiguration.Federation()
    federation.actWaitMillis = federationActWaitMs
    for text in peers {
      let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
      let address = parts.count == 2 ? parts[1].split(separator: ":").map(String.init) : []
      guard parts.count == 2, address.count == 2, let port = Int(address[1]), (1...65535).contains(port),
        !parts[0].isEmpty, !address[0].isEmpty
      else {
        throw ValidationError("peer '\(text)': expected REGION=HOST:PORT, e.g. bj=10.1.2.3:7443")
      }
      guard parts[0] != region else {
        throw ValidationError("peer '\(text)': region \(region) is this broker's own region, not a peer")
      }
      guard !federation.peers.contains(where: { $0.region == parts[0] }) else {
        throw ValidationError("peer '\(text)': region \(parts[0]) is given twice")
      }
      federation.peers.append(.init(region: parts[0], host: address[0], port: port))
    }
    let authorities = try Self.byRegion(peerCAs, option: "peer-ca", peers: federation.regions)
    let lists = try Self.byRegion(peerCRLs, option: "peer-crl", peers: federation.regions)
    for (region, _) in lists where authorities[region] == nil {
      throw ValidationError(
        "peer-crl for \(region): a revocation list needs the CA that signs it; give --peer-ca \(region)=PATH too")
    }
    for index in federation.peers.indices {
      federation.peers[index].caPath = authorities[federation.peers[index].region]
      federation.peers[index].crlPath = lists[federation.peers[index].region]
    }
    return federation
  }

  /// Reads REGION=PATH options: each for a configured peer region, once.
  private static func byRegion(_ texts: [String], option: String, peers: Set<String>) throws -> [String: String] {
    var paths: [String: String] = [:]
    for text in texts {
      let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[1].isEmpty else {
        throw ValidationError("\(option) '\(text)': expected REGION=PATH, e.g. bj=/etc/liaison/pki/bj-ca.pem")
      }
      guard peers.contains(parts[0]) else {
        throw ValidationError(
          "\(option) '\(text)': region \(parts[0]) is not a peer (give --peer \(parts[0])=HOST:PORT)")
      }
      guard paths.updateValue(parts[1], forKey: parts[0]) == nil else {
        throw ValidationError("\(option) '\(text)': region \(parts[0]) is given twice")
      }
    }
    return paths
  }

  /// Fails with where it looked when a file or folder of the configuration is missing: the defaults
  /// are the checkout's `Deploy/`, relative to the current folder.
  func requireDeployFiles() throws {
    let here = FileManager.default.currentDirectoryPath
    let missing = [
      ("--directory", directory), ("--authorization", authorization), ("--policies", policies),
      ("--calendar", calendar),
    ].filter { !FileManager.default.fileExists(atPath: $0.1) }
    guard !missing.isEmpty else { return }
    let looked = missing.map { flag, path in
      "  \(flag) \(path)  (looked for \(path.hasPrefix("/") ? path : "\(here)/\(path)"))"
    }.joined(separator: "\n")
    throw ValidationError(
      """
      the broker's configuration files are not where it looked:
      \(looked)
      By default they are the Liaison checkout's Deploy/ folder, relative to the current folder: run
      liaisond from the checkout, or pass the flags above with your own files.
      """)
  }

  func loadDirectory() throws -> Directory {
    guard let text = try? String(contentsOfFile: directory, encoding: .utf8) else {
      throw ValidationError("cannot read the directory file '\(directory)'; pass --directory PATH")
    }
    let listed = try Directory(yaml: text, file: directory)
    guard let sealingKeys else { return listed }
    var keys: [AgencyID: [UInt8]] = [:]
    for name in (try? FileManager.default.contentsOfDirectory(atPath: sealingKeys)) ?? []
    where name.hasSuffix(".seal.pub") {
      let raw = String(name.dropLast(".seal.pub".count))
      let path = "\(sealingKeys)/\(name)"
      let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
      guard let id = AgencyID(raw), listed[id] != nil,
        let key = Hex.decode(text.trimmingCharacters(in: .whitespacesAndNewlines)), key.count == 32
      else {
        throw ValidationError("\(path): not a sealing key of an agency of the directory (64 hex digits)")
      }
      keys[id] = key
    }
    return try listed.publishing(sealingKeys: keys)
  }

  func loadChannelPolicy() throws -> ChannelPolicy {
    guard let text = try? String(contentsOfFile: authorization, encoding: .utf8) else {
      throw ValidationError("cannot read the channel policy file '\(authorization)'; pass --authorization PATH")
    }
    return try ChannelPolicy(yaml: text, file: authorization)
  }

  func loadDeadlines() throws -> DeadlineRules {
    try DeadlineRules.load(policies: policies, calendars: calendar)
  }
}
