/// What an agency is, as the directory records it (workflows.md §9.1). An agency may have several.
public enum AgencyKind: String, Hashable, Sendable, CaseIterable, Codable {
  /// People's government (人民政府).
  case government = "GOV"
  /// General office of a government.
  case governmentOffice = "GOV_OFFICE"
  /// Justice bureau (司法局/司法厅): enforcement supervision and dispute coordination.
  case justice = "JUSTICE"
  /// Public security (公安局/公安厅/分局).
  case police = "POLICE"
  /// People's procuratorate (人民检察院).
  case procuratorate = "PROCURATORATE"
  /// Discipline inspection and supervision commission (纪委监委).
  case supervision = "SUPERVISION"
  /// Administrative enforcement department; see ``Agency/sector``.
  case enforcement = "ENFORCEMENT"
  /// Comprehensive enforcement team acting in a department's name.
  case enforcementTeam = "ENF_TEAM"
  /// Sub-district or township with delegated powers.
  case street = "STREET"
  /// Vertically managed agency (tax, customs …).
  case vertical = "VERTICAL"
  /// 12345 hotline centre.
  case hotline = "HOTLINE"
  /// People's court (reverse transfers).
  case court = "COURT"
}
