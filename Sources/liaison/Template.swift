import ArgumentParser
import Foundation
import Yams

/// `liaison template <channel>`: a commented example request to copy, fill in and submit.
struct Template: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print a commented example request for a channel (YAML), to fill in and submit with --file.",
    discussion: """
      liaison template criminal_transfer > transfer.yaml   # edit it, then
      liaison submit --file transfer.yaml --check --as tj.hp.scjg    # validate without sending
      liaison submit --file transfer.yaml --as tj.hp.scjg
      Field names are those of Protocol/liaison/v1/*.proto in their JSON form (lowerCamelCase).
      """)

  enum Kind: String, ExpressibleByArgument, CaseIterable {
    case referral, assistance, dispute
    case criminalTransfer = "criminal_transfer"
    case reverseTransfer = "reverse_transfer"
    case disciplineClue = "discipline_clue"
  }

  @Argument(help: "referral, assistance, dispute, criminal_transfer, reverse_transfer or discipline_clue.")
  var kind: Kind

  @Flag(help: "Print the example as JSON instead of commented YAML.")
  var json = false

  func run() throws {
    guard json else {
      print(Self.text(kind, now: Date()), terminator: "")
      return
    }
    let object = try Yams.load(yaml: Self.text(kind, now: Date())) ?? [:]
    let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    print(String(decoding: data, as: UTF8.self))
  }

  /// The example for `kind`. Times in it (a transfer's approval) are relative to `now`, so a
  /// template printed today is valid today: the approval is an hour ago, and its 24-hour delivery
  /// clock has 23 hours left.
  static func text(_ kind: Kind, now: Date) -> String {
    switch kind {
    case .referral:
      return """
        # A case referral (移送) to the competent department. Required: addressees, referenceNumber,
        # caseName, factsSummary. The sender is your certificate's agency.
        envelope:
          channel: CHANNEL_REFERRAL
          addressees: [tj.hp.scjg]        # who must handle it (agency ids of the directory)
          copies: []                      # who is informed
          confidentiality: CONFIDENTIALITY_INTERNAL
        body:
          referral:
            referenceNumber: 津市监移〔2026〕1号   # your document number (文号)
            kind: REFERRAL_KIND_CASE            # CASE, CLUE or ASSISTANCE
            caseName: 无照经营                   # 案由
            factsSummary: 和平区南市街道发现无照经营烟草制品
            violationPlace: 和平区南市街道
            parties:
              - name: 某商贸有限公司
                idKind: IDENTITY_KIND_CREDIT_CODE
                idNumber: 91120101MA00000000
            suspectedProvisions:
              - instrument: 《无证无照经营查处办法》
                article: 第十三条
            competenceBasis: 属地管辖
            contact: { name: 王伟, phone: "022-00000000" }

        """
    case .assistance:
      return """
        # An assistance request (协查): a referral of kind ASSISTANCE listing what is asked.
        envelope:
          channel: CHANNEL_REFERRAL
          addressees: [tj.hp.gafj]
        body:
          referral:
            referenceNumber: 津市监协〔2026〕4号
            kind: REFERRAL_KIND_ASSISTANCE
            caseName: 核查当事人身份
            factsSummary: 办理无照经营案件需核实当事人户籍信息
            assistance:
              items: [核实刘某某户籍信息]      # at least one

        """
    case .dispute:
      return """
        # A jurisdiction dispute (管辖争议) to the coordinator of the parties' level. Required: the
        # justice bureau as addressee, disputeType, matter, facts, respondents.
        envelope:
          channel: CHANNEL_DISPUTE
          addressees: [tj.hp.sfj]         # the dispute coordinator of your level
        body:
          dispute:
            disputeType: DISPUTE_TYPE_JURISDICTION
            matter: 占道经营油烟污染的管辖
            facts: 南市街道餐饮摊点占道经营并排放油烟，三部门对管辖有分歧
            respondents: [tj.hp.csgl, tj.hp.sthj]

        """
    case .criminalTransfer:
      return """
        # A suspected-crime transfer (行刑衔接) to the police; the broker copies the same-level
        # procuratorate. Required: number, caseName, suspectedOffence, at least one suspect.
        envelope:
          channel: CHANNEL_CRIMINAL_TRANSFER
          addressees: [tj.hp.gafj]
        body:
          criminalTransfer:
            number: 津和市监移刑〔2026〕3号
            caseName: 销售伪劣产品案
            suspectedOffence: 销售伪劣产品罪
            suspects:
              - identity: { name: 某商贸有限公司 }
                isUnit: true
            approval:
              approver: 局长
              approvedAt: "\(Self.shanghaiTimestamp(now.addingTimeInterval(-3600)))"   # starts the 24-hour delivery clock

        """
    case .reverseTransfer:
      return """
        # A reverse transfer (反向衔接) from the police, procuratorate or court to an enforcement agency.
        envelope:
          channel: CHANNEL_CRIMINAL_TRANSFER
          addressees: [tj.hp.scjg]
        body:
          criminalTransfer:
            direction: TRANSFER_DIRECTION_REVERSE
            number: 津和公移〔2026〕2号
            caseName: 销售伪劣产品案（不予立案，移送行政处罚）

        """
    case .disciplineClue:
      return """
        # A disciplinary clue to the supervision commission. `liaison submit` seals it end to end to
        # the commission's published key; the broker never sees it in clear. Required: referenceNumber,
        # category, facts, at least one person.
        envelope:
          channel: CHANNEL_DISCIPLINE_CLUE
          addressees: [tj.hp.jwjw]
          confidentiality: CONFIDENTIALITY_WORK_SECRET
        body:
          disciplineClue:
            referenceNumber: 和市监纪移〔2026〕1号
            category: CLUE_CATEGORY_DUTY_VIOLATION
            facts: 执法人员在查处案件中收受当事人财物
            persons:
              - name: 张某某
                unit: 和平区市场监督管理局

        """
    }
  }

  /// `instant` as an RFC 3339 timestamp in Asia/Shanghai local time, to the minute
  /// (`2026-12-02T09:30:00+08:00`).
  static func shanghaiTimestamp(_ instant: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
    formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:00xxx"
    return formatter.string(from: instant)
  }
}
