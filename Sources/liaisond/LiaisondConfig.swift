import Foundation
import LiaisonCore
import LiaisonServer
import Yams

/// `liaisond`'s configuration file (`serve --config`, `check-config`). Every key, its default and
/// its meaning are listed in ``keys`` and documented, with the same defaults, in
/// Deploy/config/liaisond.yaml (a test keeps the two equal). Unknown keys are problems, so a typo
/// never silently falls back to a default.
struct LiaisondConfig: Sendable {
  var region = "tj"
  var host = "127.0.0.1"
  var port = 7443
  var certificate = "/etc/liaison/pki/broker.pem"
  var key = "/etc/liaison/pki/broker.key"
  var clientCA = "/etc/liaison/pki/ca.pem"
  var crl: String?
  var database = "/var/lib/liaison/liaison.sqlite"
  var directory = "/etc/liaison/directory.yaml"
  var authorization = "/etc/liaison/channels.yaml"
  var policies = "/etc/liaison/policies"
  var calendar = "/etc/liaison/calendar"
  var sealingKeys: String?
  var limits = BrokerConfiguration.Limits()
  var delivery = BrokerConfiguration.Delivery()
  var auditHeadFile: String?
  var auditHeadSeconds = 3600
  var metricsHost = "127.0.0.1"
  var metricsPort = 0
  var logFormat = "text"
  var logLevel = "info"
  /// Peer brokers by region, `HOST:PORT`.
  var peers: [String: String] = [:]
  /// Peer regions' own CAs and their revocation lists, by region.
  var peerCAs: [String: String] = [:]
  var peerCRLs: [String: String] = [:]
  var federationActWaitMs = BrokerConfiguration.Federation().actWaitMillis

  /// The defaults of the configuration structs: the one source of every default below, of the
  /// command-line options and (checked by a test) of Deploy/config/liaisond.yaml.
  static let limits = BrokerConfiguration.Limits()
  static let delivery = BrokerConfiguration.Delivery()
  static let federation = BrokerConfiguration.Federation()

  /// One key of the file: its dotted path, default (as written in the sample) and how it is set.
  struct Key: Sendable {
    let path: String
    let byDefault: String
    let apply: @Sendable (inout LiaisondConfig, String) -> String?
  }

  static func text(_ set: @escaping @Sendable (inout LiaisondConfig, String) -> Void)
    -> @Sendable (
      inout LiaisondConfig, String
    ) -> String?
  {
    { config, value in
      set(&config, value)
      return nil
    }
  }

  static func number<N: LosslessStringConvertible & Sendable>(
    _ set: @escaping @Sendable (inout LiaisondConfig, N) -> Void
  ) -> @Sendable (inout LiaisondConfig, String) -> String? {
    { config, value in
      guard let number = N(value) else { return "expected a number, got '\(value)'" }
      set(&config, number)
      return nil
    }
  }

  static func choice(_ allowed: [String], _ set: @escaping @Sendable (inout LiaisondConfig, String) -> Void)
    -> @Sendable (inout LiaisondConfig, String) -> String?
  {
    { config, value in
      guard allowed.contains(value) else { return "must be one of \(allowed.joined(separator: ", ")), not '\(value)'" }
      set(&config, value)
      return nil
    }
  }

  /// One key per region under `prefix` (`federation.peers.bj`, …), default none, each setting that
  /// region's entry.
  static func perRegion(_ prefix: String, _ set: @escaping @Sendable (inout LiaisondConfig, String, String) -> Void)
    -> [Key]
  {
    ["bj", "tj", "he"].map { region in
      Key(path: "\(prefix).\(region)", byDefault: "~", apply: text { set(&$0, region, $1) })
    }
  }

