import GRPCCore
import GRPCNIOTransportHTTP2
import ServiceLifecycle

/// The gRPC server as a service. Shutdown first stops the broker reporting ready and ends the
/// long streams (subscriptions, federation exchanges), then stops accepting calls and lets the
/// calls in flight finish (their commits complete: the store closes after).
struct RPCServer: Service {
  let server: GRPCServer<HTTP2ServerTransport.Posix>
  let transport: HTTP2ServerTransport.Posix
  let serving: ServingFlag
  let stopping: Latch
  let hub: DeliveryHub

  func run() async throws {
    try await withGracefulShutdownHandler {
      try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.serve() }
        group.addTask {
          _ = try? await transport.listeningAddress
          serving.set(true)
        }
        try await group.waitForAll()
      }
    } onGracefulShutdown: {
      serving.set(false)
      stopping.open()
      hub.closeAll()
      server.beginGracefulShutdown()
    }
  }
}
