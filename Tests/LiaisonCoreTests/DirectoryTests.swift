import LiaisonCore
import LiaisonTesting
import Testing

@Suite("Directory")
struct DirectoryTests {
  @Test("the sample directory covers Tianjin, three districts or more, Beijing and Hebei")
  func sample() throws {
    let directory = try Fixtures.directory()
    #expect(directory.regions.map(\.id) == ["tj", "bj", "he"])
    #expect(directory.agency("tj.scjg")?.name == "天津市市场监督管理委员会")
    #expect(directory.agency("tj.scjg")?.kinds == [.enforcement])
    #expect(directory.agency("tj.hp.scjg")?.parent?.rawValue == "tj.hp.gov")
    let districts = Set(
      directory.agencies(inRegion: "tj").compactMap { agency -> String? in
        let parts = agency.id.rawValue.split(separator: ".")
        return parts.count == 3 && parts[2] == "gov" ? String(parts[1]) : nil
      })
    #expect(districts.count >= 3)
    #expect(!directory.agencies(inRegion: "bj").isEmpty)
    #expect(directory.agency("he.sft")?.kinds == [.justice])
  }

  @Test("an unknown kind is refused with the file, line and allowed values")
  func unknownKind() {
    let yaml = """
      regions:
        - { id: tj, name: 天津市 }
      agencies:
        - id: tj.scjg
          name: 市场监管委
          kinds: [MARKET]
      """
    #expect {
      _ = try Directory(yaml: yaml, file: "bad.yaml")
    } throws: { error in
      let error = error as! LiaisonError
      return error.code == .configInvalid && error.message.contains("bad.yaml:6") && error.message.contains("MARKET")
        && error.message.contains("ENFORCEMENT")
    }
  }

  @Test("a duplicate id, an unknown parent and an undeclared region are refused")
  func structuralErrors() {
    let cases = [
      ("agencies:\n  - { id: tj.a, name: A, kinds: [GOV] }\n  - { id: tj.a, name: B, kinds: [GOV] }", "listed twice"),
      ("agencies:\n  - { id: tj.a, name: A, kinds: [GOV], parent: tj.zz }", "parent tj.zz"),
      ("agencies:\n  - { id: sh.a, name: A, kinds: [GOV] }", "not declared"),
      ("agencies:\n  - { id: tj.A, name: A, kinds: [GOV] }", "is not an agency id"),
      ("agencies:\n  - { id: tj.a, kinds: [GOV] }", "missing required key 'name'"),
    ]
    for (agencies, expected) in cases {
      let yaml = "regions:\n  - { id: tj, name: 天津市 }\n" + agencies
      #expect(throws: LiaisonError.self) { try Directory(yaml: yaml, file: "d.yaml") }
      do {
        _ = try Directory(yaml: yaml, file: "d.yaml")
      } catch {
        #expect(error.message.contains(expected), "\(error.message) should mention \(expected)")
      }
    }
  }
}
