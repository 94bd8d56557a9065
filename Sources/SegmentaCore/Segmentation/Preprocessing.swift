import Dispatch
import RealModule

/// How features are prepared for clustering: the choices a user makes.
public struct PreprocessingOptions: Sendable, Equatable, Codable {
  /// How missing values are filled.
  public enum Imputation: String, Sendable, Codable, CaseIterable {
    /// The median of the present values.
    case median
    /// The mean of the present values.
    case mean
    /// Zero.
    case zero
  }

  /// When `log1p` is applied.
  public enum LogMode: String, Sendable, Codable, CaseIterable {
    /// To non-negative features whose skewness exceeds ``PreprocessingOptions/skewnessThreshold``.
    case auto
    /// To every feature (all values must be ≥ 0).
    case on
    /// Never.
    case off
  }

  /// The final scaling.
  public enum Scaling: String, Sendable, Codable, CaseIterable {
    /// (x − mean) / standard deviation (population, as scikit-learn's `StandardScaler`).
    case zscore
    /// (x − min) / (max − min).
    case minmax
    /// Unchanged.
    case none
  }

  /// Missing-value filling.
  public var imputation: Imputation
  /// Winsorising quantile p: values are clipped to the p and 1 − p quantiles; nil turns it off.
  public var winsorize: Double?
  /// The log mode for features without an override.
  public var log: LogMode
  /// Per-feature log overrides (true forces `log1p`, false forbids it).
  public var logOverrides: [String: Bool]
  /// Skewness above which `auto` takes the log.
  public var skewnessThreshold: Double
  /// Scaling.
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

/// What preprocessing does to one feature, fitted on the data and stored with the model so that
/// new customers can be assigned the same way.
public struct FeatureTransform: Sendable, Equatable, Codable {
  /// The feature.
  public var name: String
  /// Value used for missing entries.
  public var fill: Double
  /// Missing entries filled when fitting.
  public var missing: Int
  /// Lower winsorising bound, if any.
  public var lower: Double?
  /// Upper winsorising bound, if any.
  public var upper: Double?
  /// Skewness after filling and winsorising (adjusted G₁), if defined.
  public var skewness: Double?
  /// Whether `log1p` is applied.
  public var log1p: Bool
  /// Why (or why not), such as `skewness 3.21 > 1`, `forced` or `negative values`.
  public var logReason: String
  /// Subtracted before scaling.
  public var center: Double
  /// Divided by after centring (1 for a constant feature).
  public var scale: Double
  /// Multiplied at the end.
  public var weight: Double

  /// The prepared value of a raw value (NaN is missing).
  @inlinable
  public func apply(_ raw: Double) -> Double {
    var value = raw.isNaN ? fill : raw
    if let lower, value < lower { value = lower }
    if let upper, value > upper { value = upper }
    if log1p { value = Double.log(onePlus: Swift.max(0, value)) }
    return (value - center) / scale * weight
  }
}

/// Problems fitting preprocessing.
public struct PreprocessingError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The feature.
  public var feature: String
  /// The problem.
  public var message: String

  /// `feature 'x': message`.
  public var description: String { "feature '\(feature)': \(message)" }
}

/// The fitted preprocessing of every feature, in matrix column order.
public struct PreprocessingModel: Sendable, Equatable, Codable {
  /// The options it was fitted with.
  public var options: PreprocessingOptions
  /// One transform per feature.
  public var transforms: [FeatureTransform]

  /// Fits the preprocessing on `columns` (name and values; NaN is missing), one feature per core
  /// at a time.
  public static func fit(
    _ columns: [(name: String, values: [Double])], options: PreprocessingOptions
  ) throws(PreprocessingError) -> PreprocessingModel {
    var results = [Result<FeatureTransform, PreprocessingError>?](repeating: nil, count: columns.count)
    results.withSharedMutablePointer { results in
      DispatchQueue.concurrentPerform(iterations: columns.count) { index in
        let (name, raw) = columns[index]
        results.base[index] = Result { () throws(PreprocessingError) in try fit(name: name, raw: raw, options: options)
        }
      }
    }
    var transforms: [FeatureTransform] = []
    for result in results { transforms.append(try result!.get()) }
    return PreprocessingModel(options: options, transforms: transforms)
  }

