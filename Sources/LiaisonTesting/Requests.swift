import Foundation
import LiaisonCore
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

  /// A complete forward criminal transfer to the Heping police, copied to the Heping procuratorate,
  /// approved at `approvedAtMillis` (default: now; a broker on a manual clock behind it counts from
  /// its own now).
  public static func criminalTransfer(drill: Bool = false, approvedAtMillis: Int64? = nil) -> Liaison_V1_SubmitRequest {
    .with {
      $0.envelope.channel = .criminalTransfer
      $0.envelope.addressees = ["tj.hp.gafj"]
      $0.envelope.copies = ["tj.hp.jcy"]
      $0.envelope.drill = drill
      $0.body.criminalTransfer = .with {
        $0.number = "津和市监移刑〔2026〕3号"
        $0.caseName = "销售伪劣产品案"
        $0.suspectedOffence = "销售伪劣产品罪"
        $0.suspects = [.with { $0.identity.name = "某商贸有限公司" }]
        $0.approval = .with {
          $0.approver = "局长"
          $0.approvedAt = Google_Protobuf_Timestamp(
            seconds: (approvedAtMillis ?? Int64(Date().timeIntervalSince1970 * 1000)) / 1000)
        }
      }
    }
  }

  /// A jurisdiction dispute the Heping market bureau (the caller) brings to the Heping justice bureau
  /// against the urban management and environment bureaus.
  public static func dispute(respondents: [String] = ["tj.hp.csgl", "tj.hp.sthj"]) -> Liaison_V1_SubmitRequest {
    .with {
      $0.envelope.channel = .dispute
      $0.envelope.addressees = ["tj.hp.sfj"]
      $0.body.dispute = .with {
        $0.respondents = respondents
        $0.disputeType = .jurisdiction
        $0.matter = "占道经营油烟污染的管辖"
        $0.facts = "南市街道餐饮摊点占道经营并排放油烟，三部门对管辖有分歧"
      }
    }
  }

  /// A receipt (签收) of `caseID`; the client library signs it.
  public static func receipt(_ caseID: String, signer: String = "王伟", role: String = "法制科科长")
    -> Liaison_V1_ActRequest
  {
    .with {
      $0.caseID = caseID
      $0.action = CaseAction.receipt.rawValue
      $0.body.receipt = .with {
        $0.signerName = signer
        $0.signerRole = role
      }
    }
  }

  /// A comment action.
  public static func comment(_ caseID: String, _ text: String, key: String = "") -> Liaison_V1_ActRequest {
    .with {
      $0.caseID = caseID
      $0.action = CaseAction.comment.rawValue
      $0.idempotencyKey = key
      $0.body.comment = .with { $0.text = text }
    }
  }
}
