import Foundation
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaStore

@Suite("Import a wide table made elsewhere: stored as a period with the checks of a build")
struct ImportFeaturesWorkflowTests {
  static let spec = """
    reference_date: 2024-04-01
    features:
      - name: spend
        aggregate: sum
        of: amount
      - name: top_category
        aggregate: mode
        of: category
        categories: [apparel, beauty]
    """

  static func context(_ directory: TemporaryDirectory) throws -> WorkflowContext {
    let context = try makeContext()
    try importCSV("customer_id,city\nA,x\nB,y\nC,z\n", into: context, directory: directory)
    return context
  }

  @Test("rows in any order are stored in the workspace's customer order, codes and missing values kept")
  func stored() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    let spec = directory.write("f.yaml", Self.spec)
    let file = directory.write("w.csv", "top_category,customer_id,spend\n1,C,2.5\n,A,1e3\n")
    let output = try ImportFeaturesWorkflow(specPath: spec, input: file, period: "P1").run(context)
    #expect(output.rows == 2 && output.features == ["spend", "top_category"])
    #expect(output.period.label == "P1" && output.period.referenceDate == "2024-04-01")
    let table = try store(context).wideTable(period: "P1")
    #expect(try store(context).customerIDs(keys: table.customerKeys) == ["A", "C"])
    #expect(table.feature(named: "spend")?.values == [1000, 2.5])
    let codes = try #require(table.feature(named: "top_category"))
    #expect(codes.values[0].isNaN && codes.values[1] == 1)
    #expect(codes.categories == ["apparel", "beauty", "other"])
    // An existing period is kept unless replaced.
    let again = #expect(throws: SegmentaError.self) {
      try ImportFeaturesWorkflow(specPath: spec, input: file, period: "P1").run(context)
    }
    #expect(again?.code == .conflict)
    _ = try ImportFeaturesWorkflow(specPath: spec, input: file, period: "P1", replace: true).run(context)
  }

  @Test(
    "unknown customers, repeated rows, bad numbers and codes are named by line and column; nothing is stored",
    arguments: [
      ("customer_id,spend,top_category\nA,1,0\nZ,2,0\n", 3, 1, "not in the workspace"),
      ("customer_id,spend,top_category\nA,1,0\nA,2,0\n", 3, 1, "first on line 2"),
      ("customer_id,spend,top_category\nA,1,0\nB,x1,0\n", 3, 2, "expected a number, found 'x1'"),
      ("customer_id,spend,top_category\nA,1,3\n", 2, 3, "category code 0–2"),
      ("customer_id,spend,top_category\nA,1,0.5\n", 2, 3, "category code 0–2"),
      ("customer_id,spend\nA,1\n", 1, nil, "top_category has no column"),
      ("customer_id,spend,top_category,extra\nA,1,0,2\n", 1, 4, "not a feature of the spec"),
    ] as [(String, Int, Int?, String)])
  func refused(file text: String, line: Int, column: Int?, words: String) throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    let spec = directory.write("f.yaml", Self.spec)
    let file = directory.write("w.csv", text)
    let error = #expect(throws: SegmentaError.self) {
      try ImportFeaturesWorkflow(specPath: spec, input: file, period: "P1").run(context)
    }
    #expect(error?.file == file && error?.line == line && error?.column == column, "\(String(describing: error))")
    #expect(error?.message.contains(words) == true, "\(String(describing: error?.message))")
    #expect(try store(context).periods().isEmpty)
  }

  @Test("as a job: stored as the import stores it; an error names the user's file and spec, not the stored copies")
  func job() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    let spec = directory.write("upload-1.data", Self.spec)
    let good = directory.write("upload-2.data", "customer_id,spend,top_category\nB,4,0\nA,1,\n")
    var request = ImportFeaturesRequest(specPath: spec, path: good, fileName: "wide.csv")
    request.specName = "features.yaml"
    request.period = "P2"
    #expect(JobRequest.importFeatures(request).kind == "import_features")
    #expect(JobRequest.importFeatures(request).permission == .importData)
    #expect(JobRequest.importFeatures(request).title == "import the wide table wide.csv as P2")
    let json = try JobRequest.importFeatures(request).run(context)
    #expect(json.contains("\"rows\" : 2") || json.contains("\"rows\":2"), "\(json)")
    #expect(try store(context).wideTable(period: "P2").feature(named: "spend")?.values == [1, 4])

    request.path = directory.write("upload-3.data", "customer_id,spend,top_category\nA,1,0\nB,x1,0\n")
    request.period = "P3"
    let error = #expect(throws: SegmentaError.self) { try JobRequest.importFeatures(request).run(context) }
    #expect(error?.file == "wide.csv" && error?.line == 3 && error?.column == 2, "\(String(describing: error))")
    #expect(error?.description.hasPrefix("wide.csv:3: column 2 'spend': expected a number") == true)
    request.path = directory.write("upload-4.data", "customer_id,spend,top_category,extra\nA,1,0,2\n")
    let extra = #expect(throws: SegmentaError.self) { try JobRequest.importFeatures(request).run(context) }
    #expect(
      extra?.message == "column 'extra' is not a feature of the spec features.yaml", "\(String(describing: extra))")
    #expect(try store(context).periods().map(\.label) == ["P2"])
    request.delimiter = "ab"
    let delimiter = #expect(throws: SegmentaError.self) { try JobRequest.importFeatures(request).check() }
    #expect(delimiter?.field == "delimiter")
  }
}
