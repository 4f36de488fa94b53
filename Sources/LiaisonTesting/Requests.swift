import LiaisonWire
import SwiftProtobuf

/// Typical wire requests for tests.
public enum Requests {
  /// A minimal valid referral from the caller to `to`.
  public static func referral(
    to: [String] = ["tj.hp.scjg"], copies: [String] = [], key: String = "", caseName: String = "无照经营"
  ) -> Liaison_V1_SubmitRequest {
    .with {
      $0.envelope.channel = .referral
      $0.envelope.addressees = to
      $0.envelope.copies = copies
      $0.idempotencyKey = key
      $0.body.referral = .with {
        $0.referenceNumber = "津市监移〔2026〕1号"
        $0.kind = .case
        $0.caseName = caseName
        $0.factsSummary = "和平区南市街道发现无照经营烟草制品"
      }
    }
  }

  /// A comment action.
  public static func comment(_ caseID: String, _ text: String, key: String = "") -> Liaison_V1_ActRequest {
    .with {
      $0.caseID = caseID
      $0.action = "comment"
      $0.idempotencyKey = key
      $0.body.comment = .with { $0.text = text }
    }
  }
}
