import Testing

@testable import SegmentaCore

/// The index of the largest value, the first among equals; nil when there are none.
private func indexOfLargest(_ values: [Double]) -> Int? {
  values.indices.max { values[$0] < values[$1] }
}

@Suite("Demo data")
struct DemoGeneratorTests {
  @Test("the same seed gives the same customers and events; another seed does not")
  func determinism() {
    let a = DemoGenerator(customers: 500, seed: 1)
    let b = DemoGenerator(customers: 500, seed: 1)
    let c = DemoGenerator(customers: 500, seed: 2)
    var eventsA: [DemoGenerator.Event] = []
    var eventsB: [DemoGenerator.Event] = []
    var differs = false
    for index in [0, 17, 499] {
      let x = a.customer(index)
      let y = b.customer(index)
      #expect(x.id == y.id && x.group == y.group && x.phone == y.phone && x.arpu == y.arpu && x.startDay == y.startDay)
      a.events(of: index, into: &eventsA)
      b.events(of: index, into: &eventsB)
      #expect(eventsA.map(\.second) == eventsB.map(\.second))
      #expect(eventsA.map(\.duration) == eventsB.map(\.duration))
      if c.customer(index).phone != x.phone { differs = true }
    }
    #expect(differs)
  }

  @Test("group sizes follow the planted shares and signature behaviours differ between groups")
  func groups() {
    let generator = DemoGenerator(customers: 20_000, seed: 42)
    var sizes = [Int](repeating: 0, count: DemoGroup.all.count)
    var sms = [Double](repeating: 0, count: DemoGroup.all.count)
    var international = [Double](repeating: 0, count: DemoGroup.all.count)
    var events: [DemoGenerator.Event] = []
    for index in 0..<generator.customerCount {
      let group = generator.group(of: index)
      #expect(group == generator.customer(index).group)
      sizes[group] += 1
      if index % 4 == 0 {
        generator.events(of: index, into: &events)
        sms[group] += Double(events.filter { $0.kind == .sms }.count)
        international[group] += Double(events.filter { $0.scope == "international" }.count)
      }
    }
    for (index, group) in DemoGroup.all.enumerated() {
      let share = Double(sizes[index]) / Double(generator.customerCount)
      #expect(abs(share - group.share) < 0.01, "\(group.code): \(share)")
    }
    let smsPerCustomer = zip(sms, sizes).map { $0 / Double($1) }
    let internationalPerCustomer = zip(international, sizes).map { $0 / Double($1) }
    #expect(indexOfLargest(smsPerCustomer) == 1)  // C2, SMS experts
    #expect(indexOfLargest(internationalPerCustomer) == 6)  // C7
  }
}
