import SegmentaCore
import SegmentaIO

/// The one rule for personal columns in specs: a spec that asks for one gets a clear refusal.
enum PersonalData {
  /// Refuses when any of `names` is a personal column of `catalogue`; `use` says what the spec
  /// wanted it for ("a profile category", "read by a KPI").
  static func refuse(_ names: [String], in catalogue: [CustomerColumn], as use: String) throws(SegmentaError) {
    let personal = Set(catalogue.filter(\.personal).map(\.name))
    if let name = names.first(where: personal.contains) {
      throw SegmentaError(
        .invalidRequest,
        "'\(name)' holds personal data and is never \(use); only exports with --reveal-contact show it", field: name)
    }
  }

  /// The columns a profile spec reads: its categories and the columns of its KPIs.
  static func columns(of spec: ProfileSpec) -> (categories: [String], kpis: [String]) {
    let kpis = spec.kpis.map { kpi in
      switch kpi.measure {
      case .share(let column, _), .mean(let column), .median(let column): column
      }
    }
    return (spec.categories ?? [], kpis)
  }
}
