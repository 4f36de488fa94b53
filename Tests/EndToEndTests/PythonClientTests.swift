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

  /// The Python client package: installed in the virtual environment whose python `LIAISON_PYTHON`
  /// names (.ci/run installs it there as the README says), else from the checkout.
  static func client(_ arguments: [String]) throws -> (Int32, String) {
    if let python = ProcessInfo.processInfo.environment["LIAISON_PYTHON"], !python.isEmpty {
      return try runTool(python, arguments)
    }
    return try python(arguments, environment: ["PYTHONPATH": "\(Fixtures.repositoryRoot)/clients/python"])
  }

  @Test("the Python client holds the broker's test vectors: canonical bytes, signatures, sealed clues")
  func vectors() throws {
    let (status, output) = try Self.client([
      "-m", "liaison_client.vectors", "\(Fixtures.repositoryRoot)/Protocol/testdata",
    ])
    #expect(status == 0, "\(output)")
    #expect(output.contains("test vectors: all hold"), "\(output)")
  }

  @Test(
    "the whole referral workflow from Python: submitted, received, signed for and accepted, verified by liaison case verify and in Python; clues sealed in one language open in the other"
  )
  func workflow() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let data = folder.file("dev")
    let (broker, port) = try await BinariesTests.startBroker(data: data)
    defer { broker.kill(SIGTERM) }
    // A clue sealed by the Swift CLI, for Python to open.
    let clue = folder.file("clue.yaml")
    try """
    envelope:
      channel: CHANNEL_DISCIPLINE_CLUE
      addressees: [tj.hp.jwjw]
    body:
      disciplineClue:
        referenceNumber: 和市监纪移〔2026〕3号
        category: CLUE_CATEGORY_DUTY_VIOLATION
        facts: Swift 命令行密封的线索
        persons:
          - name: 张某某
    """.write(toFile: clue, atomically: true, encoding: .utf8)
    var (status, output) = try await BinariesTests.cli(data, port, ["submit", "--file", clue, "--as", "tj.hp.scjg"])
    #expect(status == 0, "\(output)")

    (status, output) = try Self.client([
      "\(Fixtures.repositoryRoot)/clients/python/tests/workflow.py", "--port", "\(port)", "--dev", data,
      "--open-clue", "tj.c1",
    ])
    #expect(status == 0, "\(output)")
    for line in [
      "submitted tj.c2", "received tj.c2 from tj.scjg, acknowledged", "receipted tj.c2: state receipted, signed",
      "retried receipt: duplicate=True event tj.e3", "accepted tj.c2 as 和市监立〔2026〕第88号: state accepted",
      "VALID   tj.e3 receipt by tj.hp.scjg", "VALID   tj.e4 accept by tj.hp.scjg", "sealed clue submitted as tj.c3",
      "refused as expected: LIAISON_",
      "opened tj.c1: Swift 命令行密封的线索",
    ] {
      #expect(output.contains(line), "missing «\(line)» in \(output)")
    }
    // The Swift CLI verifies what Python signed, and opens what Python sealed.
    (status, output) = try await BinariesTests.cli(data, port, ["case", "verify", "tj.c2", "--as", "tj.scjg"])
    #expect(status == 0, "\(output)")
    #expect(output.contains("VALID   tj.e3 receipt by tj.hp.scjg"), "\(output)")
    #expect(output.contains("VALID   tj.e4 accept by tj.hp.scjg"), "\(output)")
    (status, output) = try await BinariesTests.cli(data, port, ["case", "show", "tj.c3", "--as", "tj.hp.jwjw"])
    #expect(output.contains("Python 客户端密封的线索：执法人员违规减免罚款"), "\(output)")
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
