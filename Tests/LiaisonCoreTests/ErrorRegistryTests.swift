import Foundation
import LiaisonCore
import LiaisonTesting
import Testing

@Suite("Error code registry")
struct ErrorRegistryTests {
  /// The rows of the error table in Protocol/SPEC.md: code → gRPC status.
  static func specTable() throws -> [String: String] {
    let spec = try String(contentsOfFile: "\(Fixtures.repositoryRoot)/Protocol/SPEC.md", encoding: .utf8)
    var rows: [String: String] = [:]
    for line in spec.split(separator: "\n") where line.hasPrefix("| `LIAISON_") {
      let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      rows[cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = cells[1]
    }
    return rows
  }

  @Test("Protocol/SPEC.md lists exactly the codes of the registry, with their gRPC status")
  func specMatchesCode() throws {
    let table = try Self.specTable()
    let statuses: [LiaisonError.Code.Family: String] = [
      .invalidArgument: "INVALID_ARGUMENT", .notFound: "NOT_FOUND", .alreadyExists: "ALREADY_EXISTS",
      .permissionDenied: "PERMISSION_DENIED", .unauthenticated: "UNAUTHENTICATED",
      .failedPrecondition: "FAILED_PRECONDITION", .resourceExhausted: "RESOURCE_EXHAUSTED",
      .unavailable: "UNAVAILABLE", .internalError: "INTERNAL",
    ]
    #expect(Set(table.keys) == Set(LiaisonError.Code.registry.map(\.rawValue)))
    for code in LiaisonError.Code.registry {
      #expect(table[code.rawValue] == statuses[code.family], "\(code) in SPEC.md")
    }
  }

  @Test("codes are unique and every message reads CODE: explanation")
  func uniqueCodes() {
    let codes = LiaisonError.Code.registry.map(\.rawValue)
    #expect(Set(codes).count == codes.count)
    #expect(LiaisonError(.fieldRequired, "x is required").description == "LIAISON_FIELD_REQUIRED: x is required")
  }
}
