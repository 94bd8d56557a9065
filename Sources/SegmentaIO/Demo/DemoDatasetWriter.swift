import Dispatch
import Foundation
import SegmentaCore

/// Writes the demo dataset as CSV files: `customers.csv`, `calls.csv`, `messages.csv`, `data.csv`,
/// the planted groups in `truth.csv` (not imported; used to score segmentations) and the shipped
/// `features.yaml`.
package enum DemoDatasetWriter {
  /// What was written.
  package struct Report: Sendable, Codable, Equatable {
    /// Customers written.
    package var customers: Int
    /// Event rows written per file name.
    package var events: [String: Int]
    /// Customers per planted group code.
    package var groupSizes: [String: Int]
    /// Paths of the files.
    package var files: [String]
  }

  /// The event files and the kinds each holds.
  package static let eventFiles: [(name: String, kinds: Set<DemoGenerator.EventKind>)] = [
    ("calls.csv", [.call, .ipCall, .hotline, .forward]),
    ("messages.csv", [.sms, .vasSMS]),
    ("data.csv", [.data]),
  ]

  /// Generates and writes everything into `directory`; `progress` receives customers done.
  package static func write(
    _ generator: DemoGenerator, to directory: String, progress: (Int, Int) -> Void = { _, _ in }
  ) throws -> Report {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
    let customers = try CSVWriter(
      path: path("customers.csv"),
      header: [
        "customer_id", "gender", "age", "city", "brand", "plan_code", "start_date", "arpu", "phone", "email",
        "sms_opt_out", "call_opt_out", "email_opt_out", "churned",
      ])
    let truth = try CSVWriter(path: path("truth.csv"), header: ["customer_id", "planted_group", "group_name"])
    let calls = try CSVWriter(
      path: path("calls.csv"),
      header: ["customer_id", "timestamp", "event_type", "duration", "party", "party_network", "scope", "roaming"])
    let messages = try CSVWriter(
      path: path("messages.csv"),
      header: ["customer_id", "timestamp", "event_type", "party", "party_network", "length", "fee"])
    let data = try CSVWriter(
      path: path("data.csv"), header: ["customer_id", "timestamp", "event_type", "service", "bytes", "duration"])

    var groupSizes: [String: Int] = [:]
    // Customers are generated in parallel blocks (each customer has its own random stream) and
    // written in order.
    let block = 2048
    var index = 0
    while index < generator.customerCount {
      let count = min(block, generator.customerCount - index)
      let start = index
      let generated = ParallelBlocks.map(count: count) { offset -> (DemoGenerator.Customer, [DemoGenerator.Event]) in
        var events: [DemoGenerator.Event] = []
        generator.events(of: start + offset, into: &events)
        return (generator.customer(start + offset), events)
      }
      for (offset, (customer, events)) in generated.enumerated() {
        let group = DemoGroup.all[customer.group]
        groupSizes[group.code, default: 0] += 1
        customers.field(customer.id)
        customers.field(customer.gender)
        customers.field(Int64(customer.age))
        customers.field(customer.city)
        customers.field(customer.brand)
        customers.field(customer.plan)
        customers.field(CivilDate.isoString(days: customer.startDay))
        customers.field(customer.arpu, decimals: 2)
        customers.field(customer.phone)
        if let email = customer.email { customers.field(email) } else { customers.emptyField() }
        customers.field(customer.smsOptOut ? "yes" : "no")
        customers.field(customer.callOptOut ? "yes" : "no")
        customers.field(customer.emailOptOut ? "yes" : "no")
        customers.field(Int64(generator.churned(customer, index: start + offset) ? 1 : 0))
        try customers.endRecord()
        truth.field(customer.id)
        truth.field(group.code)
        truth.field(group.nameEN)
        try truth.endRecord()
        try writeEvents(events, of: customer.id, calls: calls, messages: messages, data: data)
      }
      index += count
      progress(index, generator.customerCount)
    }
    let eventCounts = ["calls.csv": calls.rowCount, "messages.csv": messages.rowCount, "data.csv": data.rowCount]
    for writer in [customers, truth, calls, messages, data] { try writer.close() }
    let specPath = path("features.yaml")
    try TextOutput.write(DemoSpecs.featuresYAML, to: .file(specPath))
    return Report(
      customers: generator.customerCount, events: eventCounts, groupSizes: groupSizes,
      files: ["customers.csv", "calls.csv", "messages.csv", "data.csv", "truth.csv", "features.yaml"].map(path))
  }

  /// Writes `events` of customer `id` to the call, message and data files by kind.
  static func writeEvents(
    _ events: [DemoGenerator.Event], of id: String, calls: CSVWriter, messages: CSVWriter, data: CSVWriter
  ) throws {
    for event in events {
      switch event.kind {
      case .call, .ipCall, .hotline, .forward:
        calls.field(id)
        calls.timestampField(event.second)
        calls.field(event.kind.rawValue)
        calls.field(Int64(event.duration ?? 0))
        calls.field(event.party ?? 0)
        calls.field(event.network ?? "")
        calls.field(event.scope ?? "")
        calls.field(event.roaming ?? "")
        try calls.endRecord()
      case .sms, .vasSMS:
        messages.field(id)
        messages.timestampField(event.second)
        messages.field(event.kind.rawValue)
        messages.field(event.party ?? 0)
        messages.field(event.network ?? "")
        messages.field(Int64(event.length ?? 0))
        if let fee = event.fee { messages.field(fee, decimals: 2) } else { messages.emptyField() }
        try messages.endRecord()
      case .data:
        data.field(id)
        data.timestampField(event.second)
        data.field(event.kind.rawValue)
        data.field(event.service ?? "")
        data.field(Int64(event.bytes ?? 0))
        data.field(Int64(event.duration ?? 0))
        try data.endRecord()
      }
    }
  }
}
