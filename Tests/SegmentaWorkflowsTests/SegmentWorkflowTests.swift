import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaStore

@Suite("Segment: fit, name, store and report without reloading")
struct SegmentWorkflowTests {
  static func segment(_ context: WorkflowContext, name: String = "usage", k: Int? = 3) throws -> SegmentWorkflow.Output
  {
    var options = SegmentationOptions(seed: 5)
    options.k = k
    options.kRange = 2...5
    return try SegmentWorkflow(name: name, features: .named(["calls", "sms", "data"]), options: options).run(context)
  }

  @Test("the planted groups are found; the output's names are the stored display names; versions count up")
  func segments() throws {
    let directory = TemporaryDirectory()
    let progress = RecordingProgress()
    let context = WorkflowContext(workspace: try Workspace.inMemory(), progress: progress, user: "tester")
    try importCSV(plantedCustomersCSV(count: 300), into: context, directory: directory)
    let first = try Self.segment(context)
    #expect(first.version == 1 && first.k == 3 && first.segments == 3 && first.customers == 300)
    #expect(first.sizes == [100, 100, 100] && first.period == nil)
    #expect(first.silhouette > 0.9 && first.rating == .good)
    let stored = try store(context).segmentation(named: "usage")
    #expect(first.names == stored.displayNames)
    #expect(first.names.count == 3 && Set(first.names.map(\.en)).count == 3)
    // Each planted group is one segment.
    let ids = try store(context).customerIDs(keys: stored.customerKeys)
    for (row, id) in ids.enumerated() {
      let group = (Int(id.dropFirst()) ?? 0) % 3
      let peer = ids.indices.first { (Int(ids[$0].dropFirst()) ?? 0) % 3 == group } ?? 0
      #expect(stored.groups[row] == stored.groups[peer])
    }
    let stages = progress.recorded.filter { $0.step == "segmenting" }.map(\.detail)
    #expect(stages.first == "loading features" && stages.suffix(2) == ["naming segments", "saving"])
    // Reading the features happens within the stages, and takes part of their time.
    #expect(first.readSeconds > 0 && first.readSeconds <= first.stages.reduce(0) { $0 + $1.seconds })

    let again = try Self.segment(context)
    #expect(again.version == 2 && again.inertia == first.inertia && again.names == first.names)
    let automatic = try Self.segment(context, name: "auto", k: nil)
    #expect(automatic.k == 3 && automatic.kTable.map(\.k) == [2, 3, 4, 5])
  }

