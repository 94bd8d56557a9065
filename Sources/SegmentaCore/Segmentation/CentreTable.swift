/// Cluster centres laid out for the nearest-centre kernels: transposed into `SIMD8<Float>` columns
/// (lane j of column f of group g holds coordinate f of centre 8g + j) with the centres' squared
/// norms, padding lanes set to +∞ so they never win.
///
/// Both kernels, ``assign(_:stride:rows:labels:)`` (the nearest centre) and
/// ``nearestTwo(_:_:_:_:)`` (the nearest two), run one register-blocked tile,
/// ``reduceTile(_:_:_:_:centres:norms:as:)``, and differ only in the ``Reduction`` that folds its
/// partial distances ‖c‖² − 2x·c; ‖x‖² is the same for every centre of a row and is left out.
struct CentreTable {
  /// The number of centres.
  let count: Int
  /// Coordinates per centre (the matrix's columns, without padding).
  let columns: Int
  /// Groups of eight centres: ⌈count / 8⌉.
  let groups: Int
  /// `groups × columns` vectors: coordinate f of the centres of group g at `g × columns + f`.
  let transposed: [SIMD8<Float>]
  /// ‖c‖² of the centres of each group, +∞ in padding lanes.
  let norms: [SIMD8<Float>]

  /// Lays out `count` centres given as rows of `stride` values, of which the first `columns` count.
  init(centres: [Float], count: Int, columns: Int, stride: Int) {
    self.count = count
    self.columns = columns
    groups = (count + 7) / 8
    var transposed = [SIMD8<Float>](repeating: .zero, count: groups * columns)
    var norms = [SIMD8<Float>](repeating: SIMD8(repeating: .infinity), count: groups)
    for centre in 0..<count {
      let group = centre / 8
      let lane = centre % 8
      var norm: Float = 0
      for column in 0..<columns {
        let value = centres[centre * stride + column]
        transposed[group * columns + column][lane] = value
        norm += value * value
      }
      norms[group][lane] = norm
    }
    self.transposed = transposed
    self.norms = norms
  }

  /// Labels rows `rows` of `x` (rows of `stride` values) with their nearest centre, by the partial
  /// distance ‖c‖² − 2x·c as scikit-learn's dense Lloyd step; the lowest index wins a tie.
  @inline(__always)
  func assign(_ x: UnsafePointer<Float>, stride: Int, rows: Range<Int>, labels: UnsafeMutablePointer<Int32>) {
    withCentres { centres, norms in
      var row = rows.lowerBound
      while row + 4 <= rows.upperBound {
        let x0 = x + row * stride
        let found = reduceTile(
          x0, x0 + stride, x0 + 2 * stride, x0 + 3 * stride, centres: centres, norms: norms, as: Nearest.self)
        labels[row] = found.0.label
        labels[row + 1] = found.1.label
        labels[row + 2] = found.2.label
        labels[row + 3] = found.3.label
        row += 4
      }
      guard row < rows.upperBound else { return }
      // The last one to three rows fill a tile by repeating the last row; only real rows are stored.
      let last = rows.upperBound - 1
      let found = reduceTile(
        x + row * stride, x + min(row + 1, last) * stride, x + min(row + 2, last) * stride, x + last * stride,
        centres: centres, norms: norms, as: Nearest.self)
      labels[row] = found.0.label
      if row + 1 <= last { labels[row + 1] = found.1.label }
      if row + 2 <= last { labels[row + 2] = found.2.label }
    }
  }

  /// The nearest and the second-nearest centre of rows `rows` of `x` (rows of `stride` values).
  ///
  /// By the partial distance ‖c‖² − 2x·c; the lowest index wins a tie. Needs at least two centres.
  @inline(__always)
  func nearestPairs(
    _ x: UnsafePointer<Float>, stride: Int, rows: Range<Int>, first: UnsafeMutablePointer<Int32>,
    second: UnsafeMutablePointer<Int32>
  ) {
    withCentres { centres, norms in
      var row = rows.lowerBound
      while row < rows.upperBound {
        // The last one to three rows fill a tile by repeating the last row; only real rows are stored.
        let last = rows.upperBound - 1
        let found = reduceTile(
          x + row * stride, x + min(row + 1, last) * stride, x + min(row + 2, last) * stride,
          x + min(row + 3, last) * stride, centres: centres, norms: norms, as: NearestPair.self)
        let pairs = (found.0.result, found.1.result, found.2.result, found.3.result)
        let count = rows.upperBound - row
        (first[row], second[row]) = pairs.0
        if count > 1 { (first[row + 1], second[row + 1]) = pairs.1 }
        if count > 2 { (first[row + 2], second[row + 2]) = pairs.2 }
        if count > 3 { (first[row + 3], second[row + 3]) = pairs.3 }
        row += 4
      }
    }
  }

