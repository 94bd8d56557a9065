import Foundation
import SegmentaCore
import SegmentaStore

/// The columns of a members listing, resolved against what rules read, and their cells for given members.
///
/// `customer_id` always comes first. A field of the rule catalogue is read for every customer once; a
/// personal column only for the members asked for, masked unless revealed.
struct MemberColumns {
  /// How one column's values are read.
  private enum Reader {
    case id
    case numbers([Double])
    case dates([Double])
    case texts(RuleTextColumn)
    /// 1-based segments (0: not covered) and the segments' names.
    case segments([Int32], names: [String])
    case tag([Bool])
    case personal(String)
  }

  /// The columns, in the order asked for.
  let columns: [MembersWorkflow.Column]
  private let readers: [Reader]
  private let data: WorkspaceRuleData
  private let workspace: Workspace
  private let reveal: Bool

  /// The name of the customer id column.
  static let idColumn = "customer_id"

  /// Resolves `names` (refusing an unknown one, naming it and the close names).
  init(
    names: [String], data: WorkspaceRuleData, workspace: Workspace, reveal: Bool, language: SegmentNameLanguage
  ) throws(SegmentaError) {
    self.data = data
    self.workspace = workspace
    self.reveal = reveal
    var wanted = [Self.idColumn]
    for name in names.map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty && !wanted.contains(name) {
      wanted.append(name)
    }
    var columns: [MembersWorkflow.Column] = []
    var readers: [Reader] = []
    let schema = data.schema
    for name in wanted {
      func add(_ kind: String, _ reader: Reader, personal: Bool = false) {
        columns.append(MembersWorkflow.Column(name: name, kind: kind, personal: personal, masked: personal && !reveal))
        readers.append(reader)
      }
      if name == Self.idColumn {
        add("id", .id)
      } else if let type = schema.fields[name] {
        let kind =
          data.table?.feature(named: name) != nil
          ? "feature"
          : data.columns.contains { $0.name == name }
            ? "customer"
            : data.valueTable?.columnNames.contains(name) == true ? "value" : WorkspaceRuleData.contactStatusField
        switch type {
        case .number, .boolean: add(kind, .numbers(try SegmentaError.catching { try data.numbers(name) }))
        case .date: add(kind, .dates(try SegmentaError.catching { try data.numbers(name) }))
        case .text: add(kind, .texts(try SegmentaError.catching { try data.texts(name) }))
        }
      } else if schema.personalFields.contains(name) {
        add("personal", .personal(name), personal: true)
      } else if let inner = Self.argument(of: "segment", in: name), schema.segmentations[inner] != nil {
        let stored = try workspace.segmentation(named: inner, customers: false)
        add(
          "segment",
          .segments(
            try SegmentaError.catching { try data.segments(inner) }, names: stored.displayNames.map(language.text)))
      } else if let inner = Self.argument(of: "tag", in: name), schema.tags.contains(inner) {
        add("tag", .tag(try SegmentaError.catching { try data.tag(inner) }))
      } else {
        let known =
          [Self.idColumn] + schema.fields.keys.sorted() + schema.personalFields.sorted()
          + schema.segmentations.keys.sorted().map { "segment(\($0))" } + schema.tags.sorted().map { "tag(\($0))" }
        let close = CloseNames.closest(to: name, among: known)
        throw SegmentaError(
          .notFound,
          "no column '\(name)' among the customer columns, "
            + (data.period.map { "the features of period \($0)" } ?? "the features (no wide table yet)")
            + ", the value-table columns, segment(NAME) and tag(NAME)"
            + (close.isEmpty ? "" : "; close names: \(close.joined(separator: ", "))"), field: "columns")
      }
    }
    self.columns = columns
    self.readers = readers
  }

  /// The cells of the customers at `positions` (among the rule data's customers), one row each.
  func rows(_ positions: [Int]) throws(SegmentaError) -> [[MembersWorkflow.Cell]] {
    guard !positions.isEmpty else { return [] }
    let keys = positions.map { data.keys[$0] }
    let ids = try workspace.customerIDs(keys: keys)
    let personalNames = readers.compactMap { reader -> String? in
      if case .personal(let name) = reader { return name }
      return nil
    }
    let personal = try workspace.customerText(columns: personalNames, keys: keys)
    return positions.enumerated().map { index, position in
      readers.map { reader -> MembersWorkflow.Cell in
        switch reader {
        case .id: return .text(ids[index])
        case .numbers(let values): return values[position].isFinite ? .number(values[position]) : .missing
        case .dates(let values): return Self.date(values[position])
        case .texts(let column):
          let code = column.codes[position]
          return code >= 0 && Int(code) < column.values.count ? .text(column.values[Int(code)]) : .missing
        case .segments(let segments, let names):
          let segment = Int(segments[position])
          return segment > 0 && segment <= names.count ? .text(names[segment - 1]) : .missing
        case .tag(let tagged): return .number(tagged[position] ? 1 : 0)
        case .personal(let name):
          guard let value = personal[name]?[index] ?? nil, !value.isEmpty else { return .missing }
          return .text(ContactSafety.exported(value, revealed: reveal))
        }
      }
    }
  }

  /// A date column's value (days since 1970-01-01; timestamps with a fraction of a day) as ISO 8601.
  static func date(_ days: Double) -> MembersWorkflow.Cell {
    guard days.isFinite else { return .missing }
    if days == days.rounded(.down) { return .text(CivilDate.isoString(days: Int(days))) }
    return .text(CivilDate.isoString(seconds: Int64((days * 86_400).rounded())))
  }

  /// `x` of `name(x)`, trimmed, when `text` has that form.
  static func argument(of name: String, in text: String) -> String? {
    guard text.hasPrefix(name + "("), text.hasSuffix(")") else { return nil }
    return text.dropFirst(name.count + 1).dropLast().trimmingCharacters(in: .whitespaces)
  }
}