  @Test("bad requests fail with a code: a name with spaces, an unknown feature, no customers")
  func refusals() throws {
    let empty = try makeContext()
    #expect(try #require(#expect(throws: SegmentaError.self) { try Self.segment(empty) }).code == .missingPrerequisite)
    let directory = TemporaryDirectory()
    let context = try makeContext()
    try importCSV(plantedCustomersCSV(count: 30), into: context, directory: directory)
    let named = #expect(throws: SegmentaError.self) { try Self.segment(context, name: "two words") }
    #expect(named?.code == .invalidRequest && named?.message.hasPrefix("a segmentation name must be one word") == true)
    let unknown = #expect(throws: SegmentaError.self) {
      try SegmentWorkflow(name: "x", features: .named(["calls", "nope"]), options: SegmentationOptions()).run(context)
    }
    #expect(unknown?.code == .notFound)
    #expect(
      unknown?.message.hasPrefix("'nope' is neither a feature of period (none) nor a numeric customer column") == true)
    let twice = #expect(throws: SegmentaError.self) {
      try SegmentWorkflow(name: "x", features: .named(["calls", "calls"]), options: SegmentationOptions()).run(context)
    }
    #expect(twice?.code == .invalidRequest)
    #expect(try store(context).segmentations().isEmpty)
  }

  @Test("rename sets one language or both, and the name is found by rules")
  func rename() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    try importCSV(plantedCustomersCSV(count: 60), into: context, directory: directory)
    let segmented = try Self.segment(context)
    let both = try RenameSegmentWorkflow(name: "usage", segment: 2, label: " 商务客户 ").run(context)
    #expect(both.name == FeatureLabel(zh: "商务客户", en: "商务客户") && both.version == 1)
    let english = try RenameSegmentWorkflow(name: "usage", segment: 2, label: "Business", language: .en).run(context)
    #expect(english.name == FeatureLabel(zh: "商务客户", en: "Business"))
    let chinese = try RenameSegmentWorkflow(name: "usage", segment: 1, label: "大客户", language: .zh).run(context)
    #expect(chinese.name == FeatureLabel(zh: "大客户", en: segmented.names[0].en))
    let check = try CheckRuleWorkflow(rule: "segment(usage) = \"Business\"", count: true).run(context)
    #expect(check.valid && check.matches == segmented.sizes[1])
    let missing = #expect(throws: SegmentaError.self) {
      try RenameSegmentWorkflow(name: "usage", segment: 9, label: "x").run(context)
    }
    #expect(missing?.code == .notFound && missing?.message == "segmentation 'usage' has segments 1 to 3, not 9")
    let empty = #expect(throws: SegmentaError.self) {
      try RenameSegmentWorkflow(name: "usage", segment: 1, label: "  ").run(context)
    }
    #expect(empty?.code == .invalidRequest)
  }

  @Test("a name written 中文 / English sets the two languages; the list shows every version, latest marked")
  func namesAndVersions() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    try importCSV(plantedCustomersCSV(count: 60), into: context, directory: directory)
    _ = try Self.segment(context)
    _ = try Self.segment(context)
    let renamed = try RenameSegmentWorkflow(name: "usage", segment: 1, label: "商务客户 / Business").run(context)
    #expect(renamed.name == FeatureLabel(zh: "商务客户", en: "Business") && renamed.version == 2)
    for rule in ["segment(usage) = \"商务客户\"", "segment(usage) = \"Business\"", "segment(usage) = \"商务客户 / Business\""] {
      #expect(try CheckRuleWorkflow(rule: rule, count: true).run(context).matches == 20, "\(rule)")
    }
    let oneSided = #expect(throws: SegmentaError.self) {
      try RenameSegmentWorkflow(name: "usage", segment: 1, label: "商务客户 / ").run(context)
    }
    #expect(oneSided?.code == .invalidRequest)
    let versions = try ListSegmentationsWorkflow().run(context)
    #expect(versions.map(\.version) == [1, 2] && versions.map(\.latest) == [false, true])
    #expect(versions.allSatisfy { $0.customers == 60 && $0.k == 3 })
    #expect(try ListSegmentationsWorkflow(latestOnly: true).run(context).map(\.version) == [2])
  }

  @Test("a feature with one value for everyone is left out with a note, and the model leaves it out too")
  func constantFeature() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    let lines = plantedCustomersCSV(count: 60).split(separator: "\n").enumerated().map { index, line in
      index == 0 ? "\(line),flat" : "\(line),7"
    }
    try importCSV(lines.joined(separator: "\n") + "\n", into: context, directory: directory)
    var options = SegmentationOptions(k: 3, seed: 5)
    options.preprocessing.winsorize = nil
    let output = try SegmentWorkflow(name: "f", features: .named(["calls", "flat"]), options: options).run(context)
    #expect(
      output.notes.contains("feature 'flat' holds one value for every customer after preprocessing (or none); left out")
    )
    #expect(output.preprocessing.map(\.name) == ["calls"])
    #expect(try store(context).segmentation(named: "f").model.features.map(\.name) == ["calls"])
    let none = #expect(throws: SegmentaError.self) {
      try SegmentWorkflow(name: "g", features: .named(["flat"]), options: options).run(context)
    }
    #expect(none?.code == .insufficientData && none?.message.hasPrefix("no feature varies: flat") == true)
  }

  @Test("method som: the map's units are merged into the planted groups; the model keeps the grid and errors")
  func selfOrganizingMap() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    try importCSV(plantedCustomersCSV(count: 300), into: context, directory: directory)
    var request = SegmentRequest(name: "map")
    request.method = "som"
    request.grid = "4x5"
    request.groups = 3
    request.features = "calls,sms,data"
    let output = try request.workflow().run(context)
    #expect(output.method == "som" && output.k == 20 && output.segments == 3 && output.sizes == [100, 100, 100])
    #expect(output.grid == "4x5" && output.clusterSizes.count == 20)
    let quantization = try #require(output.quantizationError)
    #expect(quantization > 0 && (output.topographicError ?? -1) >= 0)
    let stored = try store(context).segmentation(named: "map")
    #expect(stored.model.method == "som" && stored.model.map?.rows == 4 && stored.model.map?.columns == 5)
    #expect(stored.model.map?.quantizationError == quantization)
    #expect(stored.model.options.map == SelfOrganizingMapOptions(rows: 4, columns: 5))
    // The stored model scores the customers into the units and segments they were given.
    let report = try ProfileWorkflow(name: "map", format: .html).run(context)
    #expect(report.report.map?.unifiedDistances.count == 20 && report.report.map?.components.count == 3)
    #expect(report.text.contains("U-matrix") && report.text.contains("Topographic error"))
    let json = try ProfileWorkflow(name: "map", format: .json).run(context).text
    #expect(json.contains("\"quantization_error\"") && json.contains("\"unified_distances\""))
    // A k-means segmentation has no map, in its output or its report.
    let kmeans = try Self.segment(context, name: "plain")
    #expect(kmeans.grid == nil && kmeans.quantizationError == nil && kmeans.topographicError == nil)
    #expect(try ProfileWorkflow(name: "plain", format: .html).run(context).text.contains("U-matrix") == false)
  }

  @Test("method kprototypes: numeric features and a categorical column; γ, cost and modes are stored and reported")
  func kPrototypes() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    try importCSV(plantedCustomersCSV(count: 300), into: context, directory: directory)
    var request = SegmentRequest(name: "mixed")
    request.method = "kprototypes"
    request.categorical = "city"
    request.features = "calls,sms,data"
    request.k = "3"
    let output = try request.workflow().run(context)
    #expect(output.method == "kprototypes" && output.k == 3 && output.sizes == [100, 100, 100])
    #expect(output.categorical == ["city"] && Set(output.modes?.map { $0[0] } ?? []) == ["北京", "上海", "深圳"])
    let gamma = try #require(output.gamma)
    #expect(gamma > 0 && (output.cost ?? -1) >= 0 && output.cost == output.inertia)
    let stored = try store(context).segmentation(named: "mixed")
    #expect(stored.model.method == "kprototypes" && stored.model.prototypes?.gamma == gamma)
    #expect(stored.model.options.prototypes == KPrototypesSettings(categorical: ["city"]))
    // The profile shows γ, the cost and the modes, and the city's top values per segment.
    let report = try ProfileWorkflow(name: "mixed", format: .html).run(context)
    #expect(report.report.prototypes?.columns == ["city"] && report.report.prototypes?.clusters.count == 3)
    #expect(report.text.contains("Categorical modes") && report.text.contains("γ (gamma)"))
    #expect(report.report.cards.allSatisfy { card in card.profile.categories.first?.top.first?.share == 1 })
    // Refreshing scores the customers with the mixed distance: each keeps its segment.
    let refreshed = try RefreshSegmentationWorkflow(name: "mixed").run(context)
    #expect(refreshed.version == 2)
    let again = try store(context).segmentation(named: "mixed")
    #expect(again.groups == stored.groups)
    // Assigning new customers reads the categorical column too: each planted group's customer gets its own
    // segment, and a file without the column is refused naming it.
    let input = directory.write(
      "new.csv", "customer_id,calls,sms,data,city\nN1,10,200,5,北京\nN2,300,10,50,上海\nN3,50,40,900,深圳\n")
    let assigned = try AssignSegmentsWorkflow(name: "mixed", input: input, out: directory.file("a.csv")).run(context)
    #expect(assigned.rows == 3 && assigned.segmentCounts.count == 3)
    let noCity = directory.write("nocity.csv", "customer_id,calls,sms,data\nN1,10,200,5\n")
    let refused = #expect(throws: (any Error).self) {
      try AssignSegmentsWorkflow(name: "mixed", input: noCity, out: directory.file("b.csv")).run(context)
    }
    #expect("\(refused.map { "\($0)" } ?? "")".contains("city"))
    // A given γ is kept; stability refuses k-prototypes clearly.
    request.gamma = "2.5"
    #expect(try request.workflow().run(context).gamma == 2.5)
    let stability = #expect(throws: SegmentaError.self) { try SegmentStabilityWorkflow(name: "mixed").run(context) }
    #expect(stability?.message.contains("k-prototypes") == true)
  }

  @Test("kprototypes requests are checked: categorical columns needed, unknown columns named, γ positive")
  func kPrototypesRefusals() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    try importCSV(plantedCustomersCSV(count: 30), into: context, directory: directory)
    var request = SegmentRequest(name: "mixed")
    request.method = "kprototypes"
    #expect(throws: SegmentaError.self) { try request.workflow() }
    request.categorical = "city,brandx"
    let unknown = #expect(throws: SegmentaError.self) { try request.workflow().run(context) }
    #expect(unknown?.code == .notFound && unknown?.message.contains("'brandx'") == true)
    request.categorical = "city"
    request.gamma = "-1"
    #expect(try #require(#expect(throws: SegmentaError.self) { try request.workflow() }).field == "gamma")
    var kmeans = SegmentRequest(name: "plain")
    kmeans.categorical = "city"
    #expect(try #require(#expect(throws: SegmentaError.self) { try kmeans.workflow() }).field == "categorical")
  }
}
