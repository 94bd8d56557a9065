/// How features are prepared for clustering: the choices a user makes, applied per feature in the
/// order fill missing → winsorise → `log1p` → scale → weight.
public struct PreprocessingOptions: Sendable, Equatable, Codable {
  /// How missing values are filled.
  public enum Imputation: String, Sendable, Codable, CaseIterable {
    /// The median of the present values.
    case median
    /// The mean of the present values.
    case mean
    /// Zero, for features where a missing value means no activity.
    case zero
  }

  /// When `log1p(x) = ln(1 + x)` is applied to a feature.
  public enum LogMode: String, Sendable, Codable, CaseIterable {
    /// To non-negative features whose skewness exceeds ``PreprocessingOptions/skewnessThreshold``.
    case auto
    /// To every feature (all values must be ≥ 0).
    case on
    /// Never: every feature keeps its scale.
    case off
  }

  /// How features are scaled after filling, winsorising and the log.
  public enum Scaling: String, Sendable, Codable, CaseIterable {
    /// (x − mean) / standard deviation (population, as scikit-learn's `StandardScaler`).
    case zscore
    /// (x − min) / (max − min).
    case minmax
    /// No scaling: values are used as they are after filling, winsorising and the log.
    case none
  }

  /// How missing values are filled (default the median).
  public var imputation: Imputation
  /// Winsorising quantile p: values are clipped to the p and 1 − p quantiles; nil turns it off.
  public var winsorize: Double?
  /// The log mode for features without an override.
  public var log: LogMode
  /// Per-feature log overrides (true forces `log1p`, false forbids it).
  public var logOverrides: [String: Bool]
  /// The adjusted skewness G₁ above which `auto` takes the log (default 1).
  public var skewnessThreshold: Double
  /// The final scaling (default z-scores).
  public var scaling: Scaling
  /// Per-feature weights applied after scaling (default 1).
  public var weights: [String: Double]

  /// Creates options; the defaults are median imputation, winsorising at p1/p99, automatic log for
  /// skewness above 1, z-scores and equal weights.
  public init(
    imputation: Imputation = .median, winsorize: Double? = 0.01, log: LogMode = .auto,
    logOverrides: [String: Bool] = [:], skewnessThreshold: Double = 1.0, scaling: Scaling = .zscore,
    weights: [String: Double] = [:]
  ) {
    self.imputation = imputation
    self.winsorize = winsorize
    self.log = log
    self.logOverrides = logOverrides
    self.skewnessThreshold = skewnessThreshold
    self.scaling = scaling
    self.weights = weights
  }
}
