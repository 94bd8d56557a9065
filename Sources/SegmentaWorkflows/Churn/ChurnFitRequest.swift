import Foundation
import SegmentaCore

/// A churn fit as the server's form (and a job) asks for it; ``workflow()`` checks it.
package struct ChurnFitRequest: Sendable, Equatable, Codable {
  /// The 0/1 customer column marking churners (or give `inactiveDays`).
  package var label: String?
  /// Churn = no activity for at least this many days.
  package var inactiveDays: Int?
  /// The date column of the last activity (with `inactiveDays`).
  package var activityColumn: String?
  /// Comma-separated features, or "all".
  package var features: String = "all"
  package var period: String?
  package var model: ChurnModelKind = .logistic
  package var folds: Int = 5
  package var seed: UInt64 = 42
  /// Shuffles per feature for permutation importance (0: the model's own importance).
  package var permutationRepeats: Int = 0

  package init(label: String? = nil, inactiveDays: Int? = nil, model: ChurnModelKind = .logistic) {
    self.label = label
    self.inactiveDays = inactiveDays
    self.model = model
  }

  private enum CodingKeys: String, CodingKey {
    case label, inactiveDays, activityColumn, features, period, model, folds, seed, permutationRepeats
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    label = try container.decodeIfPresent(String.self, forKey: .label)
    inactiveDays = try container.decodeIfPresent(Int.self, forKey: .inactiveDays)
    activityColumn = try container.decodeIfPresent(String.self, forKey: .activityColumn)
    features = try container.decodeIfPresent(String.self, forKey: .features) ?? "all"
    period = try container.decodeIfPresent(String.self, forKey: .period)
    model = try container.decodeIfPresent(ChurnModelKind.self, forKey: .model) ?? .logistic
    folds = try container.decodeIfPresent(Int.self, forKey: .folds) ?? 5
    seed = try container.decodeIfPresent(UInt64.self, forKey: .seed) ?? 42
    permutationRepeats = try container.decodeIfPresent(Int.self, forKey: .permutationRepeats) ?? 0
  }

  /// The workflow the request describes; a bad value is refused naming its field.
  package func workflow() throws(SegmentaError) -> ChurnFitWorkflow {
    let chosen: ChurnFitWorkflow.Label
    switch (label, inactiveDays) {
    case (let label?, nil):
      guard !label.isEmpty else { throw SegmentaError(.invalidRequest, "label is empty", field: "label") }
      chosen = .column(label)
    case (nil, let days?):
      guard days >= 1 else {
        throw SegmentaError(.invalidRequest, "inactive_days must be 1 or more", field: "inactive_days")
      }
      chosen = .inactiveDays(days, activityColumn: activityColumn)
    default:
      throw SegmentaError(.invalidRequest, "give either label or inactive_days", field: "label")
    }
    guard (2...20).contains(folds) else {
      throw SegmentaError(.invalidRequest, "folds must be between 2 and 20", field: "folds")
    }
    var options = ChurnFitOptions()
    options.kind = model
    options.folds = folds
    options.seed = seed
    let names = try NameList.parse(features, option: "features")
    guard features == "all" || !names.isEmpty else {
      throw SegmentaError(.invalidRequest, "features is empty; give names or 'all'", field: "features")
    }
    guard (0...100).contains(permutationRepeats) else {
      throw SegmentaError(
        .invalidRequest, "permutation_repeats must be between 0 and 100", field: "permutation_repeats")
    }
    var workflow = ChurnFitWorkflow(
      label: chosen, features: features == "all" ? .all : .named(names), period: period, options: options)
    workflow.permutationRepeats = permutationRepeats
    return workflow
  }
}
