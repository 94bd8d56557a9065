import Foundation
import SegmentaCore

/// `segmenta tags show TAG`: who carries a tag, against everyone.
///
/// Built with the segment profiler on two segments (tagged, not tagged): each feature's mean among
/// the tagged and among everyone, the index (tagged ÷ everyone × 100), and how strongly the
/// feature separates tagged from untagged customers (η², normalised to the strongest); the top
/// values of the categorical customer columns among the tagged with their share among everyone;
/// KPI lines from a profile spec.
package struct TagReport: Codable, Sendable {
  /// One feature's line.
  package struct Feature: Codable, Sendable {
    package var name: String
    /// Display labels.
    package var label: FeatureLabel
    /// Mean among the tagged.
    package var taggedMean: Double?
    /// Mean among all customers.
    package var overallMean: Double?
    /// Tagged mean ÷ overall mean × 100.
    package var index: Double?
    /// Share of the feature's variance explained by tagged / untagged.
    package var etaSquared: Double
    /// η² ÷ the largest η².
    package var importance: Double

    package init(
      name: String, label: FeatureLabel, taggedMean: Double?, overallMean: Double?, index: Double?, etaSquared: Double,
      importance: Double
    ) {
      self.name = name
      self.label = label
      self.taggedMean = taggedMean
      self.overallMean = overallMean
      self.index = index
      self.etaSquared = etaSquared
      self.importance = importance
    }
  }
  /// A value's share among the tagged and among everyone.
  package struct Value: Codable, Sendable {
    package var value: String
    /// Share among the tagged.
    package var taggedShare: Double
    /// Share among everyone.
    package var overallShare: Double

    package init(value: String, taggedShare: Double, overallShare: Double) {
      self.value = value
      self.taggedShare = taggedShare
      self.overallShare = overallShare
    }
  }
  /// A categorical column's top values.
  package struct Category: Codable, Sendable {
    package var column: String
    /// Its top three values among the tagged.
    package var top: [Value]

    package init(column: String, top: [Value]) {
      self.column = column
      self.top = top
    }
  }
  /// The tag.
  package var name: String
  /// Display labels.
  package var label: FeatureLabel
  package var category: String
  package var description: String
  /// The rule of the shown version.
  package var rule: String
  /// The version shown.
  package var version: Int
  /// When it was applied.
  package var appliedAt: String
  /// The wide-table period whose features are profiled; nil when no wide table was built.
  package var period: String?
  /// Tagged customers.
  package var count: Int
  /// All customers.
  package var customers: Int
  /// Tagged ÷ all.
  package var coverage: Double
  /// Features, most separating first.
  package var features: [Feature]
  /// Categorical columns.
  package var categories: [Category]
  /// KPI lines among the tagged.
  package var kpis: [KPIValue]

  package init(
    name: String, label: FeatureLabel, category: String, description: String, rule: String, version: Int,
    appliedAt: String, period: String?, count: Int, customers: Int, coverage: Double, features: [Feature],
    categories: [Category],
    kpis: [KPIValue]
  ) {
    self.name = name
    self.label = label
    self.category = category
    self.description = description
    self.rule = rule
    self.version = version
    self.appliedAt = appliedAt
    self.period = period
    self.count = count
    self.customers = customers
    self.coverage = coverage
    self.features = features
    self.categories = categories
    self.kpis = kpis
  }
}
