import ServiceLifecycle

/// Re-reads the revocation lists when their files change (polled once a second, on the real clock:
/// files change in real time).
struct RevocationWatcher: Service {
  let verifier: PeerVerifier

  func run() async throws {
    await cancelWhenGracefulShutdown {
      while !Task.isCancelled {
        try? await Task.sleep(for: .seconds(1))
        verifier.reloadIfChanged()
      }
    }
  }
}
