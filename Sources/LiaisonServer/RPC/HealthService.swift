import GRPCCore
import LiaisonWire
import SwiftProtobuf

/// The standard `grpc.health.v1.Health` service. The broker reports SERVING for the server as a
/// whole ("") and for `liaison.v1.Broker` while it accepts requests, NOT_SERVING once shutdown begins.
struct HealthService: Grpc_Health_V1_Health.SimpleServiceProtocol {
  static let services: Set<String> = ["", "liaison.v1.Broker", "grpc.health.v1.Health"]
  let serving: @Sendable () -> Bool

  func check(request: Grpc_Health_V1_HealthCheckRequest, context: ServerContext) async throws
    -> Grpc_Health_V1_HealthCheckResponse
  {
    guard Self.services.contains(request.service) else {
      throw RPCError(code: .notFound, message: "unknown service '\(request.service)'")
    }
    return .with { $0.status = serving() ? .serving : .notServing }
  }

  func watch(
    request: Grpc_Health_V1_HealthCheckRequest, response: RPCWriter<Grpc_Health_V1_HealthCheckResponse>,
    context: ServerContext
  ) async throws {
    guard Self.services.contains(request.service) else {
      try await response.write(.with { $0.status = .serviceUnknown })
      return
    }
    var last: Bool?
    while !Task.isCancelled {
      let now = serving()
      if now != last {
        try await response.write(.with { $0.status = now ? .serving : .notServing })
        last = now
      }
      try await Task.sleep(for: .milliseconds(500))
    }
  }
}
