import Foundation
import LiaisonTesting
import Testing

/// The `liaison` CLI as people and scripts use it: templates validated before sending, verbs,
/// inbox with names and deadlines, deadlines, escalations, attachments, --json, exit codes, a config
/// file, shell completion.
@Suite("The liaison CLI", .serialized, .timeLimit(.minutes(3)))
struct CLITests {
  @Test("templates validate, verbs act and sign, tables and JSON list, attachments round-trip")
  func everyday() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let data = folder.file("dev")
    let (broker, port) = try await BinariesTests.startBroker(data: data)
    defer { broker.kill(SIGTERM) }
    func cli(_ arguments: [String]) async throws -> (Int32, String) {
      try await BinariesTests.cli(data, port, arguments)
    }

    // Every template is a valid request as printed; a missing field is caught before sending.
    for kind in ["referral", "assistance", "dispute", "criminal_transfer", "reverse_transfer", "discipline_clue"] {
      let (status, template) = try await ChildProcess.run("liaison", ["template", kind])
      #expect(status == 0)
      let file = folder.file("\(kind).yaml")
      try template.write(toFile: file, atomically: true, encoding: .utf8)
      let (checked, output) = try await cli(["submit", "--file", file, "--check"])
      #expect(checked == 0 && output.contains("valid"), "\(kind): \(output)")
    }
    // The transfer's approval is stated relative to now, so its 24-hour delivery clock is running,
    // not overdue, whatever the day (it was a fixed date once, and the walkthrough escalated at once).
    let (_, transfer) = try await ChildProcess.run("liaison", ["template", "criminal_transfer", "--json"])
    let approval = try #require(
      ((((try JSONSerialization.jsonObject(with: Data(transfer.utf8)) as? [String: Any])?["body"] as? [String: Any])?[
        "criminalTransfer"] as? [String: Any])?["approval"] as? [String: Any])?["approvedAt"] as? String)
    let approvedAt = try #require(ISO8601DateFormatter().date(from: approval), "\(approval)")
    #expect(approvedAt < Date() && approvedAt > Date().addingTimeInterval(-3 * 3600), "\(approval)")
    let (_, referral) = try await ChildProcess.run("liaison", ["template", "referral"])
    let incomplete = folder.file("incomplete.yaml")
    try referral.replacingOccurrences(of: "caseName: 无照经营", with: "")
      .write(toFile: incomplete, atomically: true, encoding: .utf8)
    var (status, output) = try await cli(["submit", "--file", incomplete, "--check"])
    #expect(
      status == 2 && output.contains("body.referral.case_name") && output.contains("nothing was sent"), "\(output)")

    // A criminal transfer from its template, signed for and filed with the verbs.
    (status, output) = try await cli(["submit", "--file", folder.file("criminal_transfer.yaml"), "--as", "tj.hp.scjg"])
    #expect(status == 0 && output.contains("case tj.c1"), "\(output)")
    (status, output) = try await cli(["case", "show", "tj.c1", "--as", "tj.hp.scjg", "--json"])
    let view = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
    let deliver = (view?["deadlines"] as? [[String: Any]])?.first { $0["deadlineId"] as? String == "crim.deliver" }
    #expect(status == 0 && deliver != nil && deliver?["overdue"] as? Bool != true, "\(output)")
    (status, output) = try await cli(["sign", "tj.c1", "--signer", "王伟", "--role", "值班民警", "--as", "tj.hp.gafj"])
    #expect(status == 0 && output.contains("signed"), "\(output)")
    (status, output) = try await cli([
      "decide", "tj.c1", "file", "--number", "津和公立〔2026〕5号", "--reasons", "涉嫌销售伪劣产品罪", "--as", "tj.hp.gafj",
    ])
    #expect(status == 0 && output.contains("state filed"), "\(output)")
    (status, output) = try await cli(["comment", "tj.c1", "--text", "已立案", "--as", "tj.hp.gafj"])
    #expect(status == 0, "\(output)")
    (status, output) = try await cli(["reject", "tj.c1", "--reason", "x", "--as", "tj.hp.gafj"])
    #expect(
      status == 1 && output.contains("refused:") && output.contains("actions: receipt"),
      "a refused verb says what is allowed: \(output)")

    // The inbox shows the agencies' names; the case view shows signatures and deadlines.
    (status, output) = try await cli(["inbox", "--as", "tj.hp.gafj"])
    #expect(status == 0 && output.contains("天津市和平区市场监督管理局") && output.contains("NEXT DEADLINE"), "\(output)")
    (status, output) = try await cli(["case", "show", "tj.c1", "--as", "tj.hp.jcy"])
    #expect(
      output.contains("receipt by tj.hp.gafj") && output.contains("signed") && output.contains("deadlines:"),
      "\(output)")
    (status, output) = try await cli(["inbox", "--as", "tj.hp.gafj", "--json"])
    let inbox = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
    #expect((inbox?["cases"] as? [Any])?.count == 1, "\(output)")
    // The hand-over after filing is the sender's to do: `deadlines` files it under the sender, even
    // when the police list it.
    (status, output) = try await cli(["deadlines", "--within", "5", "--as", "tj.hp.gafj"])
    #expect(
      status == 0 && output.contains("(tj.hp.scjg): 1 due, 0 overdue") && output.contains("crim.handover")
        && !output.contains("(tj.hp.gafj):"), "\(output)")
    (status, output) = try await cli(["deadlines", "--within", "5", "--as", "tj.hp.scjg", "--json"])
    #expect(status == 0 && (try? JSONSerialization.jsonObject(with: Data(output.utf8))) != nil, "\(output)")
    (status, output) = try await cli(["escalations", "--as", "tj.hp.gov"])
    #expect(status == 0 && output.contains("no escalations"), "\(output)")

    // A 2 MiB attachment up and down with a progress bar.
    let original = (0..<(2 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    try Data(original).write(to: URL(fileURLWithPath: folder.file("evidence.bin")))
    (status, output) = try await cli(["attach", "put", folder.file("evidence.bin"), "--progress", "--as", "tj.hp.scjg"])
    #expect(status == 0 && output.contains("100%"), "\(output)")
    let digest = try #require(
      output.split(whereSeparator: \.isWhitespace).first { $0.count == 64 }.map { String($0.prefix(64)) })
    (status, output) = try await cli([
      "attach", "get", digest, "--out", folder.file("back.bin"), "--as", "tj.hp.scjg", "--size", "\(2 << 20)",
      "--progress",
    ])
    #expect(status == 0, "\(output)")
    #expect(FileManager.default.contents(atPath: folder.file("back.bin")) == Data(original))

    // A config file instead of flags; exit code 3 when the broker cannot be reached.
    try "port: \(port)\ndev_dir: \(data)\nas: tj.hp.gafj\n".write(
      toFile: folder.file("liaison.yaml"), atomically: true, encoding: .utf8)
    let configured = try ChildProcess("liaison", ["inbox"], directory: folder.path)
    #expect(await configured.waitForExit(seconds: 30) == 0, "\(configured.text)")
    #expect(configured.text.contains("tj.c1"))
    (status, output) = try await ChildProcess.run(
      "liaison", ["inbox", "--as", "tj.scjg", "--dev-dir", data, "--port", "\(freePort())"])
    #expect(status == 3 && output.contains("cannot reach the broker"), "\(output)")

    // Shell completion.
    (status, output) = try await ChildProcess.run("liaison", ["--generate-completion-script", "bash"])
    #expect(status == 0 && output.contains("_liaison"), "\(output.prefix(200))")
  }

  @Test(
    "a drill is marked 演练 in lists, the case view and alerts; the case view shows the body, what each action said and who each alert went to; escalations --json has the alerts; act help and act --help's examples work; usage errors exit 2"
  )
  func drillAndCaseView() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let data = folder.file("dev")
    let (broker, port) = try await BinariesTests.startBroker(data: data)
    defer { broker.kill(SIGTERM) }
    func cli(_ arguments: [String]) async throws -> (Int32, String) {
      try await BinariesTests.cli(data, port, arguments)
    }
    var (status, output) = try await cli([
      "submit", "referral", "--as", "tj.scjg", "--to", "tj.hp.scjg", "--case-name", "无照经营", "--facts",
      "南市街道发现无照经营烟草制品", "--reference", "津市监移〔2026〕9号", "--drill",
    ])
    #expect(status == 0 && output.contains("case tj.c1"), "\(output)")
    // The delivery starts the drill receipt clock (20 s); the receiver does not sign, so it escalates
    // to the receiver, then (a tenth of the drill length later) to its superior, tj.hp.gov.
    (status, output) = try await cli(["watch", "--as", "tj.hp.scjg", "--count", "1"])
    #expect(status == 0 && output.contains("【演练】tj.c1"), "\(output)")
    let escalated = await eventually(within: 90) {
      let (_, text) = (try? await cli(["escalations", "--as", "tj.hp.gov"])) ?? (1, "")
      return text.contains("ref.receipt")
    }
    #expect(escalated)
    (status, output) = try await cli(["inbox", "--as", "tj.hp.scjg"])
    #expect(status == 0 && output.contains("【演练】无照经营"), "\(output)")
    // Overdue by seconds or minutes reads so (it read "overdue 0h 0m" once).
    #expect(output.range(of: "overdue (<1m|[0-9]+m)", options: .regularExpression) != nil, "\(output)")
    #expect(!output.contains("0h 0m"))
    (status, output) = try await cli(["escalations", "--as", "tj.hp.gov"])
    #expect(status == 0 && output.contains("【演练】tj.c1") && output.contains("of tj.hp.scjg"), "\(output)")
    (status, output) = try await cli(["escalations", "--as", "tj.hp.gov", "--json"])
    let listed = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
    let alerts = listed?["alerts"] as? [[String: Any]] ?? []
    #expect(status == 0 && !alerts.isEmpty && alerts.allSatisfy { $0["action"] as? String == "escalate" }, "\(output)")
    (status, output) = try await cli(["comment", "tj.c1", "--text", "请尽快签收", "--as", "tj.scjg"])
    #expect(status == 0, "\(output)")
    // What the receiver may do now, then the examples of `act --help`, as written.
    (status, output) = try await cli(["act", "tj.c1", "help", "--as", "tj.hp.scjg"])
    #expect(status == 0 && output.contains("  receipt  --signer-name") && !output.contains("  accept"), "\(output)")
    let (_, help) = try await ChildProcess.run("liaison", ["act", "--help"])
    let examples = help.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
      $0.hasPrefix("liaison act tj.c1 ") && !$0.contains(" help ")
    }
    #expect(examples.count == 3, "\(help)")
    for example in examples {
      (status, output) = try await cli(example.split(separator: " ").dropFirst().map(String.init))
      #expect(status == 0 && output.contains("recorded on tj.c1"), "\(example): \(output)")
    }
    (status, output) = try await cli(["act", "tj.c1", "help", "--as", "tj.hp.scjg"])
    #expect(status == 0 && !output.contains("  receipt ") && output.contains("  start_handling"), "\(output)")
    // A usage error exits 2, as `liaison --help` and the README say.
    (status, output) = try await ChildProcess.run("liaison", ["act", "tj.c1"])
    #expect(status == 2 && output.contains("Missing expected argument"), "\(output)")
    (status, output) = try await ChildProcess.run("liaison", ["inbox", "--no-such-flag"])
    #expect(status == 2, "\(output)")
    (status, output) = try await cli(["case", "show", "tj.c1", "--as", "tj.scjg"])
    #expect(status == 0 && output.contains("【演练】drill"), "\(output)")
    #expect(output.contains("referral.factsSummary: 南市街道发现无照经营烟草制品"), "the body: \(output)")
    #expect(output.contains("comment.text: 请尽快签收"), "what an action said: \(output)")
    #expect(output.contains("receipt.signerName: 王伟"), "\(output)")
    #expect(
      output.contains("【演练】escalation level 2 on ref.receipt (clock of tj.hp.scjg) → supervisors tj.hp.gov; sent to")
        && output.contains("tj.hp.gov"), "who each alert went to: \(output)")
  }

  @Test("deadlines on a provisional calendar are marked, with a note saying which file to add")
  func provisionalCalendar() async throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let data = folder.file("dev")
    // No calendar file at all: every day deadline is provisional, whatever the date.
    try FileManager.default.createDirectory(atPath: folder.file("no-calendar"), withIntermediateDirectories: true)
    let (broker, port) = try await BinariesTests.startBroker(data: data, calendar: folder.file("no-calendar"))
    defer { broker.kill(SIGTERM) }
    func cli(_ arguments: [String]) async throws -> (Int32, String) {
      try await BinariesTests.cli(data, port, arguments)
    }
    var (status, output) = try await cli([
      "submit", "referral", "--as", "tj.scjg", "--to", "tj.hp.scjg", "--case-name", "无照经营", "--facts", "x",
      "--reference", "津市监移〔2026〕9号",
    ])
    #expect(status == 0, "\(output)")
    (status, output) = try await cli(["watch", "--as", "tj.hp.scjg", "--count", "1"])
    #expect(status == 0, "\(output)")
    let listed = await eventually(within: 20) {
      (try? await cli(["deadlines", "--within", "5", "--as", "tj.hp.scjg"]))?.1.contains("ref.receipt") ?? false
    }
    #expect(listed)
    (status, output) = try await cli(["deadlines", "--within", "5", "--as", "tj.hp.scjg"])
    #expect(
      status == 0 && output.contains("* 1 due time(s) are provisional") && output.contains("Deploy/calendar/cn-"),
      "\(output)")
    (status, output) = try await cli(["inbox", "--as", "tj.hp.scjg"])
    #expect(output.contains("are provisional"), "\(output)")
  }
}
