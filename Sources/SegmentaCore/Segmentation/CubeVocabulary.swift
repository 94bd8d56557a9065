/// Chinese and English labels of the company-customer values a cube's segment names are read from.
///
/// Industries, informatisation levels and key purchase factors as the product brief names them (the
/// values `segmenta demo --b2b` writes). A value it does not know is shown as written, in both languages.
public enum CubeVocabulary {
  /// Labels by `dimension=value` (for values whose meaning depends on the dimension, such as `high`)
  /// and by value.
  static let labels: [String: FeatureLabel] = [
    "production": FeatureLabel(zh: "生产制造", en: "production"),
    "wholesale_retail": FeatureLabel(zh: "批发零售", en: "wholesale/retail"),
    "professional_services": FeatureLabel(zh: "专业服务", en: "professional services"),
    "life_services": FeatureLabel(zh: "生活服务", en: "life services"),
    "logistics": FeatureLabel(zh: "交通物流", en: "logistics"),
    "it_level=low": FeatureLabel(zh: "低", en: "low IT"),
    "it_level=medium": FeatureLabel(zh: "中", en: "medium IT"),
    "it_level=high": FeatureLabel(zh: "高", en: "high IT"),
    "cheapest": FeatureLabel(zh: "价格优先", en: "cheapest"),
    "quality": FeatureLabel(zh: "质量优先", en: "best quality"),
    "service": FeatureLabel(zh: "服务优先", en: "best service"),
    "customisable": FeatureLabel(zh: "定制优先", en: "customisable"),
  ]

  /// The labels of `value` on `dimension`.
  public static func label(dimension: String, value: String) -> FeatureLabel {
    labels["\(dimension)=\(value)"] ?? labels[value] ?? FeatureLabel(zh: value, en: value)
  }
}
