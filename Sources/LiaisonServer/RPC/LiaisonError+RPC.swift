import GRPCCore
import GRPCProtobuf
import LiaisonCore
import LiaisonWire
import SwiftProtobuf

extension LiaisonError {
  /// The gRPC status code of this error's family.
  var rpcCode: RPCError.Code {
    switch code.family {
    case .invalidArgument: .invalidArgument
    case .notFound: .notFound
    case .alreadyExists: .alreadyExists
    case .permissionDenied: .permissionDenied
    case .unauthenticated: .unauthenticated
    case .failedPrecondition: .failedPrecondition
    case .resourceExhausted: .resourceExhausted
    case .unavailable: .unavailable
    case .internalError: .internalError
    }
  }

  /// The wire detail.
  var detail: Liaison_V1_ErrorDetail {
    .with {
      $0.code = code.rawValue
      $0.message = message
      $0.fieldPath = fieldPath ?? ""
    }
  }

  /// The status sent to the caller: the gRPC code, "<CODE>: <message>", a standard ErrorInfo
  /// (reason = code, domain = liaison.v1) and the packed `liaison.v1.ErrorDetail`.
  var status: GoogleRPCStatus {
    var details: [ErrorDetails] = [
      .errorInfo(reason: code.rawValue, domain: "liaison.v1", metadata: fieldPath.map { ["field_path": $0] } ?? [:])
    ]
    if let packed = try? Google_Protobuf_Any(message: detail) { details.append(.any(packed)) }
    return GoogleRPCStatus(code: rpcCode, message: description, details: details)
  }
}
