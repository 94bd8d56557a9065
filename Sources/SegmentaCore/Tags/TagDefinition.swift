/// What a tag describes (the brief's "3 + X": demographic core tags plus social, interest and
/// business traits).
public enum TagCategory: String, Sendable, Equatable, Codable, CaseIterable {
  case demographic
  case social
  case interest
  case business
}

/// A customer tag: a named rule with display labels.
public struct TagDefinition: Sendable, Equatable, Codable {
  /// The name rules use in `tag(NAME)`.
  public var name: String
  /// The spec entry it came from when a band or value family expanded into several tags.
  public var family: String?
  /// Its category.
  public var category: TagCategory
  /// Display labels.
  public var label: FeatureLabel
  /// What it means.
  public var description: String
  /// The rule selecting the tagged customers.
  public var rule: String

  /// Creates a definition.
  public init(
    name: String, family: String? = nil, category: TagCategory, label: FeatureLabel, description: String, rule: String
  ) {
    self.name = name
    self.family = family
    self.category = category
    self.label = label
    self.description = description
    self.rule = rule
  }
}

/// How one tag's membership changed between two applies.
public struct TagChange: Sendable, Equatable {
  /// Customers tagged now.
  public var count: Int
  /// Tagged now but not before.
  public var gained: Int
  /// Tagged before but not now.
  public var lost: Int

  /// A change as recorded.
  public init(count: Int, gained: Int, lost: Int) {
    self.count = count
    self.gained = gained
    self.lost = lost
  }

  /// Compares two sorted, duplicate-free key lists.
  public init(previous: [Int64], current: [Int64]) {
    var i = 0
    var j = 0
    var common = 0
    while i < previous.count && j < current.count {
      if previous[i] == current[j] {
        common += 1
        i += 1
        j += 1
      } else if previous[i] < current[j] {
        i += 1
      } else {
        j += 1
      }
    }
    count = current.count
    gained = current.count - common
    lost = previous.count - common
  }
}
