/// Cluster centres laid out for the nearest-centre kernel: transposed into `SIMD8<Float>` columns
/// (lane j of column f of group g holds coordinate f of centre 8g + j) with the centres' squared
/// norms, padding lanes set to +∞ so they never win.
struct CentreTable {
  let count: Int
  let columns: Int
  let groups: Int
  let transposed: [SIMD8<Float>]
  let norms: [SIMD8<Float>]

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

  /// Labels rows `start..<end` of `x` with their nearest centre (by ‖c‖² − 2x·c, as scikit-learn's
  /// dense Lloyd step) and stores that partial distance in `scores` when given.
  ///
  /// Four rows at a time against two groups of eight centres: each broadcast row value feeds
  /// eight fused multiply-adds held in registers.
  @inline(__always)
  func assign(
    _ x: UnsafePointer<Float>, stride: Int, start: Int, end: Int, labels: UnsafeMutablePointer<Int32>,
    scores: UnsafeMutablePointer<Float>?
  ) {
    transposed.withUnsafeBufferPointer { transposedBuffer in
      norms.withUnsafeBufferPointer { normsBuffer in
        let ct = transposedBuffer.baseAddress!
        let cn = normsBuffer.baseAddress!
        var row = start
        while row + 4 <= end {
          let x0 = x + row * stride
          let x1 = x0 + stride
          let x2 = x1 + stride
          let x3 = x2 + stride
          var best = (
            SIMD8<Float>(repeating: .infinity), SIMD8<Float>(repeating: .infinity),
            SIMD8<Float>(repeating: .infinity), SIMD8<Float>(repeating: .infinity)
          )
          var index = (SIMD8<Int32>.zero, SIMD8<Int32>.zero, SIMD8<Int32>.zero, SIMD8<Int32>.zero)
          var group = 0
          while group < groups {
            let paired = group + 1 < groups
            let columnA = ct + group * columns
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
            Self.keep(cn[group], group, a0, &best.0, &index.0)
            Self.keep(cn[group], group, a1, &best.1, &index.1)
            Self.keep(cn[group], group, a2, &best.2, &index.2)
            Self.keep(cn[group], group, a3, &best.3, &index.3)
            if paired {
              Self.keep(cn[group + 1], group + 1, b0, &best.0, &index.0)
              Self.keep(cn[group + 1], group + 1, b1, &best.1, &index.1)
              Self.keep(cn[group + 1], group + 1, b2, &best.2, &index.2)
              Self.keep(cn[group + 1], group + 1, b3, &best.3, &index.3)
            }
            group += 2
          }
          Self.pick(best.0, index.0, row, labels, scores)
          Self.pick(best.1, index.1, row + 1, labels, scores)
          Self.pick(best.2, index.2, row + 2, labels, scores)
          Self.pick(best.3, index.3, row + 3, labels, scores)
          row += 4
        }
        while row < end {
          let x0 = x + row * stride
          var best = SIMD8<Float>(repeating: .infinity)
          var index = SIMD8<Int32>.zero
          for group in 0..<groups {
            var a = SIMD8<Float>.zero
            let column = ct + group * columns
            for f in 0..<columns { a.addProduct(SIMD8(repeating: x0[f]), column[f]) }
            Self.keep(cn[group], group, a, &best, &index)
          }
          Self.pick(best, index, row, labels, scores)
          row += 1
        }
      }
    }
  }

