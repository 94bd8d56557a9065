import Dispatch
import RealModule

/// The fitted preprocessing of every feature, in matrix column order.
public struct PreprocessingModel: Sendable, Equatable, Codable {
  /// The options the model was fitted with.
  public var options: PreprocessingOptions
  /// One transform per feature, in matrix column order.
  public var transforms: [FeatureTransform]

  /// Fits the preprocessing on `columns` (name and values; NaN is missing), one feature per core
  /// at a time.
  public static func fit(
    _ columns: [(name: String, values: [Double])], options: PreprocessingOptions
  ) throws(PreprocessingError) -> PreprocessingModel {
    PreprocessingModel(options: options, transforms: try fitted(columns, options: options, prepare: false).map(\.0))
  }

  /// Fits the preprocessing on `columns` and returns each feature's prepared values beside its
  /// transform: `Float(transform.apply(raw))` for every row, computed in the pass that fits the
  /// transform (so log1p runs once a value).
  public static func fitPrepared(
    _ columns: [(name: String, values: [Double])], options: PreprocessingOptions
  ) throws(PreprocessingError) -> (model: PreprocessingModel, prepared: [[Float]]) {
    let results = try fitted(columns, options: options, prepare: true)
    return (PreprocessingModel(options: options, transforms: results.map(\.0)), results.map(\.1))
  }

  private static func fitted(
    _ columns: [(name: String, values: [Double])], options: PreprocessingOptions, prepare: Bool
  ) throws(PreprocessingError) -> [(FeatureTransform, [Float])] {
    let slots = ResultSlots<Result<(FeatureTransform, [Float]), PreprocessingError>>(count: columns.count)
    DispatchQueue.concurrentPerform(iterations: columns.count) { index in
      let (name, raw) = columns[index]
      slots.set(
        index,
        Result { () throws(PreprocessingError) in try fit(name: name, raw: raw, options: options, prepare: prepare) })
    }
    var results: [(FeatureTransform, [Float])] = []
    for result in slots.values() { results.append(try result.get()) }
    return results
  }

  /// Fits one feature's transform on its raw values (NaN is missing); with `prepare`, also the
  /// prepared values, equal to `Float(transform.apply(raw[i]))`.
  ///
  /// With `target`, the prepared values are written there (`raw.count` of them) instead of returned.
  static func fit(
    name: String, raw: [Double], options: PreprocessingOptions, prepare: Bool = false,
    into target: UnsafeMutablePointer<Float>? = nil
  ) throws(PreprocessingError) -> (FeatureTransform, [Float]) {
    // Without missing values the column is shared, not copied: the quantiles of large columns are
    // found without reordering it.
    var present = raw.contains { $0.isNaN } ? raw.filter { !$0.isNaN } : raw
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
    // Filled and clipped values, their minimum and (for the skewness) their sum, in one pass.
    let lower = transform.lower ?? -.infinity
    let upper = transform.upper ?? .infinity
    var values = [Double](repeating: 0, count: raw.count)
    var minimum = Double.infinity
    var sum = 0.0
    raw.withUnsafeBufferPointer { raw in
      values.withUnsafeMutableBufferPointer { values in
        for index in 0..<raw.count {
          var v = raw[index].isNaN ? fill : raw[index]
          if v < lower { v = lower }
          if v > upper { v = upper }
          values[index] = v
          minimum = Swift.min(minimum, v)
          sum += v
        }
      }
    }
    transform.skewness = ColumnSummary.skewness(values, sum: sum)
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
      sum = 0
      values.withUnsafeMutableBufferPointer { values in
        for index in 0..<values.count {
          values[index] = Double.log(onePlus: values[index])
          sum += values[index]
        }
      }
    }
    switch options.scaling {
    case .zscore:
      // `sum` adds the values in order from zero, as a reduce would.
      let mean = sum / Double(values.count)
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
    guard prepare || target != nil else { return (transform, []) }
    // The values are filled, clipped and logged already: the rest of `apply`, in its order.
    let (center, scale, weight) = (transform.center, transform.scale, transform.weight)
    func write(_ prepared: UnsafeMutablePointer<Float>) {
      values.withUnsafeBufferPointer { values in
        for index in 0..<values.count { prepared[index] = Float((values[index] - center) / scale * weight) }
      }
    }
    if let target {
      write(target)
      return (transform, [])
    }
    let prepared = [Float](unsafeUninitializedCapacity: values.count) { prepared, initialized in
      if let base = prepared.baseAddress { write(base) }
      initialized = values.count
    }
    return (transform, prepared)
  }

  /// Columns fitted and laid out together by ``fitMatrix(names:rows:options:load:)``: few enough that
  /// their raw values stay small beside the matrix, enough to keep every core busy.
  static let matrixBatch = 4

