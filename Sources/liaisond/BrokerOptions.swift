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
  var agencyRequestsPerSecond: Double = 5000

  @Option(help: "Requests an agency may make at once before the rate applies.")
  var agencyBurst: Double = 20000

  @Option(help: "Ack wait when a subscriber asks for none, in milliseconds.")
  var ackWaitMs: Int64 = 30000

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
