import Foundation
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@Suite("Feature histograms: every value in a bin, outliers in the end bins, personal columns never")
struct FeatureHistogramsWorkflowTests {
  @Test("bins span the 1st to the 99th percentile; values outside land in the end bins and are counted")
  func outliers() {
    let values = (0..<100).map(Double.init) + [1000, .nan]
    let histogram = FeatureHistogramsWorkflow.histogram(values, bins: 10, name: "x", source: "feature")
    // numpy: the 1st percentile of 0…99 and 1000 is 1, the 99th is 99.
    #expect(histogram.low == 1 && histogram.high == 99)
    #expect(histogram.below == 1 && histogram.above == 1 && histogram.missing == 1)
    #expect(histogram.counts.count == 10 && histogram.counts.reduce(0, +) == 101)
    // 0 and 1…10.79 fall in the first bin (width 9.8): 0 (below) and 1…10.
    #expect(histogram.counts[0] == 11)
    // 1000 (above) and 90…99.
    #expect(histogram.counts[9] == 11)
  }

  @Test("a constant column has one full bin; an empty one has no range")
  func degenerate() {
    let constant = FeatureHistogramsWorkflow.histogram([5, 5, 5], bins: 4, name: "c", source: "customer")
    #expect(constant.low == 5 && constant.high == 5 && constant.counts == [3, 0, 0, 0])
    let empty = FeatureHistogramsWorkflow.histogram([.nan, .nan], bins: 4, name: "e", source: "customer")
    #expect(empty.low == nil && empty.high == nil && empty.counts == [0, 0, 0, 0] && empty.missing == 2)
  }

  @Test("every feature of the period and every numeric customer column, never a personal one")
  func workspace() throws {
    let directory = TemporaryDirectory()
    let context = try makeSegmentedContext(directory)
    let output = try FeatureHistogramsWorkflow(bins: 8).run(context)
    #expect(output.period == "P1" && output.customers == 90)
    let names = Set(output.histograms.map { "\($0.source)/\($0.name)" })
    #expect(names.isSuperset(of: ["feature/calls_f", "feature/data_f", "customer/calls", "customer/sms"]))
    #expect(!output.histograms.contains { $0.name == "phone" || $0.name == "email" })
    for histogram in output.histograms {
      #expect(histogram.counts.count == 8)
      #expect(histogram.counts.reduce(0, +) + histogram.missing == 90, "\(histogram.name)")
    }
    // The planted calls: 30 customers near each of 10, 50 and 300.
    let calls = try #require(output.histograms.first { $0.name == "calls" })
    #expect(calls.counts.first == 30 && calls.counts.last == 30)
    #expect(calls.summary.count == 90 && calls.label == nil)
    let feature = try #require(output.histograms.first { $0.name == "calls_f" })
    // The feature copies the customer column: the same statistics and bins.
    #expect(feature.label != nil && feature.summary == calls.summary && feature.counts == calls.counts)
    #expect(throws: SegmentaError.self) { try FeatureHistogramsWorkflow(bins: 1).run(context) }
  }
}
