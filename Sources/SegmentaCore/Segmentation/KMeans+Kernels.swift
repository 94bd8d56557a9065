// Per-row distance kernels on padded rows (`stride` a multiple of 8). The nearest-centre kernels
// that compare a row with every centre live in ``CentreTable``.
extension KMeans {
  /// ‖x − c‖ in Float32, nudged up by a relative 1e-5 so that it bounds the exact distance from
  /// above.
  @inline(__always)
  static func exactDistance(_ x: UnsafePointer<Float>, _ c: UnsafePointer<Float>, _ stride: Int) -> Float {
    squaredDistance(x, c, stride).squareRoot() * (1 + 1e-5)
  }

  /// ‖x − y‖² of two padded rows (`stride` a multiple of 8), in Float32.
  @inline(__always)
  static func squaredDistance(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ stride: Int) -> Float {
    var accumulator = SIMD8<Float>.zero
    var f = 0
    while f < stride {
      let d =
        UnsafeRawPointer(x + f).loadUnaligned(as: SIMD8<Float>.self)
        - UnsafeRawPointer(y + f).loadUnaligned(as: SIMD8<Float>.self)
      accumulator.addProduct(d, d)
      f += 8
    }
    return accumulator.sum()
  }

  /// Adds (`sign` 1) or subtracts (`sign` −1) a padded Float32 row into Float64 sums.
  @inline(__always)
  static func add(_ source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Double>, _ stride: Int, sign: Double)
  {
    var f = 0
    let factor = SIMD4<Double>(repeating: sign)
    while f < stride {
      let v = UnsafeRawPointer(source + f).loadUnaligned(as: SIMD8<Float>.self)
      let low = SIMD4<Double>(SIMD4<Float>(v[0], v[1], v[2], v[3]))
      let high = SIMD4<Double>(SIMD4<Float>(v[4], v[5], v[6], v[7]))
      let t = UnsafeMutableRawPointer(target + f)
      t.storeBytes(of: t.loadUnaligned(as: SIMD4<Double>.self) + factor * low, as: SIMD4<Double>.self)
      (t + 32).storeBytes(of: (t + 32).loadUnaligned(as: SIMD4<Double>.self) + factor * high, as: SIMD4<Double>.self)
      f += 8
    }
  }
}
