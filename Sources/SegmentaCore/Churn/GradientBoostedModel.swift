import Dispatch
import RealModule

/// Histogram gradient-boosted trees for churn, the non-linear churn model.
///
/// Follows scikit-learn's `HistGradientBoostingClassifier` (Ke et al. 2017, "LightGBM"; Friedman
/// 2001): features binned into at most 255 value bins (``FeatureBinning``), the raw score starting
/// at the log-odds of the training churn rate, then each iteration fits a tree (``TreeGrower``) to
/// the log-loss gradients gᵢ = pᵢ − yᵢ and hessians hᵢ = pᵢ(1 − pᵢ), pᵢ = σ(rawᵢ), and adds its leaf
/// values −η·G/(H + λ). The score is σ(raw). No early stopping: every iteration runs.
public struct GradientBoostedModel: Sendable, Equatable, Codable {
  /// The settings the model was fitted with.
  public var options: GradientBoostingOptions
  /// The bin thresholds of each feature.
  public var binning: FeatureBinning
  /// The raw score before the first tree: log(p̄/(1 − p̄)).
  public var baseline: Double
  /// The trees, in boosting order.
  public var trees: [BoostedTree]
  /// Each feature's total loss reduction over every split on it (gain-based importance).
  public var gains: [Double]

  /// Creates a model from its parts.
  public init(
    options: GradientBoostingOptions, binning: FeatureBinning, baseline: Double, trees: [BoostedTree], gains: [Double]
  ) {
    self.options = options
    self.binning = binning
    self.baseline = baseline
    self.trees = trees
    self.gains = gains
  }

  /// Fits the model on `rows` of `columns` (one array per feature, NaN missing) with `labels`
  /// (true = churned); `seed` picks the binning sample; `progress` receives each finished iteration.
  public static func fit(
    columns: [[Double]], labels: [Bool], rows: [Int], options: GradientBoostingOptions = GradientBoostingOptions(),
    seed: UInt64 = 0, progress: (Int) -> Void = { _ in }
  ) -> GradientBoostedModel {
    let binning = FeatureBinning.fit(
      columns: columns, rows: rows, maxBins: options.maxBins, sampleLimit: options.binningSample, seed: seed)
    let bins = binning.bin(columns: columns, rows: rows)
    let n = rows.count
    var y = [Float](repeating: 0, count: max(1, n))
    var positives = 0.0
    for (i, row) in rows.enumerated() where labels[row] {
      y[i] = 1
      positives += 1
    }
    let mean = min(max(n > 0 ? positives / Double(n) : 0.5, 1e-15), 1 - 1e-15)
    let baseline = Double.log(mean / (1 - mean))
    var raw = [Double](repeating: baseline, count: max(1, n))
    var gradients = [Float](repeating: 0, count: max(1, n))
    var hessians = [Float](repeating: 0, count: max(1, n))
    var importance = [Double](repeating: 0, count: columns.count)
    var trees: [BoostedTree] = []
    trees.reserveCapacity(options.maxIterations)
    let valueBins = (0..<columns.count).map { binning.valueBins($0) }
    bins.withUnsafeBufferPointer { binBuffer in
      gradients.withUnsafeMutableBufferPointer { gradientBuffer in
        hessians.withUnsafeMutableBufferPointer { hessianBuffer in
          raw.withUnsafeMutableBufferPointer { rawBuffer in
            guard let binBase = binBuffer.baseAddress, let gBase = gradientBuffer.baseAddress,
              let hBase = hessianBuffer.baseAddress, let rawBase = rawBuffer.baseAddress
            else { return }
            let grower = TreeGrower(
              bins: binBase, rows: n, valueBins: valueBins, gradients: gBase, hessians: hBase, options: options)
            let g = SharedMutablePointer(gBase)
            let h = SharedMutablePointer(hBase)
            let r = SharedPointer(UnsafePointer(rawBase))
            y.withSharedPointer { labels in
              for iteration in 0..<options.maxIterations {
                Parallel.forEachChunk(rows: n) { _, range in
                  for i in range {
                    let e = r.base[i]
                    let p = e >= 0 ? 1 / (1 + Double.exp(-e)) : Double.exp(e) / (1 + Double.exp(e))
                    g.base[i] = Float(p - Double(labels.base[i]))
                    h.base[i] = Float(p * (1 - p))
                  }
                }
                trees.append(grower.grow(raw: rawBase, importance: &importance))
                progress(iteration + 1)
              }
            }
          }
        }
      }
    }
    return GradientBoostedModel(
      options: options, binning: binning, baseline: baseline, trees: trees, gains: importance)
  }

  /// The churn probability of `rows` of `columns` (every row when nil), features in model order.
  public func scores(columns: [[Double]], rows: [Int]? = nil) -> [Double] {
    let count = rows?.count ?? columns.first?.count ?? 0
    let bins = binning.bin(columns: columns, rows: rows)
    var out = [Double](repeating: 0, count: count)
    let trees = trees
    let baseline = baseline
    bins.withSharedPointer { binPointer in
      out.withSharedMutablePointer { target in
        Parallel.forEachChunk(rows: count) { _, range in
          for row in range {
            var raw = baseline
            for tree in trees { raw += tree.value(bins: binPointer.base, rows: count, row: row) }
            target.base[row] = raw >= 0 ? 1 / (1 + Double.exp(-raw)) : Double.exp(raw) / (1 + Double.exp(raw))
          }
        }
      }
    }
    return out
  }

  /// Each feature's share of the total gain (summing to 1; all 0 when no split was made).
  public var importance: [Double] {
    let total = gains.reduce(0, +)
    return gains.map { total > 0 ? $0 / total : 0 }
  }
}
