import Testing

@testable import SegmentaCore

@Suite("Byte-string tables")
struct ByteStringTableTests {
  @Test("a byte-string table interns 100,000 ids in order and finds every one")
  func byteStringTable() {
    var table = ByteStringTable()
    for i in 0..<100_000 { #expect(table.insert("C\(i)").inserted || i < 0) }
    #expect(table.count == 100_000)
    for i in stride(from: 0, to: 100_000, by: 7) { #expect(table.index(of: "C\(i)") == i) }
    #expect(table.index(of: "C100000") == nil)
    #expect(table.insert("C5").inserted == false)
    #expect(table.key(at: 12_345) == "C12345")
    #expect(table.insert("").index == 100_000)
    #expect(table.index(of: "") == 100_000)
  }
}
