import Foundation
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@Suite("File preview: header, first rows, types as the import infers them, personal values masked")
struct PreviewFileWorkflowTests {
  /// 30 customers with a phone, an e-mail, a number, a date, a flag and a code with leading zeros.
  static let csv: String = {
    var lines = ["customer_id,mobile,contact,age,joined,email_opt_out,area_code,city"]
    for i in 0..<30 {
      lines.append(
        "C\(i),1390000\(String(format: "%04d", i)),p\(i)@example.org,\(20 + i),2024-01-\(String(format: "%02d", i % 28 + 1)),"
          + "\(i % 2 == 0 ? "yes" : "no"),0\(571 + i % 3),杭州")
    }
    return lines.joined(separator: "\n") + "\n"
  }()

  @Test("types are inferred, personal columns found by name and by shape, and their values masked")
  func preview() throws {
    let directory = TemporaryDirectory()
    let path = directory.write("customers.csv", Self.csv)
    let output = try PreviewFileWorkflow(path: path).run(makeContext())
    #expect(
      output.header == ["customer_id", "mobile", "contact", "age", "joined", "email_opt_out", "area_code", "city"])
    let types = Dictionary(uniqueKeysWithValues: output.columns.map { ($0.name, $0.type) })
    #expect(types["age"] == .integer && types["joined"] == .date && types["email_opt_out"] == .boolean)
    #expect(types["area_code"] == .text && types["city"] == .text && types["customer_id"] == .text)
    #expect(output.columns.filter(\.personal).map(\.name) == ["mobile", "contact"])
    #expect(output.columns.first { $0.name == "contact" }?.shape == .email)
    #expect(output.columns.first { $0.name == "customer_id" }?.id == true)
    #expect(output.rows.count == 20 && output.rowsSampled == 30 && !output.truncated)
    #expect(output.rows[3] == ["C3", "***", "***", "23", "2024-01-04", "no", "0571", "杭州"])
    for row in output.rows {
      #expect(!row.contains { $0.contains("139000") || $0.contains("@example.org") })
    }
  }

  @Test("a column the workspace holds keeps its type and flag; the sample can be cut short")
  func workspaceColumns() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    try importCSV("customer_id,age\nA,1.5\nB,2\n", into: context, directory: directory, name: "first.csv")
    let path = directory.write("customers.csv", Self.csv)
    let output = try PreviewFileWorkflow(path: path, rows: 5, sampleRows: 10).run(context)
    let age = try #require(output.columns.first { $0.name == "age" })
    #expect(age.type == .decimal && age.source == "workspace")
    #expect(output.rows.count == 5 && output.rowsSampled == 10 && output.truncated)
  }

  @Test("a bad delimiter is refused; a semicolon file reads with its delimiter")
  func delimiters() throws {
    let directory = TemporaryDirectory()
    let path = directory.write("semi.csv", "customer_id;phone\nA;13800001111\n")
    let refused = #expect(throws: SegmentaError.self) {
      try PreviewFileWorkflow(path: path, delimiter: "ab").run(makeContext())
    }
    #expect(refused?.code == .invalidRequest && refused?.field == "delimiter")
    let output = try PreviewFileWorkflow(path: path, delimiter: "semicolon").run(makeContext())
    #expect(output.header == ["customer_id", "phone"] && output.rows == [["A", "***"]])
    let missing = #expect(throws: SegmentaError.self) {
      try PreviewFileWorkflow(path: path, delimiter: ";", idColumn: "id").run(makeContext())
    }
    #expect(missing?.code == .notFound && missing?.field == "id_column")
  }
}
