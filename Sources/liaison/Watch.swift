import ArgumentParser
import Foundation
import LiaisonClient
import LiaisonCore
import LiaisonWire
import SwiftProtobuf

/// `liaison watch`: print deliveries as they arrive and acknowledge each after printing it.
struct Watch: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Receive deliveries live, acknowledging each one as it is printed.")

  @OptionGroup var connection: ConnectionOptions
  @Option(help: "Stop after this many deliveries (default: run until interrupted).") var count: Int?
  @Option(help: "Ack wait in milliseconds.") var ackWaitMs = 30000
  @Flag(help: "Print but do not acknowledge (deliveries come again after the ack wait).") var noAck = false

  func run() async throws {
    let limit = count
    let json = connection.json
    let acknowledge = !noAck
    let ackWait = Duration.milliseconds(ackWaitMs)
    try await connection.connect { client in
      try await client.subscribe(ackWait: ackWait, window: 64) { subscription in
        var seen = 0
        for try await batch in subscription.deliveries {
          for delivery in batch {
            let event = delivery.event
            if json {
              say(try delivery.jsonString())
            } else {
              say(
                "\(event.envelope.drill ? "【演练】" : "")\(event.envelope.caseID) #\(event.sequence) \(event.action) from \(event.envelope.sender) [\(delivery.role)] attempt \(delivery.attempt): \(Self.title(event))"
              )
            }
            if acknowledge { subscription.acknowledge([delivery.deliveryID]) }
            seen += 1
            if let limit, seen >= limit {
              // The subscription ends once the broker confirmed the acknowledgements committed.
              return
            }
          }
        }
      }
    }
  }

  static func title(_ event: Liaison_V1_Event) -> String {
    switch event.body.kind {
    case .referral(let letter): letter.caseName
    case .dispute(let application): application.matter
    case .criminalTransfer(let letter): letter.caseName
    case .disciplineClue, .sealed: "(discipline clue, sealed)"
    case nil where [CaseAction.warn, .escalate].contains(CaseAction(event.action)):
      "\(event.actionBody.escalation.warning ? "warning" : "ESCALATION level \(event.actionBody.escalation.level)"): \(event.actionBody.escalation.deadlineID) due \(CaseCommand.time(event.actionBody.escalation.dueAt))"
    case nil where CaseAction(event.action) == .refused:
      "REFUSED by the case's home broker: your \(event.actionBody.refusal.action) — \(event.actionBody.refusal.code): \(event.actionBody.refusal.message)"
    case nil: event.action
    }
  }
}
