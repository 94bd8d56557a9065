import SegmentaCore

/// One tag's result of `segmenta tags apply`.
package struct TagApplyResult: Sendable, Equatable, Codable {
  package var name: String
  package var category: String
  package var label: FeatureLabel
  /// The new version.
  package var version: Int
  /// Customers tagged.
  package var count: Int
  /// Tagged ÷ all customers.
  package var coverage: Double
  /// Customers newly tagged since the previous apply.
  package var gained: Int
  /// Customers no longer tagged.
  package var lost: Int
  /// Customers for whom the rule is unknown (it reads a missing value); they are not tagged.
  package var unknown: Int
}
