import Foundation
import SegmentaCore
import Testing

@testable import SegmentaStore

/// Times `customerValues` for every numeric column of every customer of the workspace named by
/// `SEGMENTA_READ_BENCHMARK` (skipped without it); `scripts/bench/columnar.sh` runs it in a release
/// build and prints the figure.
@Suite("Customer read benchmark")
struct CustomerReadBenchmarkTests {
  static let workspacePath = ProcessInfo.processInfo.environment["SEGMENTA_READ_BENCHMARK"]

  @Test(
    "reading every numeric customer column of every customer into arrays",
    .enabled(if: workspacePath != nil))
  func readEveryNumericColumn() throws {
    let workspace = try Workspace.open(at: try #require(Self.workspacePath), for: .read)
    let names = try workspace.customerColumns().filter { $0.type != .text }.map(\.name)
    let keys = try workspace.customerKeys()
    var seconds: [Double] = []
    var checksum = 0.0
    for _ in 0..<6 {
      let started = ContinuousClock.now
      let values = try workspace.customerValues(columns: names, keys: keys)
      let elapsed = ContinuousClock.now - started
      seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
      checksum = names.reduce(0) { sum, name in
        sum + (values[name]?.values ?? []).reduce(0) { $1.isNaN ? $0 : $0 + $1 }
      }
      #expect(values.count == names.count && values.values.allSatisfy { $0.values.count == keys.count })
    }
    // The first read also pays for opening the file; the median of the others is the figure.
    let median = seconds.dropFirst().sorted()[seconds.count / 2 - 1]
    print(
      "customer read: \(names.count) columns × \(keys.count) customers in \(String(format: "%.3f", median)) s "
        + "(median of \(seconds.count - 1); first \(String(format: "%.3f", seconds[0])) s); checksum \(checksum)")
  }
}
