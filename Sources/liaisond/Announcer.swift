import LiaisonServer
import ServiceLifecycle

/// Prints the listening port once the broker listens.
struct Announcer: Service {
  let broker: LiaisonBroker
  let announce: @Sendable (Int) -> Void

  func run() async throws {
    announce(try await broker.listeningPort)
    try? await gracefulShutdown()
  }
}
