import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@Suite("Assign: new customers to stored segments, with the stored preprocessing")
struct AssignSegmentsWorkflowTests {
  @Test("new customers get the segment their planted group has; numbers that are not finite are refused, located")
  func assigns() throws {
    let directory = TemporaryDirectory()
    let context = try makeSegmentedContext(directory)
    let input = directory.write(
      "new.csv", "customer_id,calls,sms,data\nN1,10,200,5\nN2,300,10,50\nN3,50,40,900\nN4,,40,900\n")
    let out = directory.file("assigned.csv")
    let report = try AssignSegmentsWorkflow(name: "usage", input: input, out: out).run(context)
    #expect(report.rows == 4 && report.segmentCounts.values.reduce(0, +) == 4)
    let reader = try CSVReader(path: out)
    var segments: [String] = []
    while try reader.next() { segments.append(reader.string(at: 1)) }
    #expect(Set(segments.prefix(3)).count == 3 && segments[3] == segments[2])
    for bad in ["inf", "1e309", "-Infinity"] {
      let file = directory.write("bad.csv", "customer_id,calls,sms,data\nN1,10,200,5\nN2,\(bad),10,50\n")
      let error = #expect(throws: SegmentaError.self) {
        try AssignSegmentsWorkflow(name: "usage", input: file, out: directory.file("b.csv")).run(context)
      }
      #expect(error?.line == 3 && error?.column == 2 && error?.message == "expected a number, found '\(bad)'")
    }
  }
}
