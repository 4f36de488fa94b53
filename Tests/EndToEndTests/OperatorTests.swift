import Foundation
import LiaisonTesting
import Testing
import Yams

/// A production install as the README describes it: certificates from Deploy/pki/liaison-pki (the
/// openssl tool), a configuration file, check-config, serve, metrics, revocation, online backup,
/// graceful stop, restore.
@Suite("Operator install with the PKI scripts and a configuration file", .serialized, .timeLimit(.minutes(3)))
struct OperatorTests {
  static let root = Fixtures.repositoryRoot

  static func pki(_ arguments: [String]) throws -> (Int32, String) {
    try runTool("\(root)/Deploy/pki/liaison-pki", arguments)
  }

  @Test("the sample configuration documents exactly the keys liaisond knows, with their defaults")
  func sampleConfiguration() async throws {
    let (status, listed) = try await ChildProcess.run("liaisond", ["check-config", "--list-keys"])
    #expect(status == 0)
    let known = Dictionary(
      uniqueKeysWithValues: listed.split(separator: "\n").map { line in
        let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
        return (parts[0], parts.count > 1 ? parts[1] : "")
      })
    let sample = try #require(
      try Yams.compose(yaml: String(contentsOfFile: "\(Self.root)/Deploy/config/liaisond.yaml", encoding: .utf8)))
    func leaves(_ node: Node, _ prefix: String) -> [(String, String)] {
      guard let mapping = node.mapping else { return [(prefix, node.string ?? "~")] }
      return mapping.flatMap { key, value in
        leaves(value, prefix.isEmpty ? key.string! : "\(prefix).\(key.string!)")
      }
    }
    let documented = Dictionary(uniqueKeysWithValues: leaves(sample, "").map { ($0.0, $0.1 == "" ? "~" : $0.1) })
    #expect(documented == known)
  }

  @Test("PKI scripts, check-config, serve --config, metrics, revocation, backup, SIGTERM and restore")
  func install() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let pki = folder.file("pki")
    for command in [
      ["init", pki, "Liaison test CA"], ["broker", pki, "tj", "localhost", "127.0.0.1"], ["agency", pki, "tj.scjg"],
      ["agency", pki, "tj.hp.scjg"], ["operator", pki, "tj.scjg", "wangwei"],
    ] {
      let (status, output) = try Self.pki(command)
      #expect(status == 0, "liaison-pki \(command): \(output)")
    }
    let metricsPort = freePort()
    let database = folder.file("data/liaison.sqlite")
    try FileManager.default.createDirectory(atPath: folder.file("data"), withIntermediateDirectories: true)
    let config = folder.file("liaisond.yaml")
    try """
    region: tj
    listen: { host: 127.0.0.1, port: 0 }
    tls:
      certificate: \(pki)/broker-tj.pem
      key: \(pki)/broker-tj.key
      client_ca: \(pki)/ca.pem
      crl: \(pki)/ca.crl
    database: \(database)
    directory: \(Self.root)/Deploy/directory/directory.yaml
    authorization: \(Self.root)/Deploy/authorization/channels.yaml
    policies: \(Self.root)/Deploy/policies
    calendar: \(Self.root)/Deploy/calendar
    metrics: { port: \(metricsPort) }
    log: { format: json }
    """.write(toFile: config, atomically: true, encoding: .utf8)

    var (status, output) = try await ChildProcess.run("liaisond", ["check-config", "--config", config])
    #expect(status == 0, "\(output)")
    #expect(output.contains("ok    directory: 89 agencies"), "\(output)")
    #expect(output.contains("ok    broker certificate: liaison://broker/tj"), "\(output)")
    #expect(output.contains("ok    revocation list: 0 revoked"), "\(output)")
    // Without any calendar file, check-config warns (and still passes): deadlines are provisional.
    try FileManager.default.createDirectory(atPath: folder.file("no-calendar"), withIntermediateDirectories: true)
    let uncalendared = folder.file("uncalendared.yaml")
    try String(contentsOfFile: config, encoding: .utf8)
      .replacingOccurrences(
        of: "calendar: \(Self.root)/Deploy/calendar", with: "calendar: \(folder.file("no-calendar"))"
      )
      .write(toFile: uncalendared, atomically: true, encoding: .utf8)
    (status, output) = try await ChildProcess.run("liaisond", ["check-config", "--config", uncalendared])
    #expect(status == 0, "\(output)")
    #expect(
      output.contains("WARN  calendar: no official holiday schedule for") && output.contains("Deploy/calendar/cn-"),
      "\(output)")
    // Every problem of a broken file is reported, each with its line.
    let broken = folder.file("broken.yaml")
    try "region: tj\nlisten:\n  port: seventy\nlimts:\n  max_batch: 5\nlog: { format: xml }\n"
      .write(toFile: broken, atomically: true, encoding: .utf8)
    (status, output) = try await ChildProcess.run("liaisond", ["check-config", "--config", broken])
    #expect(status == 1)
    #expect(output.contains("broken.yaml:3: 'listen.port' expected a number, got 'seventy'"), "\(output)")
    #expect(output.contains("broken.yaml:5: unknown key 'limts.max_batch'"), "\(output)")
    #expect(output.contains("broken.yaml:6: 'log.format' must be one of text, json, not 'xml'"), "\(output)")

    let broker = try ChildProcess("liaisond", ["serve", "--config", config])
    defer { broker.kill(SIGKILL) }
    let started = try #require(await broker.waitForOutput(containing: "listening on", seconds: 60), "\(broker.text)")
    let line = try #require(started.split(separator: "\n").first { $0.contains("listening on") })
    let port = try #require(line.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) })
    func cli(_ base: String, _ arguments: [String]) async throws -> (Int32, String) {
      try await ChildProcess.run(
        "liaison",
        arguments + ["--cert", "\(base).pem", "--key", "\(base).key", "--ca", "\(pki)/ca.pem", "--port", "\(port)"])
    }
    // An officer of tj.scjg submits with the operator certificate from the scripts.
    (status, output) = try await cli(
      "\(pki)/operators/tj.scjg_wangwei",
      [
        "submit", "referral", "--to", "tj.hp.scjg", "--case-name", "无照经营", "--facts", "南市街道无照经营",
        "--reference", "津市监移〔2026〕9号",
      ])
    #expect(status == 0, "\(output)")
    (status, output) = try await cli("\(pki)/agencies/tj.hp.scjg", ["inbox"])
    #expect(status == 0 && output.contains("tj.c1"), "\(output)")
    #expect(try await httpGet(port: metricsPort, "/readyz").0 == 200)
    let metrics = try await httpGet(port: metricsPort, "/metrics").1
    #expect(metrics.contains("liaison_submissions_total 1"), "\(metrics)")

    // Online backup while the broker runs.
    (status, output) = try await ChildProcess.run(
      "liaisond", ["backup", "--database", database, "--to", folder.file("backup.sqlite")])
    #expect(status == 0, "\(output)")
    #expect(output.contains("1 cases"), "\(output)")

    // Revoking tj.hp.scjg with the script shuts it out within the CRL poll; others stay.
    (status, output) = try Self.pki(["revoke", pki, "\(pki)/agencies/tj.hp.scjg.pem"])
    #expect(status == 0, "\(output)")
    let shutOut = await eventually(within: 10) {
      (try? await cli("\(pki)/agencies/tj.hp.scjg", ["inbox"]).0) == 3
    }
    #expect(shutOut, "a revoked agency cannot connect (exit 3)")
    (status, output) = try await cli("\(pki)/agencies/tj.scjg", ["inbox"])
    #expect(status == 0, "\(output)")

    broker.kill(SIGTERM)
    #expect(await broker.waitForExit(seconds: 20) == 0, "\(broker.text)")
    // JSON logs: one object per line with stable keys.
    let logLines = broker.text.split(separator: "\n").filter { $0.hasPrefix("{") }
    #expect(!logLines.isEmpty)
    for line in logLines {
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      #expect(object?["ts"] != nil && object?["level"] != nil && object?["label"] != nil && object?["msg"] != nil)
    }
    #expect(!broker.text.contains("南市街道无照经营"), "no bodies in the logs")

    // Restore the backup into a new database; it holds the case and its chain verifies.
    let restored = folder.file("restored.sqlite")
    (status, output) = try await ChildProcess.run(
      "liaisond", ["restore", "--from", folder.file("backup.sqlite"), "--database", restored])
    #expect(status == 0 && output.contains("1 cases"), "\(output)")
    (status, output) = try await ChildProcess.run(
      "liaisond", ["restore", "--from", folder.file("backup.sqlite"), "--database", restored])
    #expect(status != 0 && output.contains("--force"), "an existing database is not replaced silently: \(output)")
    (status, output) = try await ChildProcess.run("liaisond", ["audit", "verify", "--database", restored])
    #expect(status == 0, "\(output)")
  }
}