  /// The nearest and second-nearest centre of each of four rows (pointers may repeat), by the
  /// partial distance ‖c‖² − 2x·c: returns the labels and both partial distances per row.
  @inline(__always)
  func nearestTwo(
    _ x0: UnsafePointer<Float>, _ x1: UnsafePointer<Float>, _ x2: UnsafePointer<Float>, _ x3: UnsafePointer<Float>
  ) -> (labels: SIMD4<Int32>, first: SIMD4<Float>, second: SIMD4<Float>) {
    withCentres { centres, norms in
      let found = reduceTile(x0, x1, x2, x3, centres: centres, norms: norms, as: NearestTwo.self)
      let (r0, r1, r2, r3) = (found.0.result, found.1.result, found.2.result, found.3.result)
      return (
        SIMD4(r0.label, r1.label, r2.label, r3.label), SIMD4(r0.first, r1.first, r2.first, r3.first),
        SIMD4(r0.second, r1.second, r2.second, r3.second)
      )
    }
  }

  /// The tile both kernels share: four rows against every centre, two groups of eight centres at a
  /// time, folding each row's partial distances ‖c‖² − 2x·c into its own `Fold`.
  ///
  /// Each broadcast row value feeds eight fused multiply-adds held in registers (4 rows × 2 groups
  /// of accumulators). `Fold` is a generic parameter, not an existential: each kernel gets its own
  /// specialised copy with the fold inlined, and no reference counting or allocation in the loop.
  /// The tile and the folds are `@inline(always)`: Swift 6.3 treats `@inline(__always)` as a hint
  /// and left the folds' results as calls, which made both kernels 1.5–2.5 times slower.
  @inline(always)
  func reduceTile<Fold: Reduction>(
    _ x0: UnsafePointer<Float>, _ x1: UnsafePointer<Float>, _ x2: UnsafePointer<Float>, _ x3: UnsafePointer<Float>,
    centres: UnsafePointer<SIMD8<Float>>, norms: UnsafePointer<SIMD8<Float>>, as _: Fold.Type
  ) -> (Fold, Fold, Fold, Fold) {
    var folds = (Fold(), Fold(), Fold(), Fold())
    var group = 0
    while group < groups {
      let paired = group + 1 < groups
      let columnA = centres + group * columns
      let columnB = paired ? columnA + columns : columnA
      var a0 = SIMD8<Float>.zero
      var a1 = SIMD8<Float>.zero
      var a2 = SIMD8<Float>.zero
      var a3 = SIMD8<Float>.zero
      var b0 = SIMD8<Float>.zero
      var b1 = SIMD8<Float>.zero
      var b2 = SIMD8<Float>.zero
      var b3 = SIMD8<Float>.zero
      for f in 0..<columns {
        let ca = columnA[f]
        let cb = columnB[f]
        let v0 = SIMD8<Float>(repeating: x0[f])
        let v1 = SIMD8<Float>(repeating: x1[f])
        let v2 = SIMD8<Float>(repeating: x2[f])
        let v3 = SIMD8<Float>(repeating: x3[f])
        a0.addProduct(v0, ca)
        a1.addProduct(v1, ca)
        a2.addProduct(v2, ca)
        a3.addProduct(v3, ca)
        b0.addProduct(v0, cb)
        b1.addProduct(v1, cb)
        b2.addProduct(v2, cb)
        b3.addProduct(v3, cb)
      }
      let normA = norms[group]
      let indicesA = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7) &+ SIMD8(repeating: Int32(group * 8))
      folds.0.fold(normA - (a0 + a0), centres: indicesA)
      folds.1.fold(normA - (a1 + a1), centres: indicesA)
      folds.2.fold(normA - (a2 + a2), centres: indicesA)
      folds.3.fold(normA - (a3 + a3), centres: indicesA)
      if paired {
        let normB = norms[group + 1]
        let indicesB = indicesA &+ SIMD8(repeating: 8)
        folds.0.fold(normB - (b0 + b0), centres: indicesB)
        folds.1.fold(normB - (b1 + b1), centres: indicesB)
        folds.2.fold(normB - (b2 + b2), centres: indicesB)
        folds.3.fold(normB - (b3 + b3), centres: indicesB)
      }
      group += 2
    }
    return folds
  }

  /// Calls `body` with pointers to ``transposed`` and ``norms``.
  @inline(always)
  private func withCentres<R>(
    _ body: (_ centres: UnsafePointer<SIMD8<Float>>, _ norms: UnsafePointer<SIMD8<Float>>) -> R
  ) -> R {
    transposed.withUnsafeBufferPointer { transposedBuffer in
      norms.withUnsafeBufferPointer { normsBuffer in
        guard let centres = transposedBuffer.baseAddress, let norms = normsBuffer.baseAddress else {
          preconditionFailure("a centre table holds at least one centre and one column")
        }
        return body(centres, norms)
      }
    }
  }

  /// The smallest lane, without branches.
  @inline(always)
  static func smallest(_ v: SIMD8<Float>) -> Float {
    let low = v.lowHalf
    let high = v.highHalf
    let four = low.replacing(with: high, where: high .< low)
    let two = four.lowHalf.replacing(with: four.highHalf, where: four.highHalf .< four.lowHalf)
    return two[1] < two[0] ? two[1] : two[0]
  }

  /// The smallest lane, without branches.
  @inline(always)
  static func smallest(_ v: SIMD8<Int32>) -> Int32 {
    let low = v.lowHalf
    let high = v.highHalf
    let four = low.replacing(with: high, where: high .< low)
    let two = four.lowHalf.replacing(with: four.highHalf, where: four.highHalf .< four.lowHalf)
    return two[1] < two[0] ? two[1] : two[0]
  }
}
