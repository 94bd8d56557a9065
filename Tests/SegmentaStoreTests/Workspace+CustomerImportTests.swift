import SegmentaCore
import Testing

@testable import SegmentaStore

@Suite("Workspace customer import: every row checked first, upsert, all or nothing")
struct WorkspaceCustomerImportTests {
  @Test("new customers are inserted, known ones updated, new columns added; counts add up")
  func upsert() throws {
    let workspace = try Workspace.inMemory()
    let first = try importLines("customer_id,age,city\nA,30,北京\nB,40,上海\n", into: workspace)
    #expect(first.inserted == 2 && first.updated == 0 && first.columns.map(\.type) == [.integer, .text])
    let second = try importLines("customer_id,age,plan\nB,41.5,P88\nC,22,P18\n", into: workspace)
    #expect(second.rowsRead == 2 && second.inserted == 1 && second.updated == 1 && second.customersInWorkspace == 3)
    #expect(second.columns.map(\.added) == [false, true])
    // An integer column widens to decimal when a new value needs it.
    #expect(try workspace.customerColumns().first { $0.name == "age" }?.type == .decimal)
    let keys = try workspace.customerKeys()
    let ages = try #require(try workspace.customerValues(columns: ["age"], keys: keys)["age"])
    #expect(ages.values == [30, 41.5, 22])
    #expect(try workspace.customerText(columns: ["plan"], keys: keys)["plan"] == [nil, "P88", "P18"])
    #expect(try workspace.customerIDs(keys: keys) == ["A", "B", "C"])
  }

  @Test("a bad row stops the import and the workspace is exactly as before")
  func allOrNothing() throws {
    let workspace = try Workspace.inMemory()
    try importLines("customer_id,age\nA,30\n", into: workspace)
    let before = try workspace.contentDump()
    let error = #expect(throws: SegmentaError.self) {
      try importLines("customer_id,age,note\nB,31,x\nC,lots,y\n", into: workspace)
    }
    #expect(error?.code == .invalidData && error?.line == 3 && error?.column == 2 && error?.field == "age")
    #expect(error?.message == "expected a whole number, found 'lots'")
    #expect(try workspace.contentDump() == before)
  }

  @Test("with onError skip, bad rows are passed to reject with their line and reason and the rest is stored")
  func skip() throws {
    let workspace = try Workspace.inMemory()
    var rejected: [RejectedRecord] = []
    let summary = try importLines(
      "customer_id,age\nA,1\nB,2,3\nA,4\n,5\nD,6\n", into: workspace, options: CustomerImportOptions(onError: .skip),
      rejected: { rejected.append($0) })
    #expect(summary.rowsRead == 5 && summary.inserted == 2 && summary.rejected == 3)
    #expect(rejected.map(\.line) == [3, 4, 5])
    #expect(rejected.map(\.text) == ["B,2,3", "A,4", ",5"])
    #expect(
      summary.rejectedByReason == [.wrongFieldCount: 1, .duplicateCustomerID: 1, .missingCustomerID: 1])
    #expect(try workspace.customerIDs(keys: workspace.customerKeys()) == ["A", "D"])
  }

  @Test("reading by key gives the same values a scan gives, for a few customers, all of them and in any order")
  func lookupMatchesScan() throws {
    let workspace = try Workspace.inMemory()
    let count = Workspace.pointLookupLimit + 904
    var lines = "customer_id,spend,plan\n"
    for index in 0..<count { lines += "C\(index),\(index % 7 == 0 ? "" : String(Double(index) / 4)),P\(index % 13)\n" }
    try importLines(lines, into: workspace)
    let keys = try workspace.customerKeys()
    #expect(keys.count > Workspace.pointLookupLimit)
    let scanned = try #require(try workspace.customerValues(columns: ["spend"], keys: keys)["spend"]).values
    let plans = try #require(try workspace.customerText(columns: ["plan"], keys: keys)["plan"])
    // A few keys, out of order and with one unknown key: looked up one by one.
    let picked: [Int] = [4_000, 3, 0, 4_999, 7, 2_500]
    let few = picked.map { keys[$0] } + [Int64.max]
    let values = try #require(try workspace.customerValues(columns: ["spend"], keys: few)["spend"]).values
    let same = values.prefix(picked.count).elementsEqual(picked.map { scanned[$0] }) {
      $0 == $1 || ($0.isNaN && $1.isNaN)
    }
    #expect(same)
    #expect(values.last!.isNaN)
    #expect(try workspace.customerText(columns: ["plan"], keys: few)["plan"] == picked.map { plans[$0] } + [nil])
    #expect(scanned[7].isNaN && scanned[3] == 0.75 && plans[14] == "P1")
  }
}
