import LiaisonCore
import LiaisonTesting
import Testing

@Suite("Escalation targets resolved from the directory")
struct EscalationResolverTests {
  let resolver: EscalationResolver

  init() throws {
    resolver = EscalationResolver(directory: try Fixtures.directory())
  }

  @Test(
    "targets relative to the parties",
    arguments: [
      ("receiver.procuratorate", "tj.hp.scjg", "tj.hp.gafj", ["tj.hp.jcy"]),
      ("receiver.government", "tj.hp.scjg", "tj.hp.gafj", ["tj.hp.gov"]),
      ("receiver.justice", "tj.scjg", "tj.hx.scjg", ["tj.hx.sfj"]),
      ("receiver.parent", "tj.scjg", "tj.hp.gafj", ["tj.gaj"]),
      ("receiver.self", "tj.scjg", "tj.hp.gafj", ["tj.hp.gafj"]),
      ("sender.procuratorate", "tj.scjg", "tj.gaj", ["tj.jcy"]),
      ("sender.government", "tj.scjg", "tj.gaj", ["tj.gov"]),
      ("sender.legal_office", "tj.scjg", "tj.gaj", ["tj.scjg"]),
      ("receiver.supervision", "tj.scjg", "tj.bh.scjg", ["tj.bh.jwjw"]),
      ("receiver.procuratorate", "bj.scjg", "bj.gaj", ["bj.jcy"]),
      ("receiver.justice", "tj.scjg", "tj.hp.jd.nsl", ["tj.hp.sfj"]),
    ])
  func resolve(_ target: String, _ sender: String, _ receiver: String, _ expected: [String]) throws {
    let resolved = resolver.resolve(
      try EscalationTarget(parsing: target), sender: Fixtures.agency(sender), receiver: Fixtures.agency(receiver))
    #expect(resolved.map(\.rawValue) == expected)
  }

  @Test("a level's targets are resolved once each, in order; a missing relative resolves to nobody")
  func levels() throws {
    let targets = [
      EscalationTarget(.receiver, .procuratorate), .init(.receiver, .procuratorate), .init(.sender, .parent),
    ]
    let agencies = resolver.resolve(
      targets, sender: Fixtures.agency("tj.scjg"), receiver: Fixtures.agency("tj.hp.gafj"))
    #expect(agencies.map(\.rawValue) == ["tj.hp.jcy", "tj.gov"])
    #expect(
      resolver.resolve(.init(.sender, .parent), sender: Fixtures.agency("tj.gov"), receiver: Fixtures.agency("tj.gaj"))
        .isEmpty)
  }
}
