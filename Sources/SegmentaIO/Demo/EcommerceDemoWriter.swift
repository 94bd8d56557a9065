import Foundation
import SegmentaCore

/// Writes the browsing dataset of `segmenta demo --ecommerce`: `shoppers.csv` (customers, no personal
/// data), `views-2024q1.csv` and `views-2024q2.csv` (page views), `shopper-truth.csv` (what was planted,
/// not imported) and the shipped specs `browsing.yaml` and `email-tags.yaml`.
package enum EcommerceDemoWriter {
  /// What was written and what was planted.
  package struct Report: Sendable, Codable, Equatable {
    /// Customers written.
    package var customers: Int
    /// View rows per quarter, in quarter order.
    package var views: [Int]
    /// Customers per planted `category · band` list in the second quarter (customers who viewed then).
    package var plantedLists: [String: Int]
    /// Customers whose focus category changed between the quarters (among those who viewed in both).
    package var plantedShifts: Int
    /// Of those, the ones with at least 10 views in the second quarter: the planted VIPs.
    package var plantedVips: Int
    /// Paths of the files, in the order written.
    package var files: [String]
  }

  /// The views file of quarter `period` (0 or 1).
  package static func viewsFile(_ period: Int) -> String {
    "views-\(EcommerceDemoGenerator.periods[period].label.lowercased()).csv"
  }

  /// The key of a list: `category · band`.
  package static func listKey(category: Int, band: Int) -> String {
    "\(EcommerceDemoGenerator.categories[category]) · \(EcommerceDemoGenerator.bands[band])"
  }

  /// Generates and writes everything into `directory`; `progress` receives customers done.
  package static func write(
    _ generator: EcommerceDemoGenerator, to directory: String, progress: (Int, Int) -> Void = { _, _ in }
  ) throws -> Report {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
    let customers = try CSVWriter(path: path("shoppers.csv"), header: ["customer_id", "city", "signup_date"])
    let truth = try CSVWriter(
      path: path("shopper-truth.csv"),
      header: ["customer_id", "focus_2024q1", "focus_2024q2", "price_band", "views_2024q1", "views_2024q2", "shifted"])
    let views = try (0..<2).map { period throws(DataFileError) in
      try CSVWriter(
        path: path(viewsFile(period)), header: ["customer_id", "timestamp", "event_type", "category", "price"])
    }
    var lists: [String: Int] = [:]
    var shifts = 0
    var vips = 0
    let block = 2048
    var index = 0
    while index < generator.customerCount {
      let count = min(block, generator.customerCount - index)
      let start = index
      let generated = ParallelBlocks.map(count: count) {
        offset -> (EcommerceDemoGenerator.Shopper, [[EcommerceDemoGenerator.View]]) in
        let shopper = generator.shopper(start + offset)
        var periods: [[EcommerceDemoGenerator.View]] = []
        for period in 0..<2 {
          var list: [EcommerceDemoGenerator.View] = []
          generator.views(of: shopper, index: start + offset, period: period, into: &list)
          periods.append(list)
        }
        return (shopper, periods)
      }
      for (shopper, periods) in generated {
        customers.field(shopper.id)
        customers.field(shopper.city)
        customers.field(CivilDate.isoString(days: shopper.signupDay))
        try customers.endRecord()
        truth.field(shopper.id)
        truth.field(EcommerceDemoGenerator.categories[shopper.focus[0]])
        truth.field(EcommerceDemoGenerator.categories[shopper.focus[1]])
        truth.field(EcommerceDemoGenerator.bands[shopper.band])
        truth.field(Int64(shopper.views[0]))
        truth.field(Int64(shopper.views[1]))
        truth.field(Int64(shopper.shifted ? 1 : 0))
        try truth.endRecord()
        if shopper.views[1] > 0 { lists[listKey(category: shopper.focus[1], band: shopper.band), default: 0] += 1 }
        if shopper.shifted {
          shifts += 1
          if shopper.views[1] >= 10 { vips += 1 }
        }
        for (period, list) in periods.enumerated() {
          let writer = views[period]
          for view in list {
            writer.field(shopper.id)
            writer.timestampField(view.second)
            writer.field("view")
            writer.field(EcommerceDemoGenerator.categories[view.category])
            writer.field(view.price, decimals: 2)
            try writer.endRecord()
          }
        }
      }
      index += count
      progress(index, generator.customerCount)
    }
    let viewCounts = views.map(\.rowCount)
    for writer in [customers, truth] + views { try writer.close() }
    try TextOutput.write(DemoSpecs.browsingYAML, to: .file(path("browsing.yaml")))
    try TextOutput.write(DemoSpecs.emailTagsYAML, to: .file(path("email-tags.yaml")))
    return Report(
      customers: generator.customerCount, views: viewCounts, plantedLists: lists, plantedShifts: shifts,
      plantedVips: vips,
      files: ["shoppers.csv", viewsFile(0), viewsFile(1), "shopper-truth.csv", "browsing.yaml", "email-tags.yaml"]
        .map(path))
  }
}