  /// Every key, in file order.
  static let keys: [Key] =
    [
      Key(path: "region", byDefault: "tj", apply: choice(["tj", "bj", "he"]) { $0.region = $1 }),
      Key(path: "listen.host", byDefault: "127.0.0.1", apply: text { $0.host = $1 }),
      Key(path: "listen.port", byDefault: "7443", apply: number { $0.port = $1 }),
      Key(path: "tls.certificate", byDefault: "/etc/liaison/pki/broker.pem", apply: text { $0.certificate = $1 }),
      Key(path: "tls.key", byDefault: "/etc/liaison/pki/broker.key", apply: text { $0.key = $1 }),
      Key(path: "tls.client_ca", byDefault: "/etc/liaison/pki/ca.pem", apply: text { $0.clientCA = $1 }),
      Key(path: "tls.crl", byDefault: "~", apply: text { $0.crl = $1 }),
      Key(path: "database", byDefault: "/var/lib/liaison/liaison.sqlite", apply: text { $0.database = $1 }),
      Key(path: "directory", byDefault: "/etc/liaison/directory.yaml", apply: text { $0.directory = $1 }),
      Key(path: "authorization", byDefault: "/etc/liaison/channels.yaml", apply: text { $0.authorization = $1 }),
      Key(path: "policies", byDefault: "/etc/liaison/policies", apply: text { $0.policies = $1 }),
      Key(path: "calendar", byDefault: "/etc/liaison/calendar", apply: text { $0.calendar = $1 }),
      Key(path: "sealing_keys", byDefault: "~", apply: text { $0.sealingKeys = $1 }),
      Key(
        path: "limits.max_body_bytes", byDefault: "\(limits.maxBodyBytes)",
        apply: number { $0.limits.maxBodyBytes = $1 }),
      Key(
        path: "limits.max_attachment_bytes", byDefault: "\(limits.maxAttachmentBytes)",
        apply: number { $0.limits.maxAttachmentBytes = $1 }),
      Key(
        path: "limits.max_message_bytes", byDefault: "\(limits.maxMessageBytes)",
        apply: number { $0.limits.maxMessageBytes = $1 }),
      Key(path: "limits.max_batch", byDefault: "\(limits.maxBatch)", apply: number { $0.limits.maxBatch = $1 }),
      Key(path: "limits.max_parties", byDefault: "\(limits.maxParties)", apply: number { $0.limits.maxParties = $1 }),
      Key(
        path: "limits.agency_requests_per_second", byDefault: "\(Int(limits.agencyRequestsPerSecond))",
        apply: number { $0.limits.agencyRequestsPerSecond = $1 }),
      Key(
        path: "limits.agency_burst", byDefault: "\(Int(limits.agencyBurst))",
        apply: number { $0.limits.agencyBurst = $1 }),
      Key(
        path: "limits.max_signature_skew_seconds", byDefault: "\(limits.maxSignatureSkewMillis / 1000)",
        apply: number { (config: inout LiaisondConfig, seconds: Int64) in
          config.limits.maxSignatureSkewMillis = seconds * 1000
        }),
      Key(
        path: "delivery.ack_wait_ms", byDefault: "\(delivery.defaultAckWait)",
        apply: number { $0.delivery.defaultAckWait = $1 }),
      Key(
        path: "delivery.backoff_base_ms", byDefault: "\(delivery.backoffBase)",
        apply: number { $0.delivery.backoffBase = $1 }),
      Key(
        path: "delivery.backoff_max_ms", byDefault: "\(delivery.backoffMax)",
        apply: number { $0.delivery.backoffMax = $1 }),
      Key(path: "audit.head_file", byDefault: "~", apply: text { $0.auditHeadFile = $1 }),
      Key(path: "audit.head_seconds", byDefault: "3600", apply: number { $0.auditHeadSeconds = $1 }),
      Key(path: "metrics.host", byDefault: "127.0.0.1", apply: text { $0.metricsHost = $1 }),
      Key(path: "metrics.port", byDefault: "0", apply: number { $0.metricsPort = $1 }),
    ]
    + perRegion("federation.peers") { $0.peers[$1] = $2 }
    + perRegion("federation.peer_ca") { $0.peerCAs[$1] = $2 }
    + perRegion("federation.peer_crl") { $0.peerCRLs[$1] = $2 }
    + [
      Key(
        path: "federation.act_wait_ms", byDefault: "\(federation.actWaitMillis)",
        apply: number { $0.federationActWaitMs = $1 }),
      Key(path: "log.format", byDefault: "text", apply: choice(["text", "json"]) { $0.logFormat = $1 }),
      Key(
        path: "log.level", byDefault: "info",
        apply: choice(["trace", "debug", "info", "notice", "warning", "error", "critical"]) { $0.logLevel = $1 }),
    ]