  /// Fits the preprocessing of the columns `names` and lays their prepared values out as a matrix,
  /// taking the raw values (NaN is missing, `rows` each) from `load` a few columns at a time, so
  /// only ``matrixBatch`` raw columns are held beside the matrix.
  ///
  /// A column without any value (`empty`) or whose prepared values are all equal (`constant`) is
  /// left out of the matrix and the model; the results equal ``fitPrepared(_:options:)`` followed
  /// by ``matrix(prepared:)`` on the other columns.
  ///
  /// - Throws: what `load` throws, or ``PreprocessingError`` for the first column that cannot be
  ///   fitted.
  public static func fitMatrix(
    names: [String], rows: Int, options: PreprocessingOptions, load: (Int) throws -> [Double]
  ) throws -> (model: PreprocessingModel, matrix: FeatureMatrix, empty: [Int], constant: [Int]) {
    let stride = FeatureMatrix.stride(for: names.count)
    var padded = [Float](repeating: 0, count: rows * stride)
    var transforms = [FeatureTransform?](repeating: nil, count: names.count)
    var empty: [Int] = []
    var constant: [Int] = []
    for first in Swift.stride(from: 0, to: names.count, by: matrixBatch) {
      let batch = first..<min(names.count, first + matrixBatch)
      var raws: [[Double]] = []
      for column in batch {
        let raw = try load(column)
        precondition(raw.count == rows, "column \(names[column]) has \(raw.count) values for \(rows) rows")
        raws.append(raw)
      }
      // Each column's prepared values go straight to its place in one buffer for the batch.
      var batchValues = [Float](repeating: 0, count: raws.count * rows)
      let slots = ResultSlots<Result<FeatureTransform?, PreprocessingError>>(count: raws.count)
      batchValues.withSharedMutablePointer { batchValues in
        DispatchQueue.concurrentPerform(iterations: raws.count) { [raws] offset in
          slots.set(
            offset,
            Result { () throws(PreprocessingError) in
              guard raws[offset].contains(where: { !$0.isNaN }) else { return nil }
              return try fit(
                name: names[first + offset], raw: raws[offset], options: options,
                into: batchValues.base + offset * rows
              ).0
            })
        }
      }
      raws = []
      // Columns of the batch to lay out: their place in the batch and in the matrix.
      var laid: [(offset: Int, column: Int)] = []
      for (offset, result) in slots.values().enumerated() {
        guard let transform = try result.get() else {
          empty.append(first + offset)
          continue
        }
        transforms[first + offset] = transform
        let values = batchValues[(offset * rows)..<((offset + 1) * rows)]
        if let firstValue = values.first, values.contains(where: { $0 != firstValue }) {
          laid.append((offset, first + offset))
        } else {
          constant.append(first + offset)
        }
      }
      // Row by row, so each row's cache line is written once a batch.
      let offsets = laid.map(\.offset)
      let columns = laid.map(\.column)
      let count = laid.count
      padded.withSharedMutablePointer { target in
        batchValues.withSharedPointer { source in
          offsets.withSharedPointer { offsets in
            columns.withSharedPointer { columns in
              Parallel.forEachChunk(rows: rows) { _, range in
                for row in range {
                  let line = target.base + row * stride
                  for position in 0..<count {
                    line[columns.base[position]] = source.base[offsets.base[position] * rows + row]
                  }
                }
              }
            }
          }
        }
      }
    }
    let kept = names.indices.filter { transforms[$0] != nil && !constant.contains($0) }
    let model = PreprocessingModel(options: options, transforms: kept.compactMap { transforms[$0] })
    guard kept.count < names.count else {
      return (model, FeatureMatrix(rows: rows, columns: names.count, padded: padded), empty, constant)
    }
    // Rarely: columns left out, so the matrix is laid out again without them.
    let keptStride = FeatureMatrix.stride(for: kept.count)
    var compact = [Float](repeating: 0, count: rows * keptStride)
    padded.withUnsafeBufferPointer { source in
      compact.withUnsafeMutableBufferPointer { target in
        for row in 0..<rows {
          for (position, column) in kept.enumerated() {
            target[row * keptStride + position] = source[row * stride + column]
          }
        }
      }
    }
    return (model, FeatureMatrix(rows: rows, columns: kept.count, padded: compact), empty, constant)
  }

  /// The matrix of prepared `columns` (one Float per row each), laid out row by row on all cores.
  public static func matrix(prepared columns: [[Float]]) -> FeatureMatrix {
    let rows = columns.first?.count ?? 0
    let stride = FeatureMatrix.stride(for: columns.count)
    var padded = [Float](repeating: 0, count: rows * stride)
    padded.withSharedMutablePointer { target in
      Parallel.forEachChunk(rows: rows) { _, range in
        for (column, values) in columns.enumerated() {
          values.withUnsafeBufferPointer { source in
            for row in range { target.base[row * stride + column] = source[row] }
          }
        }
      }
    }
    return FeatureMatrix(rows: rows, columns: columns.count, padded: padded)
  }

  /// The prepared matrix of `columns` (same order as the transforms; NaN is missing), built on all
  /// cores.
  public func matrix(_ columns: [[Double]]) -> FeatureMatrix {
    precondition(columns.count == transforms.count, "\(columns.count) columns for \(transforms.count) transforms")
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

  /// `value` rounded to two decimals, without a trailing `.0` (`3.21`, `1`), for messages.
  static func format(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
  }
}
