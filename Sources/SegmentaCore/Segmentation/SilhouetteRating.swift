/// How analysts read a mean silhouette (Kaufman & Rousseeuw's bands, simplified to three).
public enum SilhouetteRating: String, Sendable, Codable {
  /// Below 0.25: the structure is weak and could be artificial.
  case poor
  /// 0.25 to 0.5: a reasonable structure.
  case fair
  /// Above 0.5: a strong structure.
  case good

  /// The rating of a mean `silhouette`: poor below 0.25, fair up to 0.5 inclusive, good above.
  public init(_ silhouette: Double) {
    self = silhouette < 0.25 ? .poor : silhouette <= 0.5 ? .fair : .good
  }
}