  /// Reads a configuration file; returns the configuration and every problem found (file:line:
  /// reason), not only the first.
  static func load(_ path: String) -> (LiaisondConfig, [String]) {
    var config = LiaisondConfig()
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      return (config, ["\(path): cannot read the file"])
    }
    let reader = YAMLReader(file: path)
    let root: Node
    do {
      root = try reader.root(text)
    } catch {
      return (config, [error.message])
    }
    var problems: [String] = []
    let known = Dictionary(uniqueKeysWithValues: keys.map { ($0.path, $0) })
    for (path, node) in leaves(root, prefix: "") {
      let line = node.mark.map { "\($0.line)" } ?? "?"
      guard let key = known[path] else {
        let sections = Set(keys.map { $0.path.split(separator: ".").first.map(String.init) ?? "" })
        problems.append(
          "\(path.isEmpty ? reader.file : "\(reader.file):\(line)"): unknown key '\(path)'; known sections: \(sections.sorted().joined(separator: ", "))"
        )
        continue
      }
      if node.null != nil || node.string == "~" { continue }
      guard let value = node.string else {
        problems.append("\(reader.file):\(line): '\(path)' must be a single value")
        continue
      }
      if let problem = key.apply(&config, value) { problems.append("\(reader.file):\(line): '\(path)' \(problem)") }
    }
    return (config, problems)
  }

  /// Dotted paths of every scalar (or null) under `node`.
  private static func leaves(_ node: Node, prefix: String) -> [(String, Node)] {
    guard let mapping = node.mapping else { return [(prefix, node)] }
    return mapping.flatMap { key, value -> [(String, Node)] in
      let name = prefix.isEmpty ? (key.string ?? "?") : "\(prefix).\(key.string ?? "?")"
      return value.mapping == nil ? [(name, value)] : leaves(value, prefix: name)
    }
  }

  /// The broker's configuration.
  var broker: BrokerConfiguration {
    var configuration = BrokerConfiguration(
      region: region,
      listener: .init(
        host: host, port: port, certificatePath: certificate, privateKeyPath: key, clientCAPath: clientCA,
        crlPath: crl),
      databasePath: database)
    configuration.limits = limits
    configuration.delivery = delivery
    return configuration
  }

  /// The same settings as command-line options (for the loaders and the reload service).
  var options: BrokerOptions {
    var options = BrokerOptions()
    options.host = host
    options.port = port
    options.region = region
    options.directory = directory
    options.sealingKeys = sealingKeys
    options.authorization = authorization
    options.policies = policies
    options.calendar = calendar
    options.auditHeadFile = auditHeadFile
    options.auditHeadSeconds = auditHeadSeconds
    options.ackWaitMs = delivery.defaultAckWait
    options.agencyRequestsPerSecond = limits.agencyRequestsPerSecond
    options.agencyBurst = limits.agencyBurst
    options.metricsHost = metricsHost
    options.metricsPort = metricsPort
    options.logFormat = logFormat
    options.logLevel = logLevel
    options.peers = peers.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    options.peerCAs = peerCAs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    options.peerCRLs = peerCRLs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    options.federationActWaitMs = federationActWaitMs
    return options
  }
}
