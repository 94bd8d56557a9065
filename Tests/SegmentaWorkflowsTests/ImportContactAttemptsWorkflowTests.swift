import Foundation
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaStore

@Suite("Contact attempts: statuses from attempts; importing a file again changes nothing")
struct ImportContactAttemptsWorkflowTests {
  @Test("the same attempts imported twice are stored once and leave the statuses as they were")
  func idempotent() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    try importCSV("customer_id,plan\nA,P1\nB,P2\n", into: context, directory: directory)
    var lines = ["customer_id,method,attempted_at,success"]
    for (day, method) in ["phone", "email", "sms", "phone", "email", "sms", "phone", "email", "sms"].enumerated() {
      lines.append("A,\(method),2024-01-0\(day + 1),no")
    }
    lines.append("B,phone,2024-01-01,no")
    lines.append("B,phone,2024-01-01,no")  // the same attempt twice in one file
    let path = directory.write("attempts.csv", lines.joined(separator: "\n") + "\n")
    let first = try ImportContactAttemptsWorkflow(path: path).run(context)
    #expect(first.stored == 10 && first.alreadyStored == 1 && first.statuses == [.dormant: 1])
    let second = try ImportContactAttemptsWorkflow(path: path).run(context)
    #expect(second.stored == 0 && second.alreadyStored == 11 && second.statuses == first.statuses)
    #expect(try store(context).contactAttempts().count == 10)
    let status = try ContactStatusWorkflow(list: .dormant).run(context)
    #expect(status.dormant == 1 && status.customers == ["A"])
  }
}
