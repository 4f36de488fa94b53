import ServiceLifecycle

/// The metrics and health endpoint as a service: serves until shutdown.
struct MetricsService: Service {
  let endpoint: MetricsEndpoint
  let bound: @Sendable (Int) -> Void

  func run() async throws {
    do {
      try await cancelWhenGracefulShutdown {
        try await endpoint.run(bound: bound)
      }
    } catch  where Task.isCancelled || error is CancellationError {
      // Stopped by the shutdown: the listener closing is not a failure.
    }
  }
}
