import LiaisonStore
import ServiceLifecycle

/// Keeps the store open while the broker runs and closes it last, after every commit handed to it
/// (the writer finishes its queue first).
struct StoreService: Service {
  let store: SQLiteStore

  func run() async throws {
    try? await gracefulShutdown()
    store.close()
  }
}
