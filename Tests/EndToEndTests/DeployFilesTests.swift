import Foundation
import LiaisonTesting
import Testing
import Yams

/// Deploy/ files cannot rot: the systemd unit passes `systemd-analyze verify`, and every broker
/// configuration in the compose file and the Kubernetes manifests passes `liaisond check-config`
/// with certificates from the PKI scripts, its ports agreeing with the probes and published ports.
@Suite("Deployment files", .serialized, .timeLimit(.minutes(3)))
struct DeployFilesTests {
  static let deploy = "\(Fixtures.repositoryRoot)/Deploy"

  /// Rewrites a configuration's container paths to this checkout and `folder`, then checks it.
  static func checkConfig(_ text: String, pki: String, folder: TemporaryDirectory, name: String) async throws
    -> (Int32, String)
  {
    let local =
      text
      .replacingOccurrences(of: "/etc/liaison/pki/broker.pem", with: "\(pki)/broker-tj.pem")
      .replacingOccurrences(of: "/etc/liaison/pki/broker.key", with: "\(pki)/broker-tj.key")
      .replacingOccurrences(of: "/etc/liaison/pki", with: pki)
      .replacingOccurrences(of: "/etc/liaison/directory.yaml", with: "\(deploy)/directory/directory.yaml")
      .replacingOccurrences(of: "/etc/liaison/channels.yaml", with: "\(deploy)/authorization/channels.yaml")
      .replacingOccurrences(of: "/etc/liaison/policies", with: "\(deploy)/policies")
      .replacingOccurrences(of: "/etc/liaison/calendar", with: "\(deploy)/calendar")
      .replacingOccurrences(of: "/var/lib/liaison", with: folder.path)
    let path = folder.file("\(name).yaml")
    try local.write(toFile: path, atomically: true, encoding: .utf8)
    return try await ChildProcess.run("liaisond", ["check-config", "--config", path])
  }

  static func makePKI(_ folder: TemporaryDirectory) throws -> String {
    let pki = folder.file("pki")
    let commands = [["init", pki]] + ["bj", "tj", "he"].map { ["broker", pki, $0] }
    for arguments in commands {
      let (status, output) = try runTool("\(deploy)/pki/liaison-pki", arguments)
      #expect(status == 0, "liaison-pki \(arguments): \(output)")
    }
    return pki
  }

  @Test("the systemd unit verifies and is hardened")
  func systemd() async throws {
    let unit = try String(contentsOfFile: "\(Self.deploy)/systemd/liaisond.service", encoding: .utf8)
    for directive in [
      "NoNewPrivileges=yes", "ProtectSystem=strict", "CapabilityBoundingSet=", "ReadWritePaths=/var/lib/liaison",
      "SystemCallFilter=@system-service", "ExecReload=/bin/kill -HUP $MAINPID", "KillSignal=SIGTERM",
      "ExecStart=/usr/local/bin/liaisond serve --config /etc/liaison/liaisond.yaml",
    ] {
      #expect(unit.contains(directive), "\(directive)")
    }
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") else { return }
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("liaisond.service")
    try unit.replacingOccurrences(of: "/usr/local/bin/liaisond", with: "\(ChildProcess.binaryFolder)/liaisond")
      .write(toFile: path, atomically: true, encoding: .utf8)
    let (status, output) = try runTool("/usr/bin/systemd-analyze", ["verify", path])
    #expect(status == 0, "\(output)")
    #expect(!output.contains("liaisond.service:"), "\(output)")
  }

  @Test("the compose file runs three regional brokers whose configurations check and whose ports agree")
  func compose() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let pki = try Self.makePKI(folder)
    let compose = try #require(
      try Yams.load(yaml: String(contentsOfFile: "\(Self.deploy)/compose/compose.yaml", encoding: .utf8))
        as? [String: Any])
    let services = try #require(compose["services"] as? [String: [String: Any]])
    #expect(Set(services.keys) == ["liaison-bj", "liaison-tj", "liaison-he"])
    for region in ["bj", "tj", "he"] {
      let service = try #require(services["liaison-\(region)"])
      let text = try String(contentsOfFile: "\(Self.deploy)/compose/\(region)/liaisond.yaml", encoding: .utf8)
      let config = try #require(try Yams.load(yaml: text) as? [String: Any])
      #expect(config["region"] as? String == region)
      let listen = try #require((config["listen"] as? [String: Any])?["port"] as? Int)
      let metrics = try #require((config["metrics"] as? [String: Any])?["port"] as? Int)
      let ports = try #require(service["ports"] as? [String])
      #expect(ports.contains("\(listen):\(listen)"), "\(region): published \(ports), listens on \(listen)")
      #expect(ports.contains { $0.hasSuffix(":\(metrics)") })
      let health = try #require((service["healthcheck"] as? [String: Any])?["test"] as? [String])
      #expect(health.last == "http://127.0.0.1:\(metrics)/readyz")
      let volumes = try #require(service["volumes"] as? [String])
      #expect(volumes.contains("./\(region)/liaisond.yaml:/etc/liaison/liaisond.yaml:ro"))
      let (status, output) = try await Self.checkConfig(text, pki: pki, folder: folder, name: region)
      #expect(status == 0, "\(region): \(output)")
    }
  }

  @Test("the Kubernetes manifests: configuration checks, probes and ports agree with it, the Secret holds its files")
  func kubernetes() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let pki = try Self.makePKI(folder)
    let text = try String(contentsOfFile: "\(Self.deploy)/kubernetes/liaisond.yaml", encoding: .utf8)
    let documents = try Yams.load_all(yaml: text).compactMap { $0 as? [String: Any] }
    func object(_ kind: String) throws -> [String: Any] {
      try #require(documents.first { $0["kind"] as? String == kind }, "no \(kind)")
    }
    #expect(
      Set(documents.compactMap { $0["kind"] as? String }) == [
        "Namespace", "ConfigMap", "Secret", "StatefulSet", "Service",
      ])
    let configText = try #require((try object("ConfigMap")["data"] as? [String: String])?["liaisond.yaml"])
    let (status, output) = try await Self.checkConfig(configText, pki: pki, folder: folder, name: "k8s")
    #expect(status == 0, "\(output)")
    let config = try #require(try Yams.load(yaml: configText) as? [String: Any])
    let listen = try #require((config["listen"] as? [String: Any])?["port"] as? Int)
    let metrics = try #require((config["metrics"] as? [String: Any])?["port"] as? Int)
    let tls = try #require(config["tls"] as? [String: String])
    let secretKeys = Set(try #require(try object("Secret")["data"] as? [String: Any]).keys)
    #expect(Set(tls.values.map { URL(fileURLWithPath: $0).lastPathComponent }) == secretKeys)
    let spec = try #require(
      ((try object("StatefulSet")["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any])
    let container = try #require((spec["containers"] as? [[String: Any]])?.first)
    #expect((container["args"] as? [String])?.last == "/etc/liaison/config/liaisond.yaml")
    let ports = Dictionary(
      uniqueKeysWithValues: (container["ports"] as? [[String: Any]] ?? []).map {
        ($0["name"] as? String ?? "", $0["containerPort"] as? Int ?? 0)
      })
    #expect(ports["grpc"] == listen)
    #expect(ports["metrics"] == metrics)
    for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
      let get = try #require((container[probe] as? [String: Any])?["httpGet"] as? [String: Any], "\(probe)")
      #expect(get["port"] as? String == "metrics")
      #expect(["/livez", "/readyz"].contains(get["path"] as? String ?? ""))
    }
  }
}
