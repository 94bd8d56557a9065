/// Where a customer stands in the relationship, from tenure and the change of usage between two
/// periods: the brief's lifecycle, read as a tag family (`lifecycle_new`, … `lifecycle_lapsed`).
public enum LifecycleStage: String, CaseIterable, Sendable, Codable {
  /// Tenure below ``LifecycleRule/newTenure``, whatever the usage.
  case new
  /// Usage up by at least ``LifecycleRule/change`` (or up from nothing).
  case growing
  /// Usage within ± ``LifecycleRule/change`` of the previous period.
  case stable
  /// Usage down by at least ``LifecycleRule/change``, still above the lapsed line.
  case declining
  /// Usage at or below ``LifecycleRule/lapsedAtMost`` in the current period.
  case lapsed

  /// The Chinese and English labels reports show.
  public var label: FeatureLabel {
    switch self {
    case .new: FeatureLabel(zh: "新客户", en: "New")
    case .growing: FeatureLabel(zh: "成长期", en: "Growing")
    case .stable: FeatureLabel(zh: "稳定期", en: "Stable")
    case .declining: FeatureLabel(zh: "衰退期", en: "Declining")
    case .lapsed: FeatureLabel(zh: "流失/沉睡", en: "Lapsed")
    }
  }
}

/// The thresholds of ``LifecycleRule/stage(tenure:previous:current:)``.
public struct LifecycleRule: Sendable, Codable, Equatable {
  /// Customers with a tenure below this (in the tenure column's unit) are new.
  public var newTenure: Double
  /// The relative change of usage that counts as growing or declining (0.2 = 20 %).
  public var change: Double
  /// Current usage at or below this is lapsed.
  public var lapsedAtMost: Double

  /// A rule; the defaults: new below 3 (months), ±20 %, lapsed at no usage.
  public init(newTenure: Double = 3, change: Double = 0.2, lapsedAtMost: Double = 0) {
    self.newTenure = newTenure
    self.change = change
    self.lapsedAtMost = lapsedAtMost
  }

  /// The stage of one customer (NaN is missing), or nil when it cannot be told: a known tenure
  /// below ``newTenure`` is new; otherwise a missing current or previous usage leaves the stage
  /// unknown; usage at or below ``lapsedAtMost`` now is lapsed; then the relative change
  /// (current − previous) / previous decides (up from nothing is growing).
  public func stage(tenure: Double, previous: Double, current: Double) -> LifecycleStage? {
    if !tenure.isNaN && tenure < newTenure { return .new }
    guard !previous.isNaN, !current.isNaN else { return nil }
    if current <= lapsedAtMost { return .lapsed }
    guard previous > 0 else { return .growing }
    let relative = (current - previous) / previous
    if relative >= change { return .growing }
    if relative <= -change { return .declining }
    return .stable
  }

  /// The stages of many customers, aligned with the three columns.
  public func stages(tenure: [Double], previous: [Double], current: [Double]) -> [LifecycleStage?] {
    precondition(tenure.count == previous.count && previous.count == current.count, "one value a customer each")
    return tenure.indices.map { stage(tenure: tenure[$0], previous: previous[$0], current: current[$0]) }
  }
}
