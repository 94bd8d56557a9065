import Foundation
import SegmentaCore

/// A segmentation as a user asks for it, in the words of `segmenta segment`'s flags and the server's form:
/// checked here once, for both, and turned into a ``SegmentWorkflow``.
package struct SegmentRequest: Sendable, Equatable, Codable {
  /// The segmentation's name; running again with a name stores a new version.
  package var name: String
  /// Clustering method: kmeans, som (a self-organising map), kprototypes (numeric and categorical
  /// columns together) or cube (cells of categorical dimensions).
  package var method: String = "kmeans"
  /// The map's grid for method som, ROWSxCOLUMNS (default 10x10).
  package var grid: String?
  /// Comma-separated categorical columns for method kprototypes: customer columns or wide-table
  /// features with categories.
  package var categorical: String?
  /// The weight γ of a categorical mismatch for method kprototypes, a number > 0 (default: half the
  /// mean standard deviation of the prepared numeric features).
  package var gamma: String?
  /// Number of clusters (2 or more), or "auto".
  package var k: String = "auto"
  /// The k values tried with k auto, as MIN..MAX.
  package var kRange: String = "2..15"
  /// Comma-separated features, or "all".
  package var features: String = "all"
  /// Wide-table period (default: the latest).
  package var period: String?
  /// Merge the clusters into this many groups.
  package var groups: Int?
  package var seed: UInt64 = 42
  package var restarts: Int = 10
  package var scale: PreprocessingOptions.Scaling = .zscore
  package var log: PreprocessingOptions.LogMode = .auto
  /// NAME=on or NAME=off.
  package var logFeatures: [String] = []
  /// A quantile in (0, 0.5), or "off".
  package var winsorize: String = "0.01"
  package var impute: PreprocessingOptions.Imputation = .median
  /// NAME=W.
  package var weights: [String] = []
  package var maxIterations: Int = 300
  package var tolerance: Double = 1e-4
  package var silhouetteSample: Int = 10_000
  package var sampleLimit: Int = 2_000_000
  /// Comma-separated dimensions crossed by method cube.
  package var dimensions: String?
  /// The smallest cell kept by method cube (default: 1 % of the customers).
  package var minSize: Int?

  package init(name: String) {
    self.name = name
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let defaults = SegmentRequest(name: "")
    func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
      try container.decodeIfPresent(T.self, forKey: key) ?? fallback
    }
    name = try container.decode(String.self, forKey: .name)
    method = try value(.method, defaults.method)
    grid = try container.decodeIfPresent(String.self, forKey: .grid)
    categorical = try container.decodeIfPresent(String.self, forKey: .categorical)
    gamma = try container.decodeIfPresent(FlexibleText.self, forKey: .gamma)?.text
    k = try container.decodeIfPresent(FlexibleText.self, forKey: .k)?.text ?? defaults.k
    kRange = try value(.kRange, defaults.kRange)
    features = try value(.features, defaults.features)
    period = try container.decodeIfPresent(String.self, forKey: .period)
    groups = try container.decodeIfPresent(Int.self, forKey: .groups)
    seed = try value(.seed, defaults.seed)
    restarts = try value(.restarts, defaults.restarts)
    scale = try value(.scale, defaults.scale)
    log = try value(.log, defaults.log)
    logFeatures = try value(.logFeatures, defaults.logFeatures)
    winsorize = try container.decodeIfPresent(FlexibleText.self, forKey: .winsorize)?.text ?? defaults.winsorize
    impute = try value(.impute, defaults.impute)
    weights = try value(.weights, defaults.weights)
    maxIterations = try value(.maxIterations, defaults.maxIterations)
    tolerance = try value(.tolerance, defaults.tolerance)
    silhouetteSample = try value(.silhouetteSample, defaults.silhouetteSample)
    sampleLimit = try value(.sampleLimit, defaults.sampleLimit)
    dimensions = try container.decodeIfPresent(String.self, forKey: .dimensions)
    minSize = try container.decodeIfPresent(Int.self, forKey: .minSize)
  }

  /// The workflow the request describes; `invalidRequest` naming the field when a value is not acceptable.
  package func workflow() throws(SegmentaError) -> SegmentWorkflow {
    if method == "cube" { return try cubeWorkflow() }
    if dimensions != nil || minSize != nil {
      throw SegmentaError(
        .invalidRequest, "dimensions and min-size apply to method cube; add --method cube", field: "dimensions")
    }
    guard ["kmeans", "som", "kprototypes"].contains(method) else {
      throw SegmentaError(
        .invalidRequest,
        "method takes kmeans, som (a self-organising map), kprototypes (numeric and categorical columns) or "
          + "cube (cells of categorical dimensions), not '\(method)'", field: "method")
    }
    var options = SegmentationOptions(
      seed: seed, restarts: restarts, maxIterations: maxIterations, tolerance: tolerance, sampleLimit: sampleLimit,
      silhouetteSample: silhouetteSample)
    if method == "som" {
      let (rows, columns) = try Self.grid(grid ?? "10x10")
      options.map = SelfOrganizingMapOptions(rows: rows, columns: columns)
      guard k == "auto" else {
        throw SegmentaError(
          .invalidRequest,
          "k applies to k-means; a map's units are merged into --groups G, or the number of groups is chosen "
            + "over --k-range", field: "k")
      }
    } else if let grid {
      throw SegmentaError(
        .invalidRequest, "grid '\(grid)' applies to method som only; add --method som or leave --grid out",
        field: "grid")
    }
    options.prototypes = try prototypeSettings()
    guard (1...100).contains(restarts) else {
      throw SegmentaError(.invalidRequest, "restarts takes 1 to 100, not \(restarts)", field: "restarts")
    }
    guard maxIterations >= 1, tolerance.isFinite, tolerance >= 0, silhouetteSample >= 2, sampleLimit >= 2 else {
      throw SegmentaError(
        .invalidRequest, "max-iter, tol, silhouette-sample and sample-limit must be positive numbers", field: "max-iter"
      )
    }
    if k != "auto" {
      guard let fixed = Int(k), fixed >= 2 else {
        throw SegmentaError(
          .invalidRequest,
          "k takes a whole number ≥ 2 or 'auto', not '\(k)' (one segment holding everyone is no segmentation)",
          field: "k")
      }
      options.k = fixed
    }
    let bounds = kRange.components(separatedBy: "..")
    guard bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]), low >= 2, high >= low, high <= 100
    else {
      throw SegmentaError(
        .invalidRequest, "k-range takes MIN..MAX with 2 ≤ MIN ≤ MAX ≤ 100, such as 2..15, not '\(kRange)'",
        field: "k-range")
    }
    if k == "auto" && low == high {
      throw SegmentaError(
        .invalidRequest, "k-range \(kRange) tries one k; give k \(low) for a fixed k, or a wider range such as 2..15",
        field: "k-range")
    }
    options.kRange = low...high
    if let groups, groups < 1 { throw SegmentaError(.invalidRequest, "groups must be at least 1", field: "groups") }
    options.groups = groups
    var preprocessing = PreprocessingOptions(imputation: impute, log: log, scaling: scale)
    if winsorize == "off" {
      preprocessing.winsorize = nil
    } else {
      guard let p = Double(winsorize), p > 0, p < 0.5 else {
        throw SegmentaError(
          .invalidRequest, "winsorize takes a quantile between 0 and 0.5, such as 0.01, or 'off'", field: "winsorize")
      }
      preprocessing.winsorize = p
    }
    for entry in logFeatures {
      let parts = entry.split(separator: "=").map(String.init)
      guard parts.count == 2, ["on", "off"].contains(parts[1]) else {
        throw SegmentaError(
          .invalidRequest, "log-feature takes NAME=on or NAME=off, not '\(entry)'", field: "log-feature")
      }
      preprocessing.logOverrides[parts[0]] = parts[1] == "on"
    }
    for entry in weights {
      let parts = entry.split(separator: "=").map(String.init)
      guard parts.count == 2, let value = Double(parts[1]), value > 0, value.isFinite else {
        throw SegmentaError(.invalidRequest, "weight takes NAME=W with W > 0, not '\(entry)'", field: "weight")
      }
      preprocessing.weights[parts[0]] = value
    }
    options.preprocessing = preprocessing
    let choice: SegmentWorkflow.FeatureChoice =
      features == "all"
      ? .all
      : .named(
        features.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    return SegmentWorkflow(name: name, period: period, features: choice, options: options)
  }
}

