import LiaisonCore
import Testing

@Suite("Agency ids and principals")
struct AgencyIDTests {
  @Test(
    "valid ids are accepted and know their region",
    arguments: ["tj.scjg", "tj.hp.sfj", "bj.gaj", "he.lf.xh", "tj.12345"])
  func valid(_ raw: String) throws {
    let id = try #require(AgencyID(raw))
    #expect(id.rawValue == raw)
    #expect(id.region == String(raw.prefix(2)))
  }

  @Test(
    "malformed ids are refused",
    arguments: ["", "tj", "TJ.scjg", "tj..scjg", ".tj", "tj.scjg.", "tj.s cjg", "tj/scjg", "天津.scjg"])
  func invalid(_ raw: String) {
    #expect(AgencyID(raw) == nil)
  }

  @Test("a principal URI names the agency and optionally an operator")
  func principalURI() throws {
    let plain = try #require(Principal(uri: "liaison://agency/tj.scjg"))
    #expect(plain.agency.rawValue == "tj.scjg")
    #expect(plain.operatorName == nil)
    let withOperator = try #require(Principal(uri: "liaison://agency/tj.scjg/wangwei"))
    #expect(withOperator.operatorName == "wangwei")
    #expect(withOperator.uri == "liaison://agency/tj.scjg/wangwei")
  }

  @Test(
    "other URIs are not principals",
    arguments: [
      "liaison://broker/tj", "https://agency/tj.scjg", "liaison://agency/", "liaison://agency/tj.scjg/a/b",
      "liaison://agency/tj.scjg/",
    ])
  func notPrincipal(_ uri: String) {
    #expect(Principal(uri: uri) == nil)
  }
}
