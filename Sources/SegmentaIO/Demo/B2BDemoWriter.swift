import Foundation
import SegmentaCore

/// Writes the company-customer demo: `firms.csv` (one row per firm), `usage.csv` (90 days of data,
/// call and ticket events), `features.yaml` (its wide-table spec) and `matrix.yaml` (the example
/// attractiveness × capability matrix).
package enum B2BDemoWriter {
  /// What was written.
  package struct Report: Sendable, Codable, Equatable {
    package var firms: Int
    package var events: Int
    /// Firms per industry.
    package var industries: [String: Int]
    /// Paths of the files.
    package var files: [String]
  }

  /// Generates and writes everything into `directory`.
  package static func write(_ generator: B2BDemoGenerator, to directory: String) throws -> Report {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
    let firms = try CSVWriter(
      path: path("firms.csv"),
      header: [
        "customer_id", "industry", "it_level", "purchase_factor", "region", "employees", "monthly_spend",
        "broadband", "lan", "servers", "cloud_platform", "services", "tenure_months",
      ])
    let usage = try CSVWriter(path: path("usage.csv"), header: ["customer_id", "timestamp", "event_type", "amount"])
    var industries: [String: Int] = [:]
    for index in 0..<generator.firmCount {
      let (firm, events) = generator.firm(index)
      industries[firm.industry, default: 0] += 1
      firms.field(firm.id)
      firms.field(firm.industry)
      firms.field(firm.itLevel)
      if let factor = firm.purchaseFactor { firms.field(factor) } else { firms.emptyField() }
      firms.field(firm.region)
      firms.field(Int64(firm.employees))
      firms.field(firm.monthlySpend, decimals: 2)
      let services = [firm.broadband, firm.lan, firm.servers, firm.cloudPlatform]
      for bought in services { firms.field(Int64(bought ? 1 : 0)) }
      firms.field(Int64(services.filter { $0 }.count))
      firms.field(Int64(firm.tenureMonths))
      try firms.endRecord()
      for event in events {
        usage.field(firm.id)
        usage.timestampField(event.second)
        usage.field(event.type)
        usage.field(event.amount, decimals: 2)
        try usage.endRecord()
      }
    }
    let events = usage.rowCount
    try firms.close()
    try usage.close()
    try TextOutput.write(DemoSpecs.b2bFeaturesYAML, to: .file(path("features.yaml")))
    try TextOutput.write(DemoSpecs.matrixYAML, to: .file(path("matrix.yaml")))
    return Report(
      firms: generator.firmCount, events: events, industries: industries,
      files: ["firms.csv", "usage.csv", "features.yaml", "matrix.yaml"].map(path))
  }
}
