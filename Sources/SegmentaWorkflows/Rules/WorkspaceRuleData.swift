import Foundation
import SegmentaCore
import SegmentaStore

/// Rules over a workspace: the fields, segmentations and tags a rule may name, and their values for
/// every customer (in customer-key order).
///
/// Fields are the features of one wide-table period (numbers; band features are text) and the
/// customer columns (integer and decimal columns are numbers, booleans are booleans, dates and
/// timestamps are dates, the rest text). A feature hides a customer column of the same name.
/// Segmentations are read at their latest version (`segment(NAME, previous)`: the version the latest
/// refreshes, else the one before it); a segment answers to its number and to its Chinese and English names. `contact_status` is each customer's contact status ("dormant",
/// "void", missing while reachable) unless a column or feature has that name. The columns of the
/// latest value table (`frequency`, `monetary_value`, `p_alive`, `clv_12m`, `rfm_score`, …) are
/// numbers (`first_purchase` and `last_purchase` dates) unless a column or feature has the name.
final class WorkspaceRuleData: RuleData {
  let workspace: Workspace
  let table: StoredWideTable?
  /// The latest value table (summaries, scores, lifetime value), if built: its customers and column
  /// names; a column is read when a rule names it.
  let valueTable: StoredValueTable?
  let columns: [CustomerColumn]
  let keys: [Int64]
  /// What rules may name.
  private(set) var schema: RuleSchema
  /// The version `segment(NAME, previous)` reads, by segmentation: the one its latest refreshes, else the
  /// one before the latest.
  let previousVersions: [String: Int]
  /// Tag memberships that replace the stored ones (set while applying tags).
  var currentTags: [String: [Bool]] = [:]
  /// Columns already read, kept when the data outlives one rule (``RuleDataCache``).
  private let memo: ColumnMemo?

  /// The wide-table period whose features rules read; nil when no wide table was built.
  var period: String? { table?.period.label }

  /// The number of customers, one row each.
  var rowCount: Int { keys.count }

  /// Reads the catalogue of `workspace`, with the wide table of `period` (default: the latest, if any).
  ///
  /// With `remembering`, every column read is kept for the next rule (the workspace must not change
  /// meanwhile).
  init(workspace: Workspace, period: String? = nil, remembering: Bool = false) throws(SegmentaError) {
    self.workspace = workspace
    memo = remembering ? ColumnMemo() : nil
    table = try workspace.wideTableIfBuilt(period: period)
    valueTable = try workspace.valueTableIfBuilt(columns: [])
    columns = try workspace.customerColumns()
    keys = try workspace.customerKeys()
    var fields: [String: RuleFieldType] = [:]
    for column in columns where !column.personal {
      switch column.type {
      case .integer, .decimal: fields[column.name] = .number
      case .boolean: fields[column.name] = .boolean
      case .date, .timestamp: fields[column.name] = .date
      default: fields[column.name] = .text
      }
    }
    for feature in table?.features ?? [] { fields[feature.name] = feature.categories.isEmpty ? .number : .text }
    // Value-table columns (frequency, monetary_value, p_alive, clv_12m, rfm_score, …) unless a
    // column or feature has the name.
    for name in valueTable?.columnNames ?? [] where fields[name] == nil {
      fields[name] = StoredValueTable.dateColumns.contains(name) ? .date : .number
    }
    // Contact statuses (dormant, void; missing for reachable customers), unless a column has the name.
    if fields[Self.contactStatusField] == nil { fields[Self.contactStatusField] = .text }
    var segmentations: [String: [RuleSchema.Segment]] = [:]
    var previousSegmentations: [String: [RuleSchema.Segment]] = [:]
    func segments(_ stored: StoredSegmentation) -> [RuleSchema.Segment] {
      stored.displayNames.enumerated().map { index, label in
        RuleSchema.Segment(id: index + 1, names: [label.zh, label.en, "\(label.zh) / \(label.en)"])
      }
    }
    let versions = try workspace.segmentationVersions()
    var previous: [String: Int] = [:]
    for summary in versions where summary.latest {
      let stored = try workspace.segmentation(named: summary.name, version: summary.version, customers: false)
      segmentations[summary.name] = segments(stored)
      // The previous assignment: the version the latest refreshes, else the one before it.
      let before = versions.last { $0.name == summary.name && $0.version < summary.version }?.version
      if let version = summary.refreshes ?? before {
        previous[summary.name] = version
        previousSegmentations[summary.name] = segments(
          try workspace.segmentation(named: summary.name, version: version, customers: false))
      }
    }
    previousVersions = previous
    schema = RuleSchema(
      fields: fields, segmentations: segmentations, tags: Set(try workspace.tags().map(\.definition.name)),
      personalFields: Set(columns.filter { $0.personal && fields[$0.name] == nil }.map(\.name)),
      previousSegmentations: previousSegmentations)
  }

  /// Values of `feature` aligned to all customers.
  func aligned(_ feature: StoredFeature) -> [Double] {
    guard let table else { return [] }
    return StoredWideTable.align(feature.values, from: table.customerKeys, to: keys)
  }

  /// A number, boolean or date field.
  func numbers(_ field: String) throws -> [Double] {
    try remembered("n", field) { try readNumbers(field) }
  }

