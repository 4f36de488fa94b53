import Foundation
import LiaisonTesting
import Testing

/// Evidence with the real binaries: signatures checked offline by `liaison case verify`, a sealed
/// clue through the CLI, and `liaisond audit verify` on a database tampered with behind the broker.
@Suite("Evidence with the binaries", .serialized, .timeLimit(.minutes(3)))
struct EvidenceTests {
  @Test("case verify proves a receipt offline; an edited export fails; a sealed clue opens only for the commission")
  func signaturesAndSealing() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let data = folder.file("dev")
    let anchors = folder.file("anchors.jsonl")
    let (broker, port) = try await BinariesTests.startBroker(
      data: data, extra: ["--audit-head-file", anchors, "--audit-head-seconds", "1"])
    defer { broker.kill(SIGTERM) }
    func cli(_ arguments: [String]) async throws -> (Int32, String) {
      try await BinariesTests.cli(data, port, arguments)
    }
    var (status, output) = try await cli([
      "submit", "referral", "--as", "tj.scjg", "--to", "tj.hp.scjg", "--case-name", "无照经营", "--facts",
      "和平区南市街道发现无照经营烟草制品", "--reference", "津市监移〔2026〕1号",
    ])
    #expect(status == 0, "\(output)")
    (status, output) = try await cli([
      "act", "tj.c1", "receipt", "--as", "tj.hp.scjg", "--signer-name", "王伟", "--signer-role", "法制科科长",
    ])
    #expect(status == 0, "\(output)")
    let export = folder.file("tj.c1.json")
    (status, output) = try await cli(["case", "verify", "tj.c1", "--as", "tj.scjg", "--export", export])
    #expect(status == 0, "\(output)")
    #expect(output.contains("VALID   tj.e2 receipt by tj.hp.scjg"), "\(output)")
    #expect(output.contains("certificate liaison://agency/tj.hp.scjg"), "\(output)")
    // The export is the record; edited, it no longer verifies, without the broker.
    let edited = try String(contentsOfFile: export, encoding: .utf8).replacingOccurrences(of: "王伟", with: "李强")
    try edited.write(toFile: folder.file("edited.json"), atomically: true, encoding: .utf8)
    (status, output) = try await cli([
      "case", "verify", "--from", folder.file("edited.json"), "--authority", "\(data)/pki/ca.pem",
    ])
    #expect(status == 1, "\(output)")
    #expect(output.contains("INVALID tj.e2 receipt"), "\(output)")

    // A discipline clue from a YAML file is sealed by the CLI; the commission's dev key opens it.
    let clue = folder.file("clue.yaml")
    try """
    envelope:
      channel: CHANNEL_DISCIPLINE_CLUE
      addressees: [tj.hp.jwjw]
    body:
      disciplineClue:
        referenceNumber: 和市监纪移〔2026〕1号
        category: CLUE_CATEGORY_DUTY_VIOLATION
        facts: 执法人员收受当事人财物
        persons:
          - name: 张某某
    """.write(toFile: clue, atomically: true, encoding: .utf8)
    (status, output) = try await cli(["submit", "--file", clue, "--as", "tj.hp.scjg"])
    #expect(status == 0, "\(output)")
    (status, output) = try await cli(["case", "show", "tj.c2", "--as", "tj.hp.jwjw"])
    #expect(output.contains("facts:      执法人员收受当事人财物"), "\(output)")
    (status, output) = try await cli(["case", "show", "tj.c2", "--as", "tj.hp.scjg"])
    #expect(output.contains("body:       sealed"), "\(output)")
    #expect(!output.contains("执法人员收受当事人财物"))

    // The audit chain of the live database verifies.
    let database = "\(data)/liaison.sqlite"
    (status, output) = try await ChildProcess.run("liaisond", ["audit", "verify", "--database", database])
    #expect(status == 0, "\(output)")
    #expect(output.contains("intact"), "\(output)")
    (status, output) = try await ChildProcess.run("liaisond", ["audit", "head", "--database", database])
    #expect(status == 0 && output.contains("\"hash\""), "\(output)")
    try output.write(toFile: folder.file("head.json"), atomically: true, encoding: .utf8)
    broker.kill(SIGTERM)
    #expect(await broker.waitForExit(seconds: 20) == 0)
    // The broker exported its head as it ran and once more as it stopped: the last line is the head.
    let exported = try String(contentsOfFile: anchors, encoding: .utf8).split(separator: "\n")
    #expect(!exported.isEmpty)
    (status, output) = try await ChildProcess.run("liaisond", ["audit", "head", "--database", database])
    #expect(exported.last.map(String.init) == output.trimmingCharacters(in: .whitespacesAndNewlines))
    // The file the broker wrote is what audit verify --head reads: every line is still in the chain.
    (status, output) = try await ChildProcess.run(
      "liaisond", ["audit", "verify", "--database", database, "--head", anchors])
    #expect(status == 0, "\(output)")
    #expect(output.contains("intact"), "\(output)")
    // Bad arguments are not a broken chain: exit status 64, naming what is wrong.
    try "{\"seq\": 1}\n".write(toFile: folder.file("bad.jsonl"), atomically: true, encoding: .utf8)
    (status, output) = try await ChildProcess.run(
      "liaisond", ["audit", "verify", "--database", database, "--head", folder.file("bad.jsonl")])
    #expect(status == 64, "\(output)")
    #expect(output.contains("bad.jsonl:1: not an audit head"), "\(output)")
    (status, output) = try await ChildProcess.run(
      "liaisond", ["audit", "verify", "--database", folder.file("none.sqlite")])
    #expect(status == 64, "\(output)")
    #expect(output.contains("no database at"), "\(output)")

    // Behind the broker's back: the receipt's signer is rewritten in the database.
    let (rewritten, message) = try runTool(
      "/usr/bin/env",
      [
        "python3", "-c",
        "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE events SET time=time+1000 WHERE id='tj.e2'\"); c.commit()",
        database,
      ])
    #expect(rewritten == 0, "\(message)")
    (status, output) = try await ChildProcess.run(
      "liaisond", ["audit", "verify", "--database", database, "--head", folder.file("head.json")])
    #expect(status == 1, "\(output)")
    #expect(output.contains("event tj.e2 of case tj.c1 was altered"), "\(output)")
    // The broker refuses to start on it, naming the same link.
    (status, output) = try await ChildProcess.run(
      "liaisond",
      [
        "dev", "--data", data, "--port", "0", "--directory", Fixtures.directoryPath, "--policies",
        "\(Fixtures.repositoryRoot)/Deploy/policies", "--calendar", "\(Fixtures.repositoryRoot)/Deploy/calendar",
        "--authorization", "\(Fixtures.repositoryRoot)/Deploy/authorization/channels.yaml",
      ], seconds: 60)
    #expect(status != 0, "\(output)")
    #expect(output.contains("does not match its audit chain"), "\(output)")
    #expect(output.contains("event tj.e2 of case tj.c1 was altered"), "\(output)")
  }
}
