import PropertyBased
import Testing

@testable import SegmentaCore

@Suite("Campaign selection")
struct CampaignSelectionTests {
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
}
