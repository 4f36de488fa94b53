import Foundation
import LiaisonTesting
import Testing

/// Runs the built `liaisond` and `liaison` executables, as a user would.
@Suite("liaisond and liaison binaries", .serialized, .timeLimit(.minutes(3)))
struct BinariesTests {
  /// Starts `liaisond dev` on a free port in `data`; returns the process and its port.
  static func startBroker(
    data: String, policies: String = "\(Fixtures.repositoryRoot)/Deploy/policies",
    calendar: String = "\(Fixtures.repositoryRoot)/Deploy/calendar", extra: [String] = []
  ) async throws -> (ChildProcess, Int) {
    let broker = try ChildProcess(
      "liaisond",
      [
        "dev", "--data", data, "--port", "0", "--directory", Fixtures.directoryPath, "--policies", policies,
        "--calendar", calendar, "--ack-wait-ms", "2000",
        "--authorization", "\(Fixtures.repositoryRoot)/Deploy/authorization/channels.yaml",
      ] + extra)
    let output = try #require(
      await broker.waitForOutput(containing: "listening on", seconds: 60), "liaisond did not start")
    let line = try #require(output.split(separator: "\n").first { $0.contains("listening on") })
    let port = try #require(line.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) })
    return (broker, port)
  }

  static func cli(_ data: String, _ port: Int, _ arguments: [String]) async throws -> (Int32, String) {
    try await ChildProcess.run("liaison", arguments + ["--dev-dir", data, "--port", "\(port)"])
  }

  @Test("the README walkthrough: a referral is submitted, delivered, acknowledged and shown with its history")
  func walkthrough() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let data = folder.file("dev")
    let (broker, port) = try await Self.startBroker(data: data)
    defer { broker.kill(SIGTERM) }
    #expect(broker.text.contains("certificates"))

    // The submission waits in the broker for the agency; the watcher (started after it) receives it.
    let (status, submitted) = try await Self.cli(
      data, port,
      [
        "submit", "referral", "--as", "tj.scjg", "--to", "tj.hp.scjg", "--case-name", "无照经营", "--facts",
        "和平区南市街道发现无照经营烟草制品", "--reference", "津市监移〔2026〕1号",
      ])
    #expect(status == 0, "\(submitted)")
    #expect(submitted.contains("submitted: case tj.c1"))
    let watcher = try ChildProcess(
      "liaison", ["watch", "--as", "tj.hp.scjg", "--count", "1", "--dev-dir", data, "--port", "\(port)"])
    #expect(await watcher.waitForExit(seconds: 20) == 0)
    #expect(watcher.text.contains("tj.c1 #1 submit from tj.scjg [addressee] attempt 1: 无照经营"))

    let acknowledged = await eventually(within: 10) {
      let shown = try? await Self.cli(data, port, ["case", "show", "tj.c1", "--as", "tj.scjg"])
      return shown?.1.contains("→ tj.hp.scjg: acknowledged") ?? false
    }
    #expect(acknowledged)
    let (_, json) = try await Self.cli(data, port, ["case", "show", "tj.c1", "--as", "tj.scjg", "--json"])
    #expect(json.contains("\"caseId\": \"tj.c1\"") || json.contains("\"caseId\":\"tj.c1\""))

    let (refused, message) = try await Self.cli(
      data, port,
      [
        "submit", "referral", "--as", "tj.scjg", "--to", "tj.nowhere", "--case-name", "x", "--facts", "y",
        "--reference", "z",
      ])
    #expect(refused == 1)
    #expect(message.contains("LIAISON_UNKNOWN_AGENCY"))

    broker.kill(SIGTERM)
    #expect(await broker.waitForExit(seconds: 20) == 0, "SIGTERM drains and exits cleanly")
  }

  @Test("liaisond dev outside the checkout says where it looked for Deploy/ and exits with a usage error")
  func devOutsideCheckout() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let process = try ChildProcess("liaisond", ["dev", "--port", "0"], directory: folder.path)
    let status = await process.waitForExit(seconds: 30)
    #expect(status == 64, "\(process.text)")
    #expect(process.text.contains("looked for \(folder.path)/Deploy/directory/directory.yaml"), "\(process.text)")
    #expect(process.text.contains("--policies Deploy/policies"))
    #expect(!FileManager.default.fileExists(atPath: folder.file(".liaison-dev")), "nothing minted")
  }

  @Test("kill -9 loses nothing that was confirmed; unacknowledged deliveries come after the restart")
  func crash() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let data = folder.file("dev")
    var (broker, port) = try await Self.startBroker(data: data)
    let (status, output) = try await Self.cli(
      data, port, ["bench", "--as", "tj.scjg", "--scenario", "throughput", "--n", "3000", "--window", "500"])
    #expect(status == 0, "\(output)")
    #expect(output.contains("confirmed=3000"))
    #expect(output.contains("dups=0"))
    // Five more, confirmed but never delivered (nobody subscribes), then the broker dies.
    for index in 1...5 {
      let (ok, text) = try await Self.cli(
        data, port,
        [
          "submit", "referral", "--as", "tj.scjg", "--to", "tj.hx.scjg", "--case-name", "案\(index)", "--facts", "f",
          "--reference", "r\(index)",
        ])
      #expect(ok == 0, "\(text)")
    }
    broker.kill(SIGKILL)
    _ = await broker.waitForExit(seconds: 10)

    (broker, port) = try await Self.startBroker(data: data)
    defer { broker.kill(SIGKILL) }
    let (shown, history) = try await Self.cli(data, port, ["case", "show", "tj.c3005", "--as", "tj.scjg"])
    #expect(shown == 0, "\(history)")
    #expect(history.contains("案5"))
    let (watched, deliveries) = try await Self.cli(
      data, port, ["watch", "--as", "tj.hx.scjg", "--count", "5"])
    #expect(watched == 0, "\(deliveries)")
    for index in 1...5 { #expect(deliveries.contains("案\(index)")) }
  }

  @Test("SIGHUP reloads the policies; a broken file is refused with its file and line, and the old rules stay")
  func reload() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let policies = folder.file("policies")
    try FileManager.default.copyItem(atPath: "\(Fixtures.repositoryRoot)/Deploy/policies", toPath: policies)
    let (broker, _) = try await Self.startBroker(data: folder.file("dev"), policies: policies)
    defer { broker.kill(SIGKILL) }
    // liaisond traps SIGHUP once its reload service runs, which it logs.
    #expect(await broker.waitForOutput(containing: "reload on SIGHUP", seconds: 20) != nil)
    let referral = "\(policies)/referral.yaml"
    let original = try String(contentsOfFile: referral, encoding: .utf8)
    try original.replacingOccurrences(of: "duration: 3 WD", with: "duration: 3 weeks")
      .write(toFile: referral, atomically: true, encoding: .utf8)
    broker.kill(SIGHUP)
    let refused = await broker.waitForOutput(containing: "reload refused", seconds: 20)
    #expect(refused?.contains("referral.yaml:") == true)
    #expect(refused?.contains("unknown unit 'weeks'") == true)
    try original.write(toFile: referral, atomically: true, encoding: .utf8)
    broker.kill(SIGHUP)
    #expect(await broker.waitForOutput(containing: "configuration reloaded", seconds: 20) != nil)
    #expect(broker.isRunning)
  }
}
