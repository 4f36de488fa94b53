import LiaisonCore
import LiaisonWire
import SwiftProtobuf

extension Channel {
  /// The channel of a wire value; `nil` for CHANNEL_UNSPECIFIED or an unknown number.
  public init?(wire: Liaison_V1_Channel) {
    switch wire {
    case .referral: self = .referral
    case .dispute: self = .dispute
    case .criminalTransfer: self = .criminalTransfer
    case .disciplineClue: self = .disciplineClue
    case .escalation: self = .escalation
    default: return nil
    }
  }

  /// The wire value.
  public var wire: Liaison_V1_Channel {
    switch self {
    case .referral: .referral
    case .dispute: .dispute
    case .criminalTransfer: .criminalTransfer
    case .disciplineClue: .disciplineClue
    case .escalation: .escalation
    }
  }
}

extension PartyRole {
  /// The wire list-filter value.
  public init?(wire: Liaison_V1_CaseRole) {
    switch wire {
    case .sent: self = .sender
    case .received: self = .addressee
    case .copied: self = .copy
    case .supervising: self = .supervisor
    default: return nil
    }
  }
}

extension Google_Protobuf_Timestamp {
  /// Milliseconds since the epoch.
  public var millis: Int64 { seconds * 1000 + Int64(nanos / 1_000_000) }

  /// A timestamp from milliseconds since the epoch.
  public init(millis: Int64) {
    self.init(seconds: millis / 1000, nanos: Int32(millis % 1000) * 1_000_000)
  }
}