  static func fit(name: String, raw: [Double], options: PreprocessingOptions) throws(PreprocessingError)
    -> FeatureTransform
  {
    var present = raw.filter { !$0.isNaN }
    guard !present.isEmpty else {
      throw PreprocessingError(feature: name, message: "has no values at all; leave it out of the segmentation")
    }
    var wanted: [Double] = []
    if options.imputation == .median { wanted.append(0.5) }
    if let p = options.winsorize { wanted += [p, 1 - p] }
    let quantiles = wanted.isEmpty ? [] : ColumnSummary.quantiles(selecting: &present, wanted)
    let fill: Double
    switch options.imputation {
    case .median: fill = quantiles[0]
    case .mean: fill = raw.reduce(0) { $1.isNaN ? $0 : $0 + $1 } / Double(present.count)
    case .zero: fill = 0
    }
    var transform = FeatureTransform(
      name: name, fill: fill, missing: raw.count - present.count, lower: nil, upper: nil, skewness: nil,
      log1p: false, logReason: "", center: 0, scale: 1, weight: options.weights[name] ?? 1)
    if options.winsorize != nil {
      transform.lower = quantiles[quantiles.count - 2]
      transform.upper = quantiles[quantiles.count - 1]
    }
    var values = raw.map { value -> Double in
      var v = value.isNaN ? fill : value
      if let lower = transform.lower, v < lower { v = lower }
      if let upper = transform.upper, v > upper { v = upper }
      return v
    }
    transform.skewness = ColumnSummary.skewness(values)
    let minimum = values.min() ?? 0
    let wantedLog = options.logOverrides[name] ?? (options.log == .on ? true : options.log == .off ? false : nil)
    switch wantedLog {
    case .some(true):
      guard minimum >= 0 else {
        throw PreprocessingError(feature: name, message: "log1p was asked for, but the feature has negative values")
      }
      transform.log1p = true
      transform.logReason = "forced"
    case .some(false):
      transform.logReason = options.logOverrides[name] == false ? "forced off" : "off"
    case .none:
      if minimum < 0 {
        transform.logReason = "negative values"
      } else if let skewness = transform.skewness, skewness > options.skewnessThreshold {
        transform.log1p = true
        transform.logReason = "skewness \(Self.format(skewness)) > \(Self.format(options.skewnessThreshold))"
      } else {
        transform.logReason =
          transform.skewness.map { "skewness \(Self.format($0)) ≤ \(Self.format(options.skewnessThreshold))" }
          ?? "constant"
      }
    }
    if transform.log1p {
      for index in values.indices { values[index] = Double.log(onePlus: values[index]) }
    }
    switch options.scaling {
    case .zscore:
      let mean = values.reduce(0, +) / Double(values.count)
      let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
      transform.center = mean
      transform.scale = variance > 0 ? variance.squareRoot() : 1
    case .minmax:
      let low = values.min() ?? 0
      let high = values.max() ?? 0
      transform.center = low
      transform.scale = high > low ? high - low : 1
    case .none:
      break
    }
    return transform
  }

  /// The prepared matrix of `columns` (same order as the transforms; NaN is missing), built on all
  /// cores.
  public func matrix(_ columns: [[Double]]) -> FeatureMatrix {
    precondition(columns.count == transforms.count)
    let rows = columns.first?.count ?? 0
    let stride = FeatureMatrix.stride(for: columns.count)
    var padded = [Float](repeating: 0, count: rows * stride)
    let transforms = transforms
    padded.withSharedMutablePointer { target in
      Parallel.forEachChunk(rows: rows) { _, range in
        for (column, transform) in transforms.enumerated() {
          columns[column].withUnsafeBufferPointer { source in
            for row in range { target.base[row * stride + column] = Float(transform.apply(source[row])) }
          }
        }
      }
    }
    return FeatureMatrix(rows: rows, columns: columns.count, padded: padded)
  }

  static func format(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
  }
}
