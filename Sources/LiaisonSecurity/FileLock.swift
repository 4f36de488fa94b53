import LiaisonCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An exclusive advisory lock on a file (flock), held while a body runs: two processes minting the
/// development certificates of one folder take turns instead of mixing two CAs' files.
enum FileLock {
  static func withLock<T>(_ path: String, _ body: () throws -> T) throws -> T {
    let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      throw LiaisonError(.configInvalid, "cannot open the lock file \(path): \(String(cString: strerror(errno)))")
    }
    defer { close(descriptor) }
    while flock(descriptor, LOCK_EX) != 0 {
      guard errno == EINTR else {
        throw LiaisonError(.configInvalid, "cannot lock \(path): \(String(cString: strerror(errno)))")
      }
    }
    defer { flock(descriptor, LOCK_UN) }
    return try body()
  }
}

/// Files written whole or not at all, with the permissions they end with from the start.
enum AtomicFile {
  /// Writes `bytes` to a temporary file beside `path` with `permissions`, then renames it over `path`.
  static func store(_ bytes: [UInt8], to path: String, permissions: mode_t) throws {
    let temporary = "\(path).tmp-\(getpid())"
    let descriptor = open(temporary, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, permissions)
    guard descriptor >= 0 else {
      throw LiaisonError(.configInvalid, "cannot write \(path): \(String(cString: strerror(errno)))")
    }
    var written = 0
    while written < bytes.count {
      let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
      guard result > 0 else {
        close(descriptor)
        unlink(temporary)
        throw LiaisonError(.configInvalid, "cannot write \(path): \(String(cString: strerror(errno)))")
      }
      written += result
    }
    fsync(descriptor)
    close(descriptor)
    guard rename(temporary, path) == 0 else {
      unlink(temporary)
      throw LiaisonError(.configInvalid, "cannot write \(path): \(String(cString: strerror(errno)))")
    }
  }
}
