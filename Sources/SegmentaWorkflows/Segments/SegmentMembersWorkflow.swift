import SegmentaCore
import SegmentaStore

/// The customers of a stored segmentation, a page at a time: each one's id, cluster and segment, and the
/// values of the first few features the segmentation was made from.
///
/// Customer ids are shown (staff look customers up by them); personal columns (phones, e-mail addresses,
/// names) never are: a segmentation's features are never personal data.
package struct SegmentMembersWorkflow: Workflow {
  /// One feature's value for one customer.
  package struct FeatureValue: Sendable, Codable, Equatable {
    package var name: String
    /// Nil when the value is missing.
    package var value: Double?
  }

  /// One customer of the segmentation.
  package struct Member: Sendable, Codable, Equatable {
    package var customerId: String
    /// The 1-based cluster.
    package var cluster: Int
    /// The 1-based segment (1 = the largest).
    package var segment: Int
    /// The segment's name, "中文 / English" (one text when both are the same).
    package var segmentName: String
    /// Values of the first ``SegmentMembersWorkflow/featureCount`` features, in the model's order.
    package var features: [FeatureValue]
  }

  package struct Output: Sendable, Codable, Equatable {
    package var segmentation: String
    package var version: Int
    /// The segment listed; nil when every segment is.
    package var segment: Int?
    /// Customers listed in all (of the segment, or of the segmentation).
    package var total: Int
    package var offset: Int
    package var limit: Int
    /// The features whose values each member carries.
    package var features: [String]
    /// The customers of this page, in customer order.
    package var items: [Member]
  }

  /// The segmentation.
  package var name: String
  /// Its version (default: the latest).
  package var version: Int?
  /// Only this 1-based segment (default: every segment).
  package var segment: Int?
  /// Members skipped before the page.
  package var offset: Int
  /// Members on the page, 1 to ``maximumLimit``.
  package var limit: Int
  /// How many of the segmentation's features each member carries (0 for none).
  package var featureCount: Int

  /// The largest page.
  package static let maximumLimit = 500

  package init(
    name: String, version: Int? = nil, segment: Int? = nil, offset: Int = 0, limit: Int = 50, featureCount: Int = 4
  ) {
    self.name = name
    self.version = version
    self.segment = segment
    self.offset = offset
    self.limit = limit
    self.featureCount = featureCount
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    guard offset >= 0 else { throw SegmentaError(.invalidRequest, "offset takes a whole number ≥ 0", field: "offset") }
    guard (1...Self.maximumLimit).contains(limit) else {
      throw SegmentaError(
        .invalidRequest, "limit takes a whole number from 1 to \(Self.maximumLimit)", field: "limit")
    }
    guard featureCount >= 0 else {
      throw SegmentaError(.invalidRequest, "the number of features must be ≥ 0", field: "features")
    }
    let workspace = try context.workspace(for: .read)
    let stored = try workspace.segmentation(named: name, version: version)
    let model = stored.model
    if let segment, !(1...model.segmentCount).contains(segment) {
      throw SegmentaError(
        .notFound, "segmentation '\(name)' has segments 1 to \(model.segmentCount), not \(segment)", field: "segment")
    }
    let total: Int
    let page: [Int]
    if let segment {
      let group = Int32(segment - 1)
      let rows = stored.groups.indices.filter { stored.groups[$0] == group }
      total = rows.count
      page = offset < rows.count ? Array(rows[offset..<min(rows.count, offset + limit)]) : []
    } else {
      total = stored.customerKeys.count
      page = offset < total ? Array(offset..<min(total, offset + limit)) : []
    }
    let keys = page.map { stored.customerKeys[$0] }
    let ids = try workspace.customerIDs(keys: keys)
    let features = Array(model.features.prefix(featureCount))
    let values = try Self.values(of: features, keys: keys, segmentation: stored, workspace: workspace)
    let names = stored.displayNames
    let items = page.enumerated().map { index, row in
      let group = Int(stored.groups[row])
      return Member(
        customerId: ids[index], cluster: Int(stored.clusters[row]) + 1, segment: group + 1,
        segmentName: SegmentNames.combined(names[group]),
        features: features.indices.map { f in
          let value = values[f][index]
          return FeatureValue(name: features[f].name, value: value.isNaN ? nil : value)
        })
    }
    return Output(
      segmentation: stored.name, version: stored.version, segment: segment, total: total, offset: offset,
      limit: limit, features: features.map(\.name), items: items)
  }

  /// The values of `features` for the customers with `keys` (NaN where missing): wide-table features from
  /// the segmentation's period, customer columns from the customer table.
  static func values(
    of features: [SegmentationModel.Feature], keys: [Int64], segmentation: StoredSegmentation, workspace: Workspace
  ) throws(SegmentaError) -> [[Double]] {
    guard !features.isEmpty, !keys.isEmpty else {
      return features.map { _ in [Double](repeating: .nan, count: keys.count) }
    }
    let customer = try workspace.customerValues(
      columns: features.filter { $0.source == "customer" }.map(\.name), keys: keys)
    let needsTable = features.contains { $0.source != "customer" }
    let table =
      needsTable
      ? try segmentation.period.flatMap { period throws(SegmentaError) in
        try workspace.wideTableIfBuilt(period: period)
      } : nil
    return features.map { feature in
      if let column = customer[feature.name] { return column.values }
      guard let stored = table?.feature(named: feature.name), let table else {
        return [Double](repeating: .nan, count: keys.count)
      }
      // Both key lists ascend: a binary search per key, not an index of every customer.
      return keys.map { key in
        Self.position(of: key, in: table.customerKeys).map { stored.values[$0] } ?? .nan
      }
    }
  }

  /// The index of `key` in the ascending `keys`, if it is there.
  static func position(of key: Int64, in keys: [Int64]) -> Int? {
    var low = 0
    var high = keys.count
    while low < high {
      let middle = (low + high) / 2
      if keys[middle] < key { low = middle + 1 } else { high = middle }
    }
    return low < keys.count && keys[low] == key ? low : nil
  }
}