  /// The values of numeric field `field` for every customer, or an error naming `option` when the
  /// workspace has no such field, when it holds text, dates or booleans, or when it is personal.
  func numbers(_ field: String, option: String) throws(SegmentaError) -> [Double] {
    let holds: String
    switch schema.fields[field] {
    case .number?: return try SegmentaError.catching { try numbers(field) }
    case .text?: holds = "text"
    case .date?: holds = "dates"
    case .boolean?: holds = "yes/no values"
    case nil:
      if schema.personalFields.contains(field) {
        throw SegmentaError(.invalidRequest, "'\(field)' holds personal data, which is never analysed", field: option)
      }
      let place = period.map { "the features of period \($0)" } ?? "the features (no wide table yet)"
      throw SegmentaError(
        .notFound,
        "no numeric column '\(field)' among the customer columns, \(place) or the value-table columns",
        field: option)
    }
    throw SegmentaError(.notFound, "'\(field)' holds \(holds), not numbers", field: option)
  }

  private func readNumbers(_ field: String) throws -> [Double] {
    if let feature = table?.feature(named: field) { return aligned(feature) }
    if !columns.contains(where: { $0.name == field }), let valueTable, valueTable.columnNames.contains(field),
      let values = try workspace.valueTableIfBuilt(label: valueTable.info.label, columns: [field])?.columns[field]
    {
      return StoredWideTable.align(values, from: valueTable.customerKeys, to: keys)
    }
    return try workspace.customerValues(columns: [field], keys: keys)[field]?.values
      ?? [Double](repeating: .nan, count: keys.count)
  }

  /// The field holding each customer's contact status.
  static let contactStatusField = "contact_status"

  /// A text field.
  func texts(_ field: String) throws -> RuleTextColumn {
    try remembered("t", field) { try readTexts(field) }
  }

  private func readTexts(_ field: String) throws -> RuleTextColumn {
    if field == Self.contactStatusField && !columns.contains(where: { $0.name == field })
      && table?.feature(named: field) == nil
    {
      let statuses = try workspace.contactStatuses()
      return RuleTextColumn(keys.map { statuses[$0]?.rawValue })
    }
    if let feature = table?.feature(named: field) {
      let codes = aligned(feature).map { value -> Int32 in
        value.isNaN || value < 0 || Int(value) >= feature.categories.count ? -1 : Int32(value)
      }
      return RuleTextColumn(codes: codes, values: feature.categories)
    }
    return RuleTextColumn(try workspace.customerText(columns: [field], keys: keys)[field] ?? [])
  }

  /// Each customer's 1-based segment (0 for customers the segmentation does not cover).
  func segments(_ segmentation: String) throws -> [Int32] {
    try remembered("s", segmentation) { try readSegments(segmentation) }
  }

  /// Each customer's 1-based segment in the previous assignment (0 for customers it does not cover).
  func previousSegments(_ segmentation: String) throws -> [Int32] {
    try remembered("p", segmentation) { try readSegments(segmentation, version: previousVersions[segmentation]) }
  }

  private func readSegments(_ segmentation: String, version: Int? = nil) throws -> [Int32] {
    let stored = try workspace.segmentation(named: segmentation, version: version)
    return KeyPositions.positions(of: keys, in: stored.customerKeys).map { $0 >= 0 ? stored.groups[Int($0)] + 1 : 0 }
  }

  /// Tag membership: the stored latest apply, or the one being computed.
  func tag(_ name: String) throws -> [Bool] {
    if let current = currentTags[name] { return current }
    return try remembered("g", name) { Self.membership(of: try workspace.tagMembers(name), in: keys) }
  }

  /// `read()`, or the column kept from an earlier read of the same kind and name.
  private func remembered<Column>(_ kind: String, _ name: String, _ read: () throws -> Column) throws -> Column {
    guard let memo else { return try read() }
    let key = kind + ":" + name
    if let column = memo.column(key) as? Column { return column }
    let column = try read()
    memo.keep(column, as: key)
    return column
  }

  /// Makes `name` known to rules (for checking definitions not stored yet).
  func declare(tag name: String) { schema.tags.insert(name) }

  /// Marks which of `keys` (sorted) are among `members` (sorted).
  static func membership(of members: [Int64], in keys: [Int64]) -> [Bool] {
    var result = [Bool](repeating: false, count: keys.count)
    var j = 0
    for (i, key) in keys.enumerated() {
      while j < members.count && members[j] < key { j += 1 }
      if j < members.count && members[j] == key { result[i] = true }
    }
    return result
  }
}

/// Columns read for rules, shared by the checks of a cached ``WorkspaceRuleData``.
///
/// Requests run concurrently, so access is locked. At most `limit` columns are kept; the oldest go first.
private final class ColumnMemo: @unchecked Sendable {
  private let lock = NSLock()
  private var columns: [String: Any] = [:]
  private var order: [String] = []
  private let limit = 64

  func column(_ key: String) -> Any? { lock.withLock { columns[key] } }

  func keep(_ column: Any, as key: String) {
    lock.withLock {
      if columns.updateValue(column, forKey: key) == nil { order.append(key) }
      while order.count > limit { columns[order.removeFirst()] = nil }
    }
  }
}
