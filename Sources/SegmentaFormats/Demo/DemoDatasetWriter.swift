import Dispatch
import Foundation
import SegmentaCore

/// Writes the demo dataset as CSV files: `customers.csv`, `calls.csv`, `messages.csv`, `data.csv`,
/// the planted groups in `truth.csv` (not imported; used to score segmentations) and the shipped
/// `features.yaml`.
public enum DemoDatasetWriter {
  /// What was written.
  public struct Report: Sendable, Codable, Equatable {
    /// Customers written.
    public var customers: Int
    /// Event rows written per file name.
    public var events: [String: Int]
    /// Customers per planted group code.
    public var groupSizes: [String: Int]
    /// Paths of the files.
    public var files: [String]
  }

  /// The event files and the kinds each holds.
  public static let eventFiles: [(name: String, kinds: Set<DemoGenerator.EventKind>)] = [
    ("calls.csv", [.call, .ipCall, .hotline, .forward]),
    ("messages.csv", [.sms, .vasSMS]),
    ("data.csv", [.data]),
  ]

  /// Generates and writes everything into `directory`; `progress` receives customers done.
  public static func write(
    _ generator: DemoGenerator, to directory: String, progress: (Int, Int) -> Void = { _, _ in }
  ) throws -> Report {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
    let customers = try CSVWriter(
      path: path("customers.csv"),
      header: [
        "customer_id", "gender", "age", "city", "brand", "plan_code", "start_date", "arpu", "phone", "email",
        "sms_opt_out", "call_opt_out", "email_opt_out",
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
      for (customer, events) in generated {
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
        try customers.endRecord()
        truth.field(customer.id)
        truth.field(group.code)
        truth.field(group.nameEN)
        try truth.endRecord()
        for event in events {
          switch event.kind {
          case .call, .ipCall, .hotline, .forward:
            calls.field(customer.id)
            calls.timestampField(event.second)
            calls.field(event.kind.rawValue)
            calls.field(Int64(event.duration ?? 0))
            calls.field(event.party ?? 0)
            calls.field(event.network ?? "")
            calls.field(event.scope ?? "")
            calls.field(event.roaming ?? "")
            try calls.endRecord()
          case .sms, .vasSMS:
            messages.field(customer.id)
            messages.timestampField(event.second)
            messages.field(event.kind.rawValue)
            messages.field(event.party ?? 0)
            messages.field(event.network ?? "")
            messages.field(Int64(event.length ?? 0))
            if let fee = event.fee { messages.field(fee, decimals: 2) } else { messages.emptyField() }
            try messages.endRecord()
          case .data:
            data.field(customer.id)
            data.timestampField(event.second)
            data.field(event.kind.rawValue)
            data.field(event.service ?? "")
            data.field(Int64(event.bytes ?? 0))
            data.field(Int64(event.duration ?? 0))
            try data.endRecord()
          }
        }
      }
      index += count
      progress(index, generator.customerCount)
    }
    let eventCounts = ["calls.csv": calls.rowCount, "messages.csv": messages.rowCount, "data.csv": data.rowCount]
    for writer in [customers, truth, calls, messages, data] { try writer.close() }
    let specPath = path("features.yaml")
    try DemoSpecs.featuresYAML.write(toFile: specPath, atomically: true, encoding: .utf8)
    return Report(
      customers: generator.customerCount, events: eventCounts, groupSizes: groupSizes,
      files: ["customers.csv", "calls.csv", "messages.csv", "data.csv", "truth.csv", "features.yaml"].map(path))
  }
}

/// Runs independent work items on all cores and returns results in item order.
public enum ParallelBlocks {
  /// `transform(i)` for i in 0..<count, computed concurrently, returned in order.
  public static func map<T: Sendable>(count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
    let results = ResultSlots<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { index in
      results.set(index, transform(index))
    }
    return results.values()
  }
}

/// Write-once slots filled from concurrent iterations, each index by exactly one iteration.
///
/// The storage is a raw buffer rather than an array property so that concurrent writes to distinct
/// indices do not count as overlapping accesses to one variable.
final class ResultSlots<T>: @unchecked Sendable {
  private let storage: UnsafeMutablePointer<T?>
  private let count: Int

  init(count: Int) {
    self.count = count
    storage = .allocate(capacity: count)
    storage.initialize(repeating: nil, count: count)
  }

  deinit {
    storage.deinitialize(count: count)
    storage.deallocate()
  }

  func set(_ index: Int, _ value: T) { storage[index] = value }

  func values() -> [T] { (0..<count).map { storage[$0]! } }
}