  /// The nearest and second-nearest centre of each of four rows (pointers may repeat), by the
  /// partial distance ‖c‖² − 2x·c: returns the labels and both partial distances per row.
  @inline(__always)
  func nearestTwo(
    _ x0: UnsafePointer<Float>, _ x1: UnsafePointer<Float>, _ x2: UnsafePointer<Float>, _ x3: UnsafePointer<Float>
  ) -> (labels: SIMD4<Int32>, first: SIMD4<Float>, second: SIMD4<Float>) {
    transposed.withUnsafeBufferPointer { transposedBuffer in
      norms.withUnsafeBufferPointer { normsBuffer in
        let ct = transposedBuffer.baseAddress!
        let cn = normsBuffer.baseAddress!
        var best = (
          SIMD8<Float>(repeating: .infinity), SIMD8<Float>(repeating: .infinity),
          SIMD8<Float>(repeating: .infinity), SIMD8<Float>(repeating: .infinity)
        )
        var second = best
        var index = (SIMD8<Int32>.zero, SIMD8<Int32>.zero, SIMD8<Int32>.zero, SIMD8<Int32>.zero)
        var group = 0
        while group < groups {
          let paired = group + 1 < groups
          let columnA = ct + group * columns
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
          Self.keepTwo(cn[group], group, a0, &best.0, &second.0, &index.0)
          Self.keepTwo(cn[group], group, a1, &best.1, &second.1, &index.1)
          Self.keepTwo(cn[group], group, a2, &best.2, &second.2, &index.2)
          Self.keepTwo(cn[group], group, a3, &best.3, &second.3, &index.3)
          if paired {
            Self.keepTwo(cn[group + 1], group + 1, b0, &best.0, &second.0, &index.0)
            Self.keepTwo(cn[group + 1], group + 1, b1, &best.1, &second.1, &index.1)
            Self.keepTwo(cn[group + 1], group + 1, b2, &best.2, &second.2, &index.2)
            Self.keepTwo(cn[group + 1], group + 1, b3, &best.3, &second.3, &index.3)
          }
          group += 2
        }
        let r0 = Self.pickTwo(best.0, second.0, index.0)
        let r1 = Self.pickTwo(best.1, second.1, index.1)
        let r2 = Self.pickTwo(best.2, second.2, index.2)
        let r3 = Self.pickTwo(best.3, second.3, index.3)
        return (
          SIMD4(r0.label, r1.label, r2.label, r3.label), SIMD4(r0.first, r1.first, r2.first, r3.first),
          SIMD4(r0.second, r1.second, r2.second, r3.second)
        )
      }
    }
  }

  /// Keeps, lane by lane, the two smallest partial distances seen and the index of the smallest.
  @inline(__always)
  static func keepTwo(
    _ norm: SIMD8<Float>, _ group: Int, _ dot: SIMD8<Float>, _ best: inout SIMD8<Float>, _ second: inout SIMD8<Float>,
    _ index: inout SIMD8<Int32>
  ) {
    let distance = norm - (dot + dot)
    let closer = distance .< best
    let between = distance .< second
    second.replace(with: distance, where: between)
    second.replace(with: best, where: closer)
    best.replace(with: distance, where: closer)
    index.replace(with: SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7) &+ SIMD8(repeating: Int32(group * 8)), where: closer)
  }

  /// The smallest lane (lowest index among equals) and the second-smallest partial distance overall.
  ///
  /// The winner's lane contributes its own runner-up, every other lane its best; branch-free.
  @inline(__always)
  static func pickTwo(_ best: SIMD8<Float>, _ second: SIMD8<Float>, _ index: SIMD8<Int32>)
    -> (label: Int32, first: Float, second: Float)
  {
    let minimum = smallest(best)
    let label = smallest(index.replacing(with: .max, where: best .!= SIMD8(repeating: minimum)))
    let runnerUp = smallest(best.replacing(with: second, where: index .== SIMD8(repeating: label)))
    return (label, minimum, runnerUp)
  }

  /// Keeps, lane by lane, the smaller of the current best and ‖c‖² − 2·dot for group `group`.
  @inline(__always)
  static func keep(
    _ norm: SIMD8<Float>, _ group: Int, _ dot: SIMD8<Float>, _ best: inout SIMD8<Float>, _ index: inout SIMD8<Int32>
  ) {
    let distance = norm - (dot + dot)
    let closer = distance .< best
    best.replace(with: distance, where: closer)
    index.replace(with: SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7) &+ SIMD8(repeating: Int32(group * 8)), where: closer)
  }

  /// The lane with the smallest value (the lowest centre index among equals).
  @inline(__always)
  static func pick(
    _ best: SIMD8<Float>, _ index: SIMD8<Int32>, _ row: Int, _ labels: UnsafeMutablePointer<Int32>,
    _ scores: UnsafeMutablePointer<Float>?
  ) {
    let minimum = smallest(best)
    labels[row] = smallest(index.replacing(with: .max, where: best .!= SIMD8(repeating: minimum)))
    scores?[row] = minimum
  }

  /// The smallest lane, without branches.
  @inline(__always)
  static func smallest(_ v: SIMD8<Float>) -> Float {
    let low = v.lowHalf
    let high = v.highHalf
    let four = low.replacing(with: high, where: high .< low)
    let two = four.lowHalf.replacing(with: four.highHalf, where: four.highHalf .< four.lowHalf)
    return two[1] < two[0] ? two[1] : two[0]
  }

  /// The smallest lane, without branches.
  @inline(__always)
  static func smallest(_ v: SIMD8<Int32>) -> Int32 {
    let low = v.lowHalf
    let high = v.highHalf
    let four = low.replacing(with: high, where: high .< low)
    let two = four.lowHalf.replacing(with: four.highHalf, where: four.highHalf .< four.lowHalf)
    return two[1] < two[0] ? two[1] : two[0]
  }
}
