import LiaisonCore
import LiaisonTesting
import Testing

@testable import LiaisonStore

/// The writer's direct-mapped memory of cases: a case's record, deadlines and rows are kept until
/// a case `capacity` numbers later takes its slot, and a slot never answers for another case.
@Suite("Case cache")
struct CaseCacheTests {
  static func record(_ id: String) -> CaseRecord {
    CaseRecord(
      id: id, channel: .referral, state: "sent", sender: Fixtures.agency("tj.scjg"), operatorName: nil,
      addressees: [Fixtures.agency("tj.hp.scjg")], copies: [], title: "t", drill: false, confidentiality: 2,
      openedAt: 1, updatedAt: 1, lastSequence: 1, workflow: "referral")
  }

  @Test("what is remembered of a case is answered for that case only, until a later case takes its slot")
  func slots() {
    let cache = CaseCache(capacity: 4)
    #expect(cache.record(1) == nil)
    cache.remember(1, record: Self.record("tj.c1"))
    cache.remember(1, deadlines: [])
    cache.remember(1, rows: CaseSnapshot.Rows(home: "", parties: ["tj.scjg": "sender"], attachments: []))
    #expect(cache.record(1)?.id == "tj.c1")
    #expect(cache.deadlines(1) == [])
    #expect(cache.rows(1)?.parties == ["tj.scjg": "sender"])
    #expect(cache.record(5) == nil, "case 5 shares case 1's slot but is not remembered")
    cache.remember(5, record: Self.record("tj.c5"))
    #expect(cache.record(5)?.id == "tj.c5")
    #expect(cache.deadlines(5) == nil, "the slot's other parts were case 1's and are gone")
    #expect(cache.rows(5) == nil)
    #expect(cache.record(1) == nil && cache.deadlines(1) == nil && cache.rows(1) == nil)
    cache.remember(2, record: Self.record("tj.c2"))
    cache.removeAll()
    #expect(cache.record(2) == nil && cache.record(5) == nil)
  }
}
