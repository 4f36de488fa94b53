import Foundation
import LiaisonTesting
import Testing

/// The .proto files are a usable contract for agencies' own systems: Python stubs generated from
/// Protocol/ with grpcio-tools (installed by .ci/run) submit, receive and acknowledge over mutual TLS.
@Suite("A Python client from the .proto contract", .serialized, .timeLimit(.minutes(3)))
struct PythonClientTests {
  static func python(_ arguments: [String], environment: [String: String] = [:]) throws -> (Int32, String) {
    try runTool("/usr/bin/env", ["python3"] + arguments, environment: environment)
  }

  @Test("generated Python stubs submit a referral, receive it, acknowledge it")
  func referral() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let root = Fixtures.repositoryRoot
    let stubs = folder.file("stubs")
    try FileManager.default.createDirectory(atPath: stubs, withIntermediateDirectories: true)
    let protos = try FileManager.default.contentsOfDirectory(atPath: "\(root)/Protocol/liaison/v1")
      .filter { $0.hasSuffix(".proto") }.map { "\(root)/Protocol/liaison/v1/\($0)" }
    var (status, output) = try Self.python(
      ["-m", "grpc_tools.protoc", "-I", "\(root)/Protocol", "--python_out=\(stubs)", "--grpc_python_out=\(stubs)"]
        + protos)
    #expect(status == 0, "grpcio-tools is needed (`pip install grpcio-tools`, done by .ci/run): \(output)")

    let data = folder.file("dev")
    let (broker, port) = try await BinariesTests.startBroker(data: data)
    defer { broker.kill(SIGTERM) }
    (status, output) = try Self.python(
      [
        "\(root)/Protocol/examples/python/referral.py", "--port", "\(port)", "--ca", "\(data)/pki/ca.pem",
        "--sender", "\(data)/pki/agencies/tj.scjg", "--receiver", "\(data)/pki/agencies/tj.hp.scjg",
      ], environment: ["PYTHONPATH": stubs])
    #expect(status == 0, "\(output)")
    #expect(output.contains("submitted tj.c1 (event tj.e1, state sent)"), "\(output)")
    #expect(output.contains("received delivery 256 of tj.c1: 无照经营（Python 客户端） from tj.scjg"), "\(output)")
    // The Swift CLI sees the Python client's acknowledgement.
    let acknowledged = await eventually(within: 10) {
      let shown = try? await BinariesTests.cli(data, port, ["case", "show", "tj.c1", "--as", "tj.scjg"])
      return shown?.1.contains("→ tj.hp.scjg: acknowledged") ?? false
    }
    #expect(acknowledged)
  }
}
