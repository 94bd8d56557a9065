import Testing

@testable import SegmentaCore

@Suite("Tag changes between applies")
struct TagChangeTests {
  @Test("gained and lost between two sorted member lists")
  func change() {
    let change = TagChange(previous: [1, 3, 5, 9], current: [2, 3, 9, 10, 11])
    #expect(change == TagChange(count: 5, gained: 3, lost: 2))
    #expect(TagChange(previous: [], current: [4]) == TagChange(count: 1, gained: 1, lost: 0))
  }
}
