import Foundation
import GRPCCore
import LiaisonClient
import LiaisonCore
import LiaisonServer
import LiaisonStore
import LiaisonWire
import Logging
import SwiftProtobuf

/// A real broker in this process, on 127.0.0.1 with a free port, real TLS and a real SQLite file in a
/// temporary folder. Use ``TestBroker/with(configure:_:)``; the broker stops when the closure returns.
public struct TestBroker: Sendable {
  /// The running broker.
  public let broker: LiaisonBroker
  /// Its port.
  public let port: Int
  /// Its certificates.
  public let pki: TestPKI
  /// The folder holding the database and certificates.
  public let folder: TemporaryDirectory

  /// Starts a broker, runs `body`, stops the broker and removes its folder.
  @discardableResult
  public static func with<R: Sendable>(
    folder existing: TemporaryDirectory? = nil, pki existingPKI: TestPKI? = nil,
    configure: (inout BrokerConfiguration) -> Void = { _ in }, clock: any WallClock = SystemClock(),
    directory: Directory? = nil, logs: LogCapture? = nil, _ body: (TestBroker) async throws -> R
  ) async throws -> R {
    let folder = try existing ?? TemporaryDirectory()
    let pki = try existingPKI ?? TestPKI(folder: folder)
    var configuration = BrokerConfiguration(
      region: "tj",
      listener: .init(
        host: "127.0.0.1", port: 0, certificatePath: pki.brokerCertificatePath, privateKeyPath: pki.brokerKeyPath,
        clientCAPath: pki.caPath),
      databasePath: folder.file("liaison.sqlite"))
    configuration.delivery.tick = 10
    // Clients sign with the real time; a test clock may be months away from it.
    if !(clock is SystemClock) { configuration.limits.maxSignatureSkewMillis = .max }
    configure(&configuration)
    var logger =
      logs.map { capture in Logger(label: "test-broker") { _ in capture.handler() } }
      ?? Logger(label: "test-broker")
    logger.logLevel =
      logs == nil ? (ProcessInfo.processInfo.environment["LIAISON_TEST_DEBUG"] == nil ? .warning : .debug) : .trace
    let broker = try LiaisonBroker(
      configuration: configuration, directory: try directory ?? Fixtures.directory(),
      channels: try Fixtures.channelPolicy(),
      deadlines: DeadlineRules(policies: try Fixtures.policies(), calendar: try Fixtures.calendar()), clock: clock,
      logger: logger)
    defer { if existing == nil { folder.remove() } }
    return try await withThrowingTaskGroup(of: R?.self) { group in
      group.addTask {
        try await broker.run()
        return nil
      }
      let port = try await broker.listeningPort
      let handle = TestBroker(broker: broker, port: port, pki: pki, folder: folder)
      do {
        let result = try await body(handle)
        await broker.beginShutdown()
        // The broker's own errors while stopping (cancelled transports) are not the test's concern.
        while (try? await group.next()) != nil {}
        return result
      } catch {
        group.cancelAll()
        throw error
      }
    }
  }

  /// Takes `action` on `caseID` as `agency`, with the body `body` fills in; returns the case's state after it.
  public func act(
    _ agency: String, on caseID: String, _ action: String, _ body: (inout Liaison_V1_ActionBody) -> Void
  ) async throws -> String {
    var request = Liaison_V1_ActRequest.with {
      $0.caseID = caseID
      $0.action = action
    }
    body(&request.body)
    let sent = request
    return try await connect(as: agency) { client in try await client.act(sent) }.event.state
  }

  /// Connects as an agency (or any principal URI) with a certificate from the test CA.
  public func connect<R: Sendable>(
    as agency: String, rogue: Bool = false, _ body: (LiaisonClient) async throws -> R
  ) async throws -> R {
    let uri = agency.hasPrefix("liaison://") ? agency : "liaison://agency/\(agency)"
    let base = try pki.agency(uri, rogue: rogue)
    let credentials = try ClientCredentials.files(
      certificate: base + ".pem", privateKey: base + ".key", trustRoot: pki.caPath)
    return try await LiaisonClient.connect(host: "127.0.0.1", port: port, credentials: credentials, body)
  }
}

extension TestBroker {
  /// Moves the broker's manual clock forward and waits (at most `seconds`) until its scheduler has
  /// raised every alert now due; false when it has not in time.
  public func advance(_ clock: ManualClock, byMillis delta: Int64, seconds: Double = 10) async -> Bool {
    clock.advance(byMillis: delta)
    return await eventually(within: seconds) {
      (try? await broker.store.dueAlarms(at: clock.nowMillis(), limit: 1).isEmpty) ?? false
    }
  }

  /// The events of a case with this action, as `agency` reads the case.
  public func events(_ action: String, of caseID: String, as agency: String) async throws -> [Liaison_V1_Event] {
    try await connect(as: agency) { client in try await client.getCase(caseID) }.events.filter { $0.action == action }
  }

  /// Subscribes as `agency`, acknowledges everything received and returns once `count` deliveries
  /// arrived or `seconds` passed (with what arrived).
  public func receive(_ count: Int, as agency: String, seconds: Double = 15) async throws -> [Liaison_V1_Delivery] {
    try await connect(as: agency) { client in try await client.receive(count, seconds: seconds) }
  }
}

extension LiaisonClient {
  /// Subscribes, acknowledges everything received and returns once `count` deliveries arrived or
  /// `seconds` passed (with what arrived), after the broker confirmed the acknowledgements committed.
  public func receive(_ count: Int, seconds: Double = 15) async throws -> [Liaison_V1_Delivery] {
    try await subscribe(window: max(min(count, 1000), 16)) { subscription in
      let received = Locked<[Liaison_V1_Delivery]>([])
      try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
          for try await batch in subscription.deliveries {
            let total = received.withLock { list in
              list += batch
              return list.count
            }
            subscription.acknowledge(batch.map(\.deliveryID))
            subscription.grant(batch.count)
            if total >= count { break }
          }
        }
        // A bound, not a pause: the call returns as soon as `count` deliveries arrived.
        group.addTask { try? await Task.sleep(for: .seconds(seconds)) }
        try await group.next()
        group.cancelAll()
      }
      return received.withLock { $0 }
    }
  }
}

/// Polls `condition` every 20 ms until it holds or `seconds` pass; returns whether it held.
public func eventually(within seconds: Double = 5, _ condition: () async throws -> Bool) async rethrows -> Bool {
  let deadline = Date().addingTimeInterval(seconds)
  while Date() < deadline {
    if try await condition() { return true }
    try? await Task.sleep(for: .milliseconds(20))
  }
  return try await condition()
}
