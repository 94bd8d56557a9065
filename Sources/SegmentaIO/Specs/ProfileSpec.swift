import SegmentaCore

/// What a profile report shows besides the features: KPI lines, categorical columns, a playbook.
package struct ProfileSpec: Sendable, Equatable {
  /// KPI lines, in order.
  package var kpis: [KPIDefinition]
  /// Categorical customer columns to show the top values of; nil means every text column that is not
  /// personal data and has at most 200 distinct values.
  package var categories: [String]?
  /// The playbook of suggested actions.
  package var playbook: Playbook

  /// Creates a spec.
  package init(kpis: [KPIDefinition] = [], categories: [String]? = nil, playbook: Playbook) {
    self.kpis = kpis
    self.categories = categories
    self.playbook = playbook
  }
}
