import Testing

@testable import SegmentaCore

@Suite("Nearest-centre kernels")
struct CentreTableTests {
  /// Random rows and centres on a coarse grid, so that many partial distances tie exactly.
  static func data(rows: Int, centres k: Int, columns: Int, seed: UInt64) -> (FeatureMatrix, [Float]) {
    var rng = SplitMix64(seed: seed)
    let values = (0..<(rows * columns)).map { _ in Float(Int(rng.next() % 9) - 4) / 2 }
    let matrix = FeatureMatrix(rows: rows, columns: columns, unpadded: values)
    let centres = FeatureMatrix(
      rows: k, columns: columns, unpadded: (0..<(k * columns)).map { _ in Float(Int(rng.next() % 9) - 4) / 2 })
    return (matrix, centres.values)
  }

  /// The partial distances ‖c‖² − 2x·c of row `row` to every centre, in Float64.
  static func partialDistances(_ matrix: FeatureMatrix, _ row: Int, _ centres: [Float], k: Int) -> [Double] {
    (0..<k).map { j in
      var total = 0.0
      for f in 0..<matrix.columns {
        let c = Double(centres[j * matrix.stride + f])
        total += c * c - 2 * Double(matrix[row, f]) * c
      }
      return total
    }
  }

  @Test(
    "assign picks the nearest centre, the lowest index among ties, for any number of rows and centres",
    arguments: [(1, 3), (7, 5), (8, 13), (9, 6), (16, 4), (17, 9), (33, 3)])
  func assignIsNearest(k: Int, columns: Int) {
    let (matrix, centres) = Self.data(rows: 4_099, centres: k, columns: columns, seed: UInt64(k * 100 + columns))
    let labels = KMeans.assign(matrix, centres: centres, k: k)
    for row in 0..<matrix.rows {
      let distances = Self.partialDistances(matrix, row, centres, k: k)
      let best = distances.min() ?? 0
      // Grid values make every partial distance exact in Float32, so ties are exact.
      #expect(labels[row] == Int32(distances.firstIndex(of: best) ?? -1), "row \(row)")
    }
  }

  @Test(
    "nearestTwo gives the nearest centre and the two smallest partial distances of each of four rows",
    arguments: [2, 7, 8, 9, 17])
  func nearestTwoIsNearest(k: Int) {
    let (matrix, centres) = Self.data(rows: 64, centres: k, columns: 6, seed: UInt64(k))
    let table = CentreTable(centres: centres, count: k, columns: matrix.columns, stride: matrix.stride)
    matrix.values.withUnsafeBufferPointer { buffer in
      guard let x = buffer.baseAddress else {
        Issue.record("no rows")
        return
      }
      for start in stride(from: 0, to: matrix.rows, by: 4) {
        let rows = [start, start + 1, start + 2, min(start + 3, start + 1)]  // a repeated row
        let found = table.nearestTwo(
          x + rows[0] * matrix.stride, x + rows[1] * matrix.stride, x + rows[2] * matrix.stride,
          x + rows[3] * matrix.stride)
        for (lane, row) in rows.enumerated() {
          let sorted = Self.partialDistances(matrix, row, centres, k: k).enumerated().sorted {
            $0.element < $1.element || ($0.element == $1.element && $0.offset < $1.offset)
          }
          #expect(found.labels[lane] == Int32(sorted[0].offset), "row \(row)")
          #expect(Double(found.first[lane]) == sorted[0].element, "row \(row)")
          #expect(Double(found.second[lane]) == sorted[1].element, "row \(row)")
        }
      }
    }
  }
}
