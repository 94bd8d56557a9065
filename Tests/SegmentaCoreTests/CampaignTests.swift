import PropertyBased
import Testing

@testable import SegmentaCore

@Suite("Campaign selection and learning")
struct CampaignTests {
  @Test("property: a suppressed customer is never a target or a control, whatever the rule and seed")
  func suppressionIsTotal() async {
    await propertyCheck(count: 300, input: Gen.int(in: 0...1_000_000_000)) { seed in
      var random = SplitMix64(seed: UInt64(seed))
      let n = 50 + Int(random.next() % 400)
      let candidates = (0..<n).filter { _ in random.next() % 3 != 0 }
      var reasons = [ExclusionReason?](repeating: nil, count: n)
      for i in 0..<n where random.next() % 4 == 0 {
        reasons[i] = ExclusionReason.allCases[Int(random.next() % UInt64(ExclusionReason.allCases.count - 1))]
      }
      let share = Double(random.next() % 50) / 100
      let random0 = random.next() % 2 == 0
      let selection = CampaignSelection(
        candidates: candidates, exclusion: { reasons[$0] }, controlShare: share,
        maximumTargets: random.next() % 2 == 0 ? Int(random.next() % 100) + 1 : nil,
        randomPool: random0 ? (0..<n).filter { !candidates.contains($0) } : nil, seed: random.next())
      for position in selection.targets + selection.controls { #expect(reasons[position] == nil) }
      #expect(Set(selection.targets).isDisjoint(with: selection.controls))
      let suppressed = candidates.filter { reasons[$0] != nil }.count
      let counted = selection.excluded.filter { $0.key != .listSize }.values.reduce(0, +)
      #expect(counted == suppressed)
      if !random0 {
        #expect(
          selection.targets.count + selection.controls.count + selection.excluded.values.reduce(0, +)
            == candidates.count)
      }
    }
  }

  @Test("control groups: exact size, reproducible by seed, different for another seed")
  func controlGroups() {
    let candidates = Array(0..<10_000)
    let a = CampaignSelection(candidates: candidates, exclusion: { _ in nil }, controlShare: 0.1, seed: 42)
    #expect(a.controls.count == 1000)
    #expect(a.targets.count == 9000)
    let again = CampaignSelection(candidates: candidates, exclusion: { _ in nil }, controlShare: 0.1, seed: 42)
    #expect(again == a)
    let other = CampaignSelection(candidates: candidates, exclusion: { _ in nil }, controlShare: 0.1, seed: 43)
    #expect(other.controls != a.controls)
    // Random: the controls spread over the whole range (mean near the middle, every decile hit).
    let mean = Double(a.controls.reduce(0, +)) / Double(a.controls.count)
    #expect(abs(mean - 4999.5) < 300)
    let deciles = Set(a.controls.map { $0 / 1000 })
    #expect(deciles.count == 10)
    // Roughly 100 per decile: a χ² over the ten deciles stays below its 0.001 critical value (27.9).
    var counts = [Int](repeating: 0, count: 10)
    for position in a.controls { counts[position / 1000] += 1 }
    let chi = counts.map { Double(($0 - 100) * ($0 - 100)) / 100 }.reduce(0, +)
    #expect(chi < 27.9)
  }

  @Test("stratified split: every stratum split in the control share")
  func stratified() {
    let strata: [Int32] = (0..<3000).map { $0 < 2000 ? 1 : ($0 < 2900 ? 2 : 3) }
    let selection = CampaignSelection(
      candidates: Array(0..<3000), exclusion: { _ in nil }, strata: strata, controlShare: 0.2, seed: 5)
    func controls(_ stratum: Int32) -> Int { selection.controls.filter { strata[$0] == stratum }.count }
    #expect(controls(1) == 400)
    #expect(controls(2) == 180)
    #expect(controls(3) == 20)
  }

  @Test("maximum list size: a seeded subset keeps the control share; the rest is counted")
  func listSize() {
    let selection = CampaignSelection(
      candidates: Array(0..<5000), exclusion: { $0 % 10 == 0 ? .optedOut : nil }, controlShare: 0.2,
      maximumTargets: 1000, seed: 9)
    #expect(selection.targets.count == 1000)
    #expect(selection.controls.count == 250)
    #expect(selection.excluded[.optedOut] == 500)
    #expect(selection.excluded[.listSize] == 4500 - 1250)
  }

  @Test("random control group: drawn from outside the selection, sized share ÷ (1 − share) × targets")
  func randomControls() {
    let selection = CampaignSelection(
      candidates: Array(0..<300), exclusion: { $0 == 5 || $0 == 1500 ? .noContactAddress : nil }, controlShare: 0.5,
      maximumTargets: 100, randomPool: Array(300..<3000), seed: 1)
    #expect(selection.targets.count == 100)
    #expect(selection.controls.count == 100)
    #expect(selection.controls.allSatisfy { $0 >= 300 && $0 != 1500 })
    #expect(selection.excluded[.noContactAddress] == 1)
    #expect(selection.excluded[.listSize] == 199)
  }

