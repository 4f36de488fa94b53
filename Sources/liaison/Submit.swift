import ArgumentParser
import Foundation
import LiaisonClient
import LiaisonContract
import LiaisonCore
import LiaisonWire
import SwiftProtobuf
import Yams

/// `liaison submit`: open a case from flags (referrals) or from a YAML/JSON file (any channel).
struct Submit: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Open a case.",
    discussion: """
      liaison submit referral --to tj.hp.scjg --case-name 无照经营 --facts "…" --reference "津市监移〔2026〕1号"
      liaison submit --file case.yaml     # a SubmitRequest in the protobuf JSON mapping, written as YAML or JSON
      A discipline_clue body is sealed to the receiving commissions' keys before it is sent.
      """)

  enum Kind: String, ExpressibleByArgument, CaseIterable {
    case referral
  }

  @OptionGroup var connection: ConnectionOptions

  @Argument(help: "Channel for a quick submission from flags (referral).")
  var kind: Kind?

  @Option(help: "A SubmitRequest as YAML or JSON (protobuf JSON field names).")
  var file: String?

  @Option(help: "Addressed agency (repeatable).")
  var to: [String] = []

  @Option(help: "Copied agency (repeatable).")
  var copy: [String] = []

  @Option(help: "Case name (案由).")
  var caseName: String?

  @Option(help: "Summary of the facts.")
  var facts: String?

  @Option(help: "The sender's reference number (文号).")
  var reference: String?

  @Option(help: "Idempotency key; retries with the same key are safe. Default: a new random key.")
  var idempotencyKey: String?

  @Flag(help: "Mark the case as a drill.")
  var drill = false

  @Flag(help: "Validate the request here and exit, without sending it.")
  var check = false

  func run() async throws {
    var request: Liaison_V1_SubmitRequest
    if let file {
      request = try Self.load(file)
    } else if kind == .referral {
      guard let caseName, let facts, let reference, !to.isEmpty else {
        throw ValidationError("a referral needs --to, --case-name, --facts and --reference (or use --file)")
      }
      request = Liaison_V1_SubmitRequest.with {
        $0.envelope.channel = .referral
        $0.body.referral = .with {
          $0.referenceNumber = reference
          $0.kind = .case
          $0.caseName = caseName
          $0.factsSummary = facts
        }
      }
    } else {
      throw ValidationError("give a channel (referral) with flags, or --file; `liaison submit --help` shows both")
    }
    if !to.isEmpty { request.envelope.addressees = to }
    if !copy.isEmpty { request.envelope.copies = copy }
    if drill { request.envelope.drill = true }
    if let idempotencyKey { request.idempotencyKey = idempotencyKey }
    if request.idempotencyKey.isEmpty { request.idempotencyKey = UUID().uuidString }
    try Self.validate(request)
    if check {
      say(
        connection.json
          ? "{\"valid\": true}"
          : "valid: \(CaseCommand.channelName(request.envelope.channel)) to \(request.envelope.addressees.joined(separator: ", "))"
      )
      return
    }
    let sent = request
    let response = try await connection.connect { client in
      var request = sent
      // Discipline clues are sealed here, to the commissions' published keys, before they leave.
      if case .disciplineClue = request.body.kind { try await client.sealClue(&request) }
      return try await client.submit(request)
    }
    if connection.json {
      say(try response.jsonString())
    } else {
      say(
        "\(response.duplicate ? "already submitted" : "submitted"): case \(response.caseID) (event \(response.eventID), state \(response.state))"
      )
    }
  }

  /// The checks that need no broker: a channel, addressees, the body's required fields.
  static func validate(_ request: Liaison_V1_SubmitRequest) throws {
    do {
      guard let channel = Channel(wire: request.envelope.channel) else {
        throw LiaisonError(
          .fieldRequired,
          "envelope.channel must be one of CHANNEL_REFERRAL, CHANNEL_DISPUTE, CHANNEL_CRIMINAL_TRANSFER, CHANNEL_DISCIPLINE_CLUE",
          field: "envelope.channel")
      }
      guard !request.envelope.addressees.isEmpty else {
        throw LiaisonError(
          .fieldRequired, "envelope.addressees needs at least one agency id (--to)", field: "envelope.addressees")
      }
      _ = try CaseBodyRules.check(request.body, channel: channel, clue: .clear)
    } catch let error as LiaisonError {
      printError("invalid: \(error)\(error.fieldPath.map { " [field \($0)]" } ?? ""); nothing was sent")
      throw ExitCode(2)
    }
  }

  /// Reads a SubmitRequest from YAML or JSON.
  static func load(_ path: String) throws -> Liaison_V1_SubmitRequest {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw ValidationError("cannot read \(path)")
    }
    do {
      guard let object = try Yams.load(yaml: text) else { throw ValidationError("\(path) is empty") }
      let json = try JSONSerialization.data(withJSONObject: object)
      return try Liaison_V1_SubmitRequest(jsonUTF8Data: json)
    } catch let error as ValidationError {
      throw error
    } catch {
      throw ValidationError("\(path) is not a valid SubmitRequest: \(error)")
    }
  }
}
