import Foundation

/// Runs a system tool (openssl, python3, the PKI scripts) to completion and returns its exit status
/// and its output (standard output and error together).
public func runTool(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (
  Int32, String
) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: path)
  process.arguments = arguments
  if !environment.isEmpty {
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  }
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  process.standardInput = FileHandle.nullDevice
  try process.run()
  let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  return (process.terminationStatus, output)
}