  @Test("learning: separation by hand, and the refinement that raises conversion most")
  func learning() throws {
    // Ten targets; converters have high data use; the tag marks 0–4.
    let converted = [true, true, true, false, false, true, false, false, false, false]
    let data: [Double] = [50, 40, 45, 5, 10, 30, 2, 8, 6, .nan]
    let tagged = [true, true, true, true, true, false, false, false, false, false]
    let learning = ConversionLearning(
      converted: converted, features: [("data_mb", FeatureLabel(zh: "流量", en: "Data"), data)],
      tags: [("young", FeatureLabel(zh: "年轻", en: "Young"), tagged)], minimumKept: 0.5)
    #expect(learning.targets == 10 && learning.converters == 4)
    let feature = try #require(learning.features.first)
    #expect(abs(feature.convertedMean - 41.25) < 1e-12)
    #expect(abs(feature.otherMean - 31.0 / 5) < 1e-12)
    // Cohen's d with the pooled standard deviation: sums of squares 218.75 and 36.8 over 7 degrees.
    let pooled = ((218.75 + 36.8) / 7).squareRoot()
    #expect(abs(feature.standardizedDifference - (41.25 - 6.2) / pooled) < 1e-9)
    let tag = try #require(learning.tags.first)
    #expect(tag.tagged == 5 && abs(tag.taggedRate - 0.6) < 1e-12 && abs(tag.otherRate - 0.2) < 1e-12)
    let refinement = try #require(learning.refinement)
    #expect(refinement.rate == 1)
    #expect(refinement.converters == 4)
    #expect(refinement.condition.hasPrefix("data_mb >= "))
    let threshold = try #require(Double(refinement.condition.dropFirst("data_mb >= ".count)))
    #expect(threshold > 10 && threshold <= 30)
  }

  @Test("thresholds are rounded to four significant digits and written as the rule language reads them")
  func thresholds() {
    #expect(ConversionLearning.rounded(12.0123) == 12.01)
    #expect(ConversionLearning.rounded(123_456) == 123_500)
    #expect(ConversionLearning.rounded(0.000123456) == 0.0001235)
    #expect(ConversionLearning.number(12.01) == "12.01")
    #expect(ConversionLearning.number(123_500) == "123500")
  }

  @Test("rule strength: the share of the top-level conditions that hold; ranking by priority then strength")
  func strengthAndRanking() throws {
    let data = TableData(
      rowCount: 4, numberColumns: ["a": [1, 5, 5, .nan], "b": [0, 0, 9, 9]],
      tagColumns: ["t": [true, false, true, false]])
    var evaluator = RuleEvaluator(data: data)
    let rule = try CompiledRule("at_least(1, a >= 5, b >= 5, tag(t))", schema: data.schema)
    #expect(try evaluator.strength(rule) == [1.0 / 3, 1.0 / 3, 1, 1.0 / 3])
    let plain = try CompiledRule("a >= 5", schema: data.schema)
    #expect(try evaluator.strength(plain) == [0, 1, 1, 0])
    let picks = Recommender.rank(
      priorities: [1, 5, 5], eligible: [[true, true], [true, false], [true, true]],
      matched: [[true, true], [true, true], [true, true]], strength: [[1, 1], [0.5, 1], [0.9, 0.2]], customers: 2,
      top: 2)
    #expect(picks[0].map(\.product) == [2, 1])
    #expect(picks[1].map(\.product) == [2, 0])
  }

  @Test("contact status: N failures since the last success on every method; own → dormant, others → void")
  func contactStatus() {
    func attempt(_ customer: Int64, _ method: ContactMethod, _ at: Int64, _ success: Bool) -> ContactAttempt {
      ContactAttempt(customer: customer, method: method, at: at, success: success)
    }
    let attempts = [
      // 1: two failures on each of phone and sms → unreachable (own → dormant).
      attempt(1, .phone, 1, false), attempt(1, .phone, 2, false), attempt(1, .sms, 1, false),
      attempt(1, .sms, 3, false),
      // 2: a success on sms after its failures resets sms → reachable.
      attempt(2, .phone, 1, false), attempt(2, .phone, 2, false), attempt(2, .sms, 1, false),
      attempt(2, .sms, 2, false),
      attempt(2, .sms, 3, true),
      // 3: sms never tried → reachable.
      attempt(3, .phone, 1, false), attempt(3, .phone, 2, false), attempt(3, .phone, 3, false),
      // 4: a rival's customer, exhausted → void; given out of time order.
      attempt(4, .sms, 9, false), attempt(4, .phone, 5, false), attempt(4, .sms, 1, false),
      attempt(4, .phone, 2, false),
    ]
    let statuses = ContactStatus.classify(attempts, methods: [.phone, .sms], maximumFailures: 2) { $0 != 4 }
    #expect(statuses == [1: .dormant, 4: .void])
    let stricter = ContactStatus.classify(attempts, methods: [.phone, .sms], maximumFailures: 3) { _ in true }
    #expect(stricter.isEmpty)
    #expect(
      ContactMethod(text: " 短信 ") == .sms && ContactMethod(text: "E-Mail") == .email
        && ContactMethod(text: "pager") == nil)
  }

  @Test("staff assignment: region and type served, load balanced within capacity, unassigned by reason")
  func staffAssignment() {
    let members = [
      StaffMember(id: "N1", name: "北一", region: "north", customerTypes: [], capacity: 3),
      StaffMember(id: "N2", name: "北二", region: "north", customerTypes: ["vip"], capacity: 10),
      StaffMember(id: "S1", name: "南一", region: "south", customerTypes: ["vip", "own"], capacity: 1),
    ]
    let contacts: [(region: String?, type: String?)] = [
      ("north", "vip"), ("north", "vip"), ("north", "own"), ("north", "own"), ("north", "own"), ("north", "own"),
      ("South", "VIP"), ("south", "own"), ("east", "own"), (nil, nil),
    ]
    let assignment = StaffAssignment(contacts: contacts, members: members)
    // The four "own" northerners can only go to N1 (capacity 3): one is left over; the vips go to N2.
    #expect(assignment.staff[0] == 1 && assignment.staff[1] == 1)
    #expect(assignment.load == [3, 2, 1])
    #expect(assignment.unassigned == [.capacity: 2, .noStaff: 2])
    #expect(assignment.staff[6] == 2)
    #expect(assignment.staff[8] == nil && assignment.staff[9] == nil)
  }
}
