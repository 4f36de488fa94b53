import Foundation
import LiaisonClient
import LiaisonCore
import LiaisonTesting
import LiaisonWire
import Testing

/// SIGTERM stops accepting calls, lets the commits in flight finish and closes the streams: every
/// submission that was confirmed before the broker exited is there after a restart.
@Suite("Graceful shutdown", .serialized, .timeLimit(.minutes(3)))
struct ShutdownTests {
  @Test("SIGTERM during a burst: exit 0, and every confirmed submission survives the restart")
  func drain() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let data = folder.file("dev")
    var (broker, port) = try await BinariesTests.startBroker(data: data)
    let base = "\(data)/pki/agencies/tj.scjg"
    let credentials = try ClientCredentials.files(
      certificate: base + ".pem", privateKey: base + ".key", trustRoot: "\(data)/pki/ca.pem")
    let confirmed = Locked<[String]>([])
    let refused = Locked(0)
    let running = broker
    try? await LiaisonClient.connect(host: "127.0.0.1", port: port, credentials: credentials) { client in
      await withTaskGroup(of: Void.self) { group in
        // SIGTERM once a quarter of the burst is confirmed, the rest still in flight or unsent.
        group.addTask {
          _ = await eventually(within: 20) { confirmed.withLock { $0.count } >= 50 }
          running.kill(SIGTERM)
        }
        for index in 0..<400 {
          group.addTask {
            do {
              let response = try await client.submit(Requests.referral(key: "drain-\(index)"))
              confirmed.withLock { $0.append(response.caseID) }
            } catch {
              refused.withLock { $0 += 1 }
            }
          }
        }
      }
    }
    #expect(await broker.waitForExit(seconds: 30) == 0, "SIGTERM drains and exits cleanly: \(broker.text)")
    let kept = confirmed.withLock { $0 }
    #expect(!kept.isEmpty, "some submissions were confirmed before the shutdown")
    #expect(kept.count + refused.withLock { $0 } == 400)

    (broker, port) = try await BinariesTests.startBroker(data: data)
    defer { broker.kill(SIGKILL) }
    let missing = try await LiaisonClient.connect(host: "127.0.0.1", port: port, credentials: credentials) { client in
      var missing: [String] = []
      for caseID in kept where (try? await client.getCase(caseID)) == nil { missing.append(caseID) }
      return missing
    }
    #expect(missing.isEmpty, "confirmed before SIGTERM but lost: \(missing)")
  }

  @Test("SIGTERM with a subscriber connected: the stream ends, commits finish, the broker exits within seconds")
  func subscriberConnected() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let data = folder.file("dev")
    let (broker, port) = try await BinariesTests.startBroker(data: data)
    defer { broker.kill(SIGKILL) }
    let watcher = try ChildProcess("liaison", ["watch", "--as", "tj.hp.scjg", "--dev-dir", data, "--port", "\(port)"])
    defer { watcher.kill(SIGKILL) }
    #expect(await broker.waitForOutput(containing: "subscriber connected", seconds: 20) != nil)
    let (status, output) = try await BinariesTests.cli(
      data, port,
      [
        "submit", "referral", "--as", "tj.scjg", "--to", "tj.hp.scjg", "--case-name", "无照经营", "--facts", "南市街道",
        "--reference", "津市监移〔2026〕2号",
      ])
    #expect(status == 0, "\(output)")
    #expect(await watcher.waitForOutput(containing: "tj.c1 #1 submit", seconds: 20) != nil)
    let stopped = ContinuousClock.now
    broker.kill(SIGTERM)
    #expect(await broker.waitForExit(seconds: 10) == 0, "\(broker.text)")
    #expect(ContinuousClock.now - stopped < .seconds(8), "exits within seconds, not at the shutdown bound")
    // The watcher learns that the broker went away and exits too.
    #expect(await watcher.waitForExit(seconds: 10) != nil, "\(watcher.text)")
  }
}
