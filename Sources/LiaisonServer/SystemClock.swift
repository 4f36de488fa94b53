import Foundation
import LiaisonCore

/// The machine's wall clock.
public struct SystemClock: WallClock {
  public init() {}

  public func nowMillis() -> Int64 {
    Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
  }

  public func sleep(untilMillis deadline: Int64) async throws {
    let wait = deadline - nowMillis()
    if wait > 0 { try await Task.sleep(for: .milliseconds(wait)) } else { try Task.checkCancellation() }
  }
}
