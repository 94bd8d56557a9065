import SegmentaCore

/// Which language segment names are written or set in.
package enum SegmentNameLanguage: String, Sendable, CaseIterable {
  case zh
  case en
  /// Both: "中文 / English" when written, both names when set.
  case both

  /// `label` in this language.
  func text(_ label: FeatureLabel) -> String {
    switch self {
    case .zh: return label.zh
    case .en: return label.en
    case .both: return SegmentNames.combined(label)
    }
  }
}