extension SegmentRequest {
  /// The categorical columns and γ of method kprototypes (nil for other methods, which take neither).
  func prototypeSettings() throws(SegmentaError) -> KPrototypesSettings? {
    let columns = (categorical ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
    let gammaText = gamma?.trimmingCharacters(in: .whitespaces) ?? ""
    guard method == "kprototypes" else {
      if !columns.isEmpty {
        throw SegmentaError(
          .invalidRequest, "categorical applies to method kprototypes only; add --method kprototypes",
          field: "categorical")
      }
      if !gammaText.isEmpty {
        throw SegmentaError(
          .invalidRequest, "gamma applies to method kprototypes only; add --method kprototypes", field: "gamma")
      }
      return nil
    }
    guard !columns.isEmpty else {
      throw SegmentaError(
        .invalidRequest,
        "method kprototypes needs categorical columns, such as --categorical brand,city,plan", field: "categorical")
    }
    guard Set(columns).count == columns.count else {
      throw SegmentaError(.invalidRequest, "a column is named twice in categorical", field: "categorical")
    }
    var settings = KPrototypesSettings(categorical: columns)
    if !gammaText.isEmpty && gammaText != "auto" {
      guard let value = Double(gammaText), value.isFinite, value > 0 else {
        throw SegmentaError(
          .invalidRequest, "gamma takes a number > 0 or 'auto', not '\(gammaText)'", field: "gamma")
      }
      settings.gamma = value
    }
    return settings
  }

  /// The cube segmentation the request describes: its dimensions and minimum cell size.
  func cubeWorkflow() throws(SegmentaError) -> SegmentWorkflow {
    let names = (dimensions ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
    guard !names.isEmpty else {
      throw SegmentaError(
        .invalidRequest, "dimensions takes the columns to cross, such as industry,it_level,purchase_factor",
        field: "dimensions")
    }
    guard names.count <= 6 else {
      throw SegmentaError(
        .invalidRequest, "dimensions crosses at most 6 columns, not \(names.count)", field: "dimensions")
    }
    if let minSize, minSize < 1 {
      throw SegmentaError(.invalidRequest, "min-size must be at least 1 customer, not \(minSize)", field: "min-size")
    }
    guard grid == nil, k == "auto", groups == nil, features == "all", (categorical ?? "").isEmpty, (gamma ?? "").isEmpty
    else {
      throw SegmentaError(
        .invalidRequest,
        "method cube crosses --dimensions; k, grid, groups, features, categorical and gamma apply to clustering "
          + "methods", field: "method")
    }
    var workflow = SegmentWorkflow(name: name, period: period, options: SegmentationOptions())
    workflow.cube = SegmentWorkflow.CubeRequest(dimensions: names, minimumSize: minSize)
    return workflow
  }

  /// The rows and columns of a grid written ROWSxCOLUMNS (`10x10`; `×` and `X` are accepted too),
  /// each 2…100.
  static func grid(_ text: String) throws(SegmentaError) -> (rows: Int, columns: Int) {
    let parts = text.lowercased().replacingOccurrences(of: "×", with: "x").split(
      separator: "x", omittingEmptySubsequences: false)
    guard parts.count == 2,
      let rows = Int(parts[0].trimmingCharacters(in: .whitespaces)),
      let columns = Int(parts[1].trimmingCharacters(in: .whitespaces)),
      (2...100).contains(rows), (2...100).contains(columns)
    else {
      throw SegmentaError(
        .invalidRequest,
        "grid takes ROWSxCOLUMNS with rows and columns from 2 to 100, such as 10x10, not '\(text)'", field: "grid")
    }
    return (rows, columns)
  }
}

/// A value a form may send as text or as a number (`"k": 8` or `"k": "auto"`).
struct FlexibleText: Decodable {
  var text: String

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let number = try? container.decode(Int.self) {
      text = String(number)
    } else if let number = try? container.decode(Double.self) {
      text = String(number)
    } else {
      text = try container.decode(String.self)
    }
  }
}
