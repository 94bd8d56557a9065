import Foundation
import SegmentaCore

extension DemoDatasetWriter {
  /// What the second period's files hold.
  package struct SecondPeriodReport: Sendable, Codable, Equatable {
    /// The period's label (2024Q2).
    package var period: String
    /// Its reference date, for `features build --as-of`.
    package var referenceDate: String
    /// Customers joining in the period (in the new customer file).
    package var newCustomers: Int
    /// Customers of the first period who leave during it (the planted churners).
    package var leaving: Int
    /// Customers of the first period still there whose planted group changed.
    package var changedGroup: Int
    /// Customers of the first period still there.
    package var staying: Int
    /// Event rows per file name.
    package var events: [String: Int]
    /// Paths of the files.
    package var files: [String]
  }

  /// The file names of the second period, by role.
  package static func secondPeriodFile(_ name: String) -> String {
    "\(name)-\(DemoGenerator.secondPeriod.lowercased()).csv"
  }

  /// Writes the second period's files into `directory`: the customers who join (`customers-2024q2.csv`),
  /// every customer's call, message and data records of the second window (`calls-2024q2.csv`, …) and the
  /// planted groups of the customers there (`truth-2024q2.csv`, with their first-period group).
  package static func writeSecondPeriod(_ generator: DemoGenerator, to directory: String) throws -> SecondPeriodReport {
    func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(secondPeriodFile(name)) }
    let customers = try CSVWriter(
      path: path("customers"),
      header: [
        "customer_id", "gender", "age", "city", "brand", "plan_code", "start_date", "arpu", "phone", "email",
        "sms_opt_out", "call_opt_out", "email_opt_out", "churned",
      ])
    let truth = try CSVWriter(
      path: path("truth"), header: ["customer_id", "planted_group", "group_name", "previous_group"])
    let calls = try CSVWriter(
      path: path("calls"),
      header: ["customer_id", "timestamp", "event_type", "duration", "party", "party_network", "scope", "roaming"])
    let messages = try CSVWriter(
      path: path("messages"),
      header: ["customer_id", "timestamp", "event_type", "party", "party_network", "length", "fee"])
    let data = try CSVWriter(
      path: path("data"), header: ["customer_id", "timestamp", "event_type", "service", "bytes", "duration"])
    let total = generator.customerCount + generator.newCustomerCount
    var (leaving, changed, staying) = (0, 0, 0)
    let block = 2048
    var index = 0
    while index < total {
      let count = min(block, total - index)
      let start = index
      let generated = ParallelBlocks.map(count: count) { offset -> (Int?, [DemoGenerator.Event]) in
        var events: [DemoGenerator.Event] = []
        generator.secondPeriodEvents(of: start + offset, into: &events)
        return (generator.secondGroup(of: start + offset), events)
      }
      for (offset, (group, events)) in generated.enumerated() {
        let customerIndex = start + offset
        let customer = generator.secondPeriodCustomer(customerIndex)
        let isNew = generator.isNew(customerIndex)
        if isNew {
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
          // Whether a new customer churns is not known yet.
          customers.emptyField()
          try customers.endRecord()
        }
        if let group {
          truth.field(customer.id)
          truth.field(DemoGroup.all[group].code)
          truth.field(DemoGroup.all[group].nameEN)
          if isNew {
            truth.emptyField()
          } else {
            truth.field(DemoGroup.all[customer.group].code)
            staying += 1
            if group != customer.group { changed += 1 }
          }
          try truth.endRecord()
        } else {
          leaving += 1
        }
        try writeEvents(events, of: customer.id, calls: calls, messages: messages, data: data)
      }
      index += count
    }
    let events = [
      secondPeriodFile("calls"): calls.rowCount, secondPeriodFile("messages"): messages.rowCount,
      secondPeriodFile("data"): data.rowCount,
    ]
    for writer in [customers, truth, calls, messages, data] { try writer.close() }
    return SecondPeriodReport(
      period: DemoGenerator.secondPeriod, referenceDate: CivilDate.isoString(days: DemoGenerator.secondReferenceDay),
      newCustomers: generator.newCustomerCount, leaving: leaving, changedGroup: changed, staying: staying,
      events: events, files: ["customers", "calls", "messages", "data", "truth"].map(path))
  }
}
