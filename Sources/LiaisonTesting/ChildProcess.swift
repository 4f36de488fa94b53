import Foundation
import LiaisonCore

/// A built executable of this package run as a child process, with its output captured, for the
/// end-to-end tests. Every wait is bounded.
///
/// The output goes to a temporary file that `text` reads, not to a pipe watched with
/// `FileHandle.readabilityHandler`: on Linux tearing down those dispatch read sources races
/// libdispatch's epoll bookkeeping and can crash the whole test process with SIGSEGV
/// (swift-corelibs-foundation#3276, swift-corelibs-libdispatch#949), which the federation tests,
/// with their many short-lived processes, hit on CI.
public final class ChildProcess: Sendable {
  private let process: Process
  private let outputPath: String

  /// The folder holding the package's built executables: the folder of the running test bundle
  /// (`.build/<triple>/debug`), or `LIAISON_BIN_DIR` when set.
  public static var binaryFolder: String {
    if let folder = ProcessInfo.processInfo.environment["LIAISON_BIN_DIR"] { return folder }
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var url = URL(fileURLWithPath: exe).deletingLastPathComponent()
    // On Linux the test bundle is `<folder>/LiaisonPackageTests.xctest`; on macOS it is a bundle.
    while !FileManager.default.fileExists(atPath: url.appendingPathComponent("liaisond").path), url.path != "/" {
      url.deleteLastPathComponent()
    }
    return url.path
  }

  /// Starts `binary` (a product name such as `liaisond`) with `arguments` in `directory`.
  public init(_ binary: String, _ arguments: [String], directory: String? = nil) throws {
    process = Process()
    process.executableURL = URL(fileURLWithPath: "\(Self.binaryFolder)/\(binary)")
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    outputPath = "\(NSTemporaryDirectory())/liaison-child-\(UUID().uuidString).log"
    guard FileManager.default.createFile(atPath: outputPath, contents: nil),
      let output = FileHandle(forWritingAtPath: outputPath)
    else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: outputPath]) }
    // The child gets its own copy of the descriptor; ours is closed once it has started.
    defer { try? output.close() }
    process.standardOutput = output
    process.standardError = output
    process.standardInput = FileHandle.nullDevice
    try process.run()
  }

  /// Everything printed so far (stdout and stderr together).
  public var text: String {
    guard let data = FileManager.default.contents(atPath: outputPath) else { return "" }
    return String(decoding: data, as: UTF8.self)
  }

  /// The process id.
  public var pid: Int32 { process.processIdentifier }

  /// True while it runs.
  public var isRunning: Bool { process.isRunning }

  /// Waits until the output contains `needle`; returns the output, or `nil` after `seconds`.
  public func waitForOutput(containing needle: String, seconds: Double = 20) async -> String? {
    let found = await eventually(within: seconds) { text.contains(needle) }
    return found ? text : nil
  }

  /// Waits for the process to exit; returns its status, or `nil` (and kills it) after `seconds`.
  @discardableResult
  public func waitForExit(seconds: Double = 20) async -> Int32? {
    let exited = await eventually(within: seconds) { !process.isRunning }
    guard exited else {
      kill(SIGKILL)
      return nil
    }
    process.waitUntilExit()
    return process.terminationStatus
  }

  /// Sends a signal.
  public func kill(_ signal: Int32) {
    if process.isRunning { _ = Foundation.kill(process.processIdentifier, signal) }
  }

  /// Runs a command to completion and returns (status, output).
  public static func run(_ binary: String, _ arguments: [String], seconds: Double = 30) async throws -> (Int32, String)
  {
    let child = try ChildProcess(binary, arguments)
    let status = await child.waitForExit(seconds: seconds) ?? -1
    return (status, child.text)
  }

  deinit {
    if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    try? FileManager.default.removeItem(atPath: outputPath)
  }
}
