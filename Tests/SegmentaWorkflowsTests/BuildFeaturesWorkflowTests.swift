import Foundation
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaStore

@Suite("Build features: finite numbers, explicit periods, no empty or clobbered periods")
struct BuildFeaturesWorkflowTests {
  static let spec = "reference_date: 2024-04-01\nfeatures:\n  - name: spend\n    aggregate: sum\n    of: amount\n"

  static func context(_ directory: TemporaryDirectory) throws -> WorkflowContext {
    let context = try makeContext()
    try importCSV(
      "customer_id,phone\nA,13800001111\nB,13800002222\nC,13800003333\n", into: context, directory: directory)
    return context
  }

  @Test("a sum beyond Double's range is stored as missing and reported; other customers keep their values")
  func overflow() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    let spec = directory.write("f.yaml", Self.spec)
    let events = directory.write(
      "e.csv",
      "customer_id,timestamp,amount\nA,2024-03-01 10:00:00,1e308\nA,2024-03-02 10:00:00,1e308\nB,2024-03-01 10:00:00,5\n"
    )
    let output = try BuildFeaturesWorkflow(specPath: spec, eventPaths: [events]).run(context)
    #expect(output.notes == ["feature 'spend': 1 customer's value overflowed beyond ±1.8e308 and is stored as missing"])
    let table = try store(context).wideTable(period: nil)
    let values = try #require(table.feature(named: "spend")).values
    #expect(values[0].isNaN && values[1] == 5 && values.allSatisfy { !$0.isInfinite })
  }

  @Test("inf and 1e309 in an event measure are refused with the file, line and column; NaN is missing")
  func nonFiniteMeasures() throws {
    for bad in ["inf", "-Infinity", "1e309", "-1e400"] {
      let directory = TemporaryDirectory()
      let context = try Self.context(directory)
      let spec = directory.write("f.yaml", Self.spec)
      let events = directory.write(
        "e.csv", "customer_id,timestamp,amount\nA,2024-03-01 10:00:00,1\nB,2024-03-01 10:00:00,\(bad)\n")
      let error = #expect(throws: SegmentaError.self, "\(bad)") {
        try BuildFeaturesWorkflow(specPath: spec, eventPaths: [events]).run(context)
      }
      #expect(
        error?.code == .invalidData && error?.line == 3 && error?.column == 3, "\(bad): \(String(describing: error))")
      #expect(try store(context).periods().isEmpty)
    }
    // NaN is one of the missing-value words, as pandas writes missing numbers.
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    let spec = directory.write("f.yaml", Self.spec)
    let events = directory.write(
      "e.csv", "customer_id,timestamp,amount\nA,2024-03-01 10:00:00,1\nB,2024-03-01 10:00:00,NaN\n")
    _ = try BuildFeaturesWorkflow(specPath: spec, eventPaths: [events]).run(context)
    let values = try #require(try store(context).wideTable(period: nil).feature(named: "spend")).values
    #expect(values[0] == 1 && values.allSatisfy { !$0.isInfinite })
  }

  @Test("event files without a usable event store no period unless asked")
  func emptyEvents() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    let spec = directory.write("f.yaml", Self.spec)
    let none = directory.write("none.csv", "customer_id,timestamp,amount\n")
    let strangers = directory.write("strangers.csv", "customer_id,timestamp,amount\nZ,2024-03-01 10:00:00,4\n")
    for events in [none, strangers] {
      let error = #expect(throws: SegmentaError.self) {
        try BuildFeaturesWorkflow(specPath: spec, eventPaths: [events]).run(context)
      }
      #expect(error?.code == .insufficientData && error?.message.contains("--allow-empty") == true)
    }
    #expect(try store(context).periods().isEmpty)
    let allowed = try BuildFeaturesWorkflow(specPath: spec, eventPaths: [none], allowEmpty: true).run(context)
    #expect(allowed.period.eventsRead == 0)
    #expect(try store(context).periods().count == 1)
  }

  @Test("--replace of a period a segmentation reads is refused, naming the segmentation")
  func replaceUsedPeriod() throws {
    let directory = TemporaryDirectory()
    let context = try makeSegmentedContext(directory)
    let spec = directory.write("again.yaml", "features:\n  - name: calls_f\n    customer: calls\n")
    let error = #expect(throws: SegmentaError.self) {
      try BuildFeaturesWorkflow(specPath: spec, eventPaths: [], period: "P1", replace: true).run(context)
    }
    #expect(error?.code == .conflict && error?.message.contains("used by segmentation usage") == true)
    #expect(try store(context).wideTable(period: "P1").features.map(\.name) == ["calls_f", "data_f"])
  }

  @Test("a spec that derives a feature from a personal column is refused")
  func personalColumn() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    let spec = directory.write("p.yaml", "features:\n  - name: p\n    customer: phone\n")
    let error = #expect(throws: SegmentaError.self) {
      try BuildFeaturesWorkflow(specPath: spec, eventPaths: []).run(context)
    }
    #expect(error?.code == .invalidSpec && error?.message.contains("holds personal data") == true)
  }

  @Test("the latest period is the one with the latest reference date, not the last built")
  func latestByReferenceDate() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    let events = directory.write(
      "e.csv", "customer_id,timestamp,amount\nA,2024-01-10 10:00:00,1\nB,2024-05-10 10:00:00,2\n")
    let spec = directory.write("f.yaml", "features:\n  - name: spend\n    aggregate: sum\n    of: amount\n")
    _ = try BuildFeaturesWorkflow(specPath: spec, eventPaths: [events], period: "june", asOf: 19_875).run(context)
    _ = try BuildFeaturesWorkflow(specPath: spec, eventPaths: [events], period: "feb", asOf: 19_754).run(context)
    #expect(try store(context).wideTable(period: nil).period.label == "june")
    #expect(try store(context).periods().map(\.label) == ["feb", "june"])
    let check = try CheckRuleWorkflow(rule: "spend > 0", count: true).run(context)
    #expect(check.period == "june" && check.matches == 2)
    #expect(try CheckRuleWorkflow(rule: "spend > 0", period: "feb", count: true).run(context).matches == 1)
  }
}
