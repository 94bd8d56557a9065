import Testing

@testable import SegmentaCore

@Suite("Demo data: the second period")
struct DemoGeneratorSecondPeriodTests {
  @Test("churners leave, a planted share changes group, new customers join, events stay in the second window")
  func secondPeriod() {
    let generator = DemoGenerator(customers: 3_000, seed: 9)
    #expect(generator.newCustomerCount == 150 && !generator.isNew(2_999) && generator.isNew(3_000))
    var staying = 0
    var changed = 0
    var events: [DemoGenerator.Event] = []
    let start = Int64(DemoGenerator.secondFirstDay) * CivilDate.secondsPerDay
    let end = Int64(DemoGenerator.secondReferenceDay) * CivilDate.secondsPerDay
    for index in 0..<generator.customerCount {
      let customer = generator.customer(index)
      generator.secondPeriodEvents(of: index, into: &events)
      #expect(events.allSatisfy { $0.second >= start && $0.second < end })
      guard let group = generator.secondGroup(of: index) else {
        #expect(generator.churned(customer, index: index))
        continue
      }
      staying += 1
      if group != customer.group { changed += 1 }
      #expect(!events.isEmpty)
    }
    let share = Double(changed) / Double(staying)
    #expect(abs(share - DemoGenerator.moverShare) < 0.025, "\(changed) of \(staying) changed group")
    for index in 3_000..<3_150 {
      let customer = generator.secondPeriodCustomer(index)
      #expect(customer.id == DemoGenerator.id(index) && customer.startDay >= DemoGenerator.secondFirstDay)
      generator.secondPeriodEvents(of: index, into: &events)
      let first = Int64(customer.startDay) * CivilDate.secondsPerDay
      #expect(events.allSatisfy { $0.second >= first && $0.second < end })
      #expect(generator.secondGroup(of: index) == generator.group(of: index))
    }
  }

  @Test("the first period's customers and events do not depend on the second period")
  func firstPeriodUnchanged() {
    let generator = DemoGenerator(customers: 200, seed: 4)
    var events: [DemoGenerator.Event] = []
    var again: [DemoGenerator.Event] = []
    let end = Int64(DemoGenerator.referenceDay) * CivilDate.secondsPerDay
    for index in [0, 50, 199] {
      generator.events(of: index, into: &events)
      var second: [DemoGenerator.Event] = []
      generator.secondPeriodEvents(of: index, into: &second)
      generator.events(of: index, into: &again)
      #expect(events.map(\.second) == again.map(\.second) && events.allSatisfy { $0.second < end })
    }
  }
}
