/// Why a customer the target rule selects is left out of a campaign.
///
/// Suppression is applied before the split into target and control group, so both groups come from
/// the same contactable population; a customer is counted under the first reason that applies, in
/// this order.
public enum ExclusionReason: String, Sendable, Codable, CodingKeyRepresentable, CaseIterable, Comparable {
  /// Opted out of the campaign's channel.
  case optedOut = "opted_out"
  /// Marked do-not-contact on every channel.
  case doNotContact = "do_not_contact"
  /// Dormant or void after repeated failed contact attempts on every method.
  case contactStatus = "contact_status"
  /// No phone number or e-mail address for the channel.
  case noContactAddress = "no_contact_address"
  /// Contacted too often lately (the frequency cap across all campaigns).
  case frequencyCap = "frequency_cap"
  /// Left out at random to keep the list within its maximum size.
  case listSize = "list_size"

  /// Whether `a` is checked before `b` (the order of the cases).
  public static func < (a: Self, b: Self) -> Bool {
    a.order < b.order
  }

  private var order: Int { Self.allCases.firstIndex(of: self) ?? Self.allCases.count }
}

/// The random split of a campaign's contactable customers into target and control groups.
public struct CampaignSelection: Sendable, Equatable {
  /// Positions (into the caller's customer list) of the targets, ascending.
  public var targets: [Int]
  /// Positions of the control group, ascending.
  public var controls: [Int]
  /// Customers the rule selected but suppression removed, by reason.
  public var excluded: [ExclusionReason: Int]

  /// Splits the customers at `candidates` (positions selected by the rule) into targets and controls.
  ///
  /// - Parameters:
  ///   - candidates: positions the target rule selects.
  ///   - exclusion: the first reason each position is suppressed, nil when contactable.
  ///   - strata: each position's stratum (e.g. its segment) when the split is stratified.
  ///   - controlShare: the share of the contactable customers held out as control (0 ≤ share < 1).
  ///   - maximumTargets: the largest target list; when the contactable pool would give more, a
  ///     seeded random subset of it is used (the rest counted as ``ExclusionReason/listSize``),
  ///     keeping the control share.
  ///   - seed: the same seed and inputs give the same groups.
  ///
  /// Within each stratum (or overall) the customers are shuffled with a seeded Fisher–Yates shuffle
  /// and the first round(share × n) become controls, so every stratum is split in the same proportion.
  ///   - randomPool: for a random (rather than hold-out) control group, the positions it is drawn
  ///     from: every contactable candidate becomes a target, and round(share ÷ (1 − share) × targets)
  ///     contactable customers of the pool, drawn at random, form the control group that is
  ///     contacted the same way (the brief's "targets vs random numbers").
  public init(
    candidates: [Int], exclusion: (Int) -> ExclusionReason?, strata: [Int32]? = nil, controlShare: Double,
    maximumTargets: Int? = nil, randomPool: [Int]? = nil, seed: UInt64
  ) {
    precondition(controlShare >= 0 && controlShare < 1, "a control share in [0, 1)")
    var excluded: [ExclusionReason: Int] = [:]
    var pool: [Int] = []
    for position in candidates {
      if let reason = exclusion(position) {
        excluded[reason, default: 0] += 1
      } else {
        pool.append(position)
      }
    }
    var random = SplitMix64(seed: seed)
    if let randomPool {
      if let maximumTargets, pool.count > maximumTargets {
        Self.shuffle(&pool, using: &random)
        excluded[.listSize] = pool.count - maximumTargets
        pool = Array(pool.prefix(maximumTargets))
      }
      var others = randomPool.filter { exclusion($0) == nil }
      var stream = random.split(0x5EED)
      Self.shuffle(&others, using: &stream)
      let count = min(others.count, Int((controlShare / (1 - controlShare) * Double(pool.count)).rounded()))
      targets = pool.sorted()
      controls = others.prefix(count).sorted()
      self.excluded = excluded
      return
    }
    if let maximumTargets {
      // The most customers that still leave maximumTargets targets after the control share.
      let limit = Int((Double(maximumTargets) / (1 - controlShare)).rounded(.down))
      if pool.count > limit {
        Self.shuffle(&pool, using: &random)
        excluded[.listSize] = pool.count - limit
        pool = Array(pool.prefix(limit)).sorted()
      }
    }
    var groups: [Int32: [Int]] = [:]
    for position in pool { groups[strata?[position] ?? 0, default: []].append(position) }
    var targets: [Int] = []
    var controls: [Int] = []
    for stratum in groups.keys.sorted() {
      var members = groups[stratum, default: []]
      var stream = random.split(UInt64(bitPattern: Int64(stratum)))
      Self.shuffle(&members, using: &stream)
      let count = Int((controlShare * Double(members.count)).rounded(.toNearestOrEven))
      controls.append(contentsOf: members.prefix(count))
      targets.append(contentsOf: members.dropFirst(count))
    }
    self.targets = targets.sorted()
    self.controls = controls.sorted()
    self.excluded = excluded
  }

  /// Fisher–Yates with our own bounded draws, so the order depends only on the seed (not on the
  /// standard library's shuffle, which may change between versions).
  static func shuffle(_ values: inout [Int], using random: inout SplitMix64) {
    guard values.count > 1 else { return }
    for i in stride(from: values.count - 1, to: 0, by: -1) {
      let j = Int(bounded(UInt64(i + 1), using: &random))
      values.swapAt(i, j)
    }
  }

  /// A uniform integer in 0..<bound (Lemire's multiply-and-reject).
  static func bounded(_ bound: UInt64, using random: inout SplitMix64) -> UInt64 {
    var product = random.next().multipliedFullWidth(by: bound)
    if product.low < bound {
      let threshold = (0 &- bound) % bound
      while product.low < threshold { product = random.next().multipliedFullWidth(by: bound) }
    }
    return product.high
  }
}
