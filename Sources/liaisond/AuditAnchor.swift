import Foundation
import LiaisonStore
import Logging
import ServiceLifecycle

/// Appends the audit chain's head (one JSON line: seq, hash, time) to a file at a fixed interval,
/// and once more at shutdown, for anchoring outside the broker: copy the file to another system,
/// print it into a register, or send it to a notary. `liaisond audit verify --head` checks a
/// database against any line of it.
struct AuditAnchor: Service {
  let database: String
  let file: String
  let every: Int
  let logger: Logger

  func run() async throws {
    await cancelWhenGracefulShutdown {
      while !Task.isCancelled {
        try? await Task.sleep(for: .seconds(every))
        anchor()
      }
    }
    anchor()
  }

  private func anchor() {
    do {
      guard let link = try AuditVerifier.head(path: database) else { return }
      let line = try AuditHead(link).json() + "\n"
      if !FileManager.default.fileExists(atPath: file),
        !FileManager.default.createFile(atPath: file, contents: nil)
      {
        throw CocoaError(.fileWriteNoPermission)
      }
      let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
      defer { try? handle.close() }
      try handle.seekToEnd()
      try handle.write(contentsOf: Data(line.utf8))
      try handle.synchronize()
    } catch {
      logger.error("audit head not exported", metadata: ["file": "\(file)", "reason": "\(error)"])
    }
  }
}
