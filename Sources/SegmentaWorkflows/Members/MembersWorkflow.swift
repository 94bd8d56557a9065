import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta segments members`, `tags members` and `rule members`: the customers of a segment, of a tag's
/// latest apply or selected by a rule, with the columns asked for — a page of them, or every one written to
/// a CSV file.
///
/// Columns are whatever rules read (wide-table features of one period, customer columns, value-table
/// columns, `contact_status`), a segmentation's segment (`segment(NAME)`), a tag (`tag(NAME)`) and the
/// personal customer columns. Personal values are masked as the campaign export masks them unless
/// `reveal` is asked for by a user allowed to reveal contacts; a file written, and a page shown with
/// personal values unmasked, is recorded in the export audit.
package struct MembersWorkflow: Workflow {
  /// Whose members are listed.
  package enum Source: Sendable, Equatable {
    /// A segment of a segmentation (its number, or its Chinese, English or combined name) at a version
    /// (nil: the latest).
    case segment(segmentation: String, version: Int?, segment: String)
    /// A tag's latest apply; with a value, the tag of a value or band family that stands for it.
    case tag(String, value: String?)
    /// The customers a rule selects (those it is unknown for are not members, as in `rule check`).
    case rule(String)
  }

  /// One value of a member's row: a number, a text or missing (`null` in JSON).
  package enum Cell: Sendable, Equatable, Codable {
    case number(Double)
    case text(String)
    case missing

    package init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      if container.decodeNil() {
        self = .missing
      } else if let number = try? container.decode(Double.self) {
        self = .number(number)
      } else {
        self = .text(try container.decode(String.self))
      }
    }

    package func encode(to encoder: any Encoder) throws {
      var container = encoder.singleValueContainer()
      switch self {
      case .number(let value) where value.isFinite: try container.encode(value)
      case .text(let text): try container.encode(text)
      default: try container.encodeNil()
      }
    }

    /// The cell as a table or a CSV shows it ("" when missing).
    package var text: String {
      switch self {
      case .number(let value): value.isFinite ? ExportFeaturesWorkflow.text(value) : ""
      case .text(let text): text
      case .missing: ""
      }
    }
  }

  /// A column of the listing.
  package struct Column: Sendable, Codable, Equatable {
    package var name: String
    /// Where its values come from: `id`, `feature`, `customer`, `value`, `contact_status`, `segment`,
    /// `tag` or `personal`.
    package var kind: String
    /// Whether it holds personal data.
    package var personal: Bool
    /// Whether its values are masked.
    package var masked: Bool
  }

  /// What the listing found.
  package struct Output: Sendable, Codable {
    /// `segment`, `tag` or `rule`.
    package var source: String
    /// What is listed: "segment 3 (…) of demo v1", "tag stock_investor", "rule …".
    package var subject: String
    /// The rule that selects the members (a tag's rule; the rule itself).
    package var rule: String?
    /// The wide-table period whose features the columns show; nil without a wide table.
    package var period: String?
    /// Members in all.
    package var count: Int
    /// Customers in the workspace.
    package var customers: Int
    /// Customers the rule is unknown for (a value it reads is missing); rules only.
    package var unknown: Int?
    package var columns: [Column]
    /// Members skipped before ``rows``.
    package var offset: Int
    /// The most rows listed.
    package var limit: Int
    /// The members from ``offset``, at most ``limit``, in customer order.
    package var rows: [[Cell]]
    /// The CSV written with every member, if any.
    package var file: String?
    /// Whether personal values were written or shown unmasked.
    package var revealed: Bool
    /// Wall time in seconds.
    package var seconds: Double
  }

  package var source: Source
  /// The columns (nil: the customer id and a few that describe the source).
  package var columns: [String]?
  /// The wide-table period whose features are shown (default: a segmentation's own period, else the latest).
  package var period: String?
  /// Write every member to this CSV file (`-` for standard output).
  package var out: String?
  /// Members skipped before the rows listed.
  package var offset: Int
  /// Rows listed (0 to ``maximumLimit``).
  package var limit: Int
  /// Show personal values unmasked (needs the permission to reveal contacts; audited).
  package var reveal: Bool
  /// The language of segment names.
  package var language: SegmentNameLanguage

  /// The most rows listed (a file takes every member).
  package static let maximumLimit = 10_000
  /// The default columns a source adds after the customer id, at most.
  static let defaultColumnCount = 4

  package init(
    source: Source, columns: [String]? = nil, period: String? = nil, out: String? = nil, offset: Int = 0,
    limit: Int = 20, reveal: Bool = false, language: SegmentNameLanguage = .both
  ) {
    self.source = source
    self.columns = columns
    self.period = period
    self.out = out
    self.offset = offset
    self.limit = limit
    self.reveal = reveal
    self.language = language
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let started = Date()
    guard offset >= 0 else { throw SegmentaError(.invalidRequest, "offset takes a whole number ≥ 0", field: "offset") }
    guard (0...Self.maximumLimit).contains(limit) else {
      throw SegmentaError(.invalidRequest, "--limit takes 0 to \(Self.maximumLimit) rows, not \(limit)", field: "limit")
    }
    let target = try out.map { out throws(SegmentaError) in try context.checkOutput(out, option: "--out") }
    if reveal { try context.require(.revealContacts, to: "reveal contacts") }
    // A file, or personal values shown unmasked, is recorded in the export audit.
    let workspace = try context.workspace(for: out != nil || reveal ? .write : .read)
    func progress(_ detail: String) { context.progress.report(.status("members", detail)) }

    progress("reading the catalogue")
    let selection = try Selection(source, period: period, workspace: workspace)
    let data = selection.data
    progress("selecting the members of \(selection.subject)")
    let members = try selection.members()
    let catalogue = try MemberColumns(
      names: columns ?? selection.defaultColumns, data: data, workspace: workspace, reveal: reveal,
      language: language)

    let shownRange = min(offset, members.rows.count)..<min(members.rows.count, offset + limit)
    let shown = Array(members.rows[shownRange])
    let rows = try catalogue.rows(shown)
    var file: String?
    if let target, let out {
      let total = members.rows.count
      progress("writing \(total) members")
      let batch = 50_000
      try SegmentaError.catching {
        let writer = try CSVWriter(target: target, header: catalogue.columns.map(\.name))
        var start = 0
        while start < total {
          let chunk = Array(members.rows[start..<min(total, start + batch)])
          for row in try catalogue.rows(chunk) {
            for cell in row {
              if case .missing = cell { writer.emptyField() } else { writer.field(cell.text) }
            }
            try writer.endRecord()
          }
          start += chunk.count
          context.progress.report(.amount("writing members", start, of: total, unit: .items))
        }
        try writer.close()
      }
      file = out
    }
    let revealed = reveal && catalogue.columns.contains(where: \.personal)
    if let out {
      try context.audit(
        .members, subject: selection.subject, file: out, rows: members.rows.count, revealed: revealed)
    } else if revealed && !rows.isEmpty {
      try context.audit(.members, subject: selection.subject, file: "-", rows: rows.count, revealed: true)
    }
    return Output(
      source: selection.kind, subject: selection.subject, rule: selection.rule, period: data.period,
      count: members.rows.count, customers: data.rowCount, unknown: members.unknown, columns: catalogue.columns,
      offset: offset, limit: limit, rows: rows, file: file, revealed: revealed,
      seconds: Date().timeIntervalSince(started))
  }
}

extension MembersWorkflow {
  /// A source resolved against the workspace: its rule data, what it is called and how its members are found.
  struct Selection {
    let data: WorkspaceRuleData
    let kind: String
    let subject: String
    let rule: String?
    let defaultColumns: [String]
    private let select: () throws(SegmentaError) -> (rows: [Int], unknown: Int?)

    /// The members: positions among ``WorkspaceRuleData/keys`` (ascending), and for a rule how many
    /// customers it is unknown for.
    func members() throws(SegmentaError) -> (rows: [Int], unknown: Int?) { try select() }

    init(_ source: Source, period: String?, workspace: Workspace) throws(SegmentaError) {
      switch source {
      case .segment(let name, let version, let segment):
        let stored = try workspace.segmentation(named: name, version: version)
        let number = try Self.segmentNumber(segment, of: stored)
        // The segmentation's own period shows the values it was made from.
        var shownPeriod = period
        if shownPeriod == nil, let own = stored.period, try workspace.periods().contains(where: { $0.label == own }) {
          shownPeriod = own
        }
        let data = try WorkspaceRuleData(workspace: workspace, period: shownPeriod)
        self.data = data
        kind = "segment"
        subject =
          "segment \(number) (\(SegmentNames.combined(stored.displayNames[number - 1]))) of \(stored.name) "
          + "v\(stored.version)"
        rule = nil
        defaultColumns = Array(
          stored.model.features.map(\.name).filter { data.schema.fields[$0] != nil }.prefix(Self.columnCount))
        let group = Int32(number - 1)
        select = { () throws(SegmentaError) in
          let positions = KeyPositions.positions(of: data.keys, in: stored.customerKeys)
          return (positions.indices.filter { positions[$0] >= 0 && stored.groups[Int(positions[$0])] == group }, nil)
        }
      case .tag(let name, let value):
        let data = try WorkspaceRuleData(workspace: workspace, period: period)
        self.data = data
        let tag = try Self.tag(name, value: value, tags: try workspace.tags())
        let tagName = tag.definition.name
        guard let latest = tag.latest else {
          throw SegmentaError(
            .missingPrerequisite, "tag '\(tagName)' has not been applied; run `segmenta tags apply`", field: "tag")
        }
        kind = "tag"
        subject = "tag \(tagName) v\(latest.version)"
        rule = latest.rule
        defaultColumns = Self.fieldsRead(by: latest.rule, data: data)
        select = { () throws(SegmentaError) in
          let tagged = try SegmentaError.catching { try data.tag(tagName) }
          return (tagged.indices.filter { tagged[$0] }, nil)
        }
      case .rule(let text):
        let data = try WorkspaceRuleData(workspace: workspace, period: period)
        self.data = data
        let compiled: CompiledRule
        do {
          compiled = try CompiledRule(text, schema: data.schema)
        } catch {
          throw SegmentaError(.invalidRule, "the rule: \(error.description)", field: "rule", position: error.position)
        }
        kind = "rule"
        subject = "rule \(text)"
        rule = text
        defaultColumns = Self.fieldsRead(by: text, data: data)
        select = { () throws(SegmentaError) in
          var evaluator = RuleEvaluator(data: data)
          let truth = try SegmentaError.catching { try evaluator.truth(compiled) }
          return (truth.indices.filter { truth[$0] == Truth.yes }, truth.filter { $0 == Truth.unknown }.count)
        }
      }
    }

    /// Default columns besides the customer id.
    static let columnCount = MembersWorkflow.defaultColumnCount

    /// The fields `rule` reads, in the order it names them (at most ``columnCount``); the first features
    /// of the period when it reads none.
    static func fieldsRead(by rule: String, data: WorkspaceRuleData) -> [String] {
      let fields = (try? CompiledRule(rule, schema: data.schema))?.fields.keys.sorted { a, b in
        (rule.range(of: a)?.lowerBound ?? rule.endIndex) < (rule.range(of: b)?.lowerBound ?? rule.endIndex)
      }
      if let fields, !fields.isEmpty { return Array(fields.prefix(columnCount)) }
      return Array((data.table?.features ?? []).map(\.name).prefix(columnCount))
    }

    /// The 1-based segment `text` names: its number, or its Chinese, English or combined name (exactly,
    /// else ignoring case).
    static func segmentNumber(_ text: String, of stored: StoredSegmentation) throws(SegmentaError) -> Int {
      let names = stored.displayNames
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      func spellings(_ label: FeatureLabel) -> [String] {
        [label.zh, label.en, "\(label.zh) / \(label.en)", SegmentNames.combined(label)]
      }
      if let number = Int(trimmed), (1...names.count).contains(number) { return number }
      if let index = names.firstIndex(where: { spellings($0).contains(trimmed) }) { return index + 1 }
      if let index = names.firstIndex(where: { spellings($0).contains { $0.lowercased() == trimmed.lowercased() } }) {
        return index + 1
      }
      let listing = names.enumerated().map { "\($0.offset + 1) (\(SegmentNames.combined($0.element)))" }
      throw SegmentaError(
        .notFound,
        "segmentation '\(stored.name)' v\(stored.version) has no segment '\(text)'; its segments are "
          + listing.joined(separator: ", "), field: "segment")
    }

    /// The tag `name`, or with `value` the tag of the family `name` that stands for it (`gender` and
    /// `F` → `gender_F`; a band by its text, `age` and `25–35`).
    static func tag(_ name: String, value: String?, tags: [StoredTag]) throws(SegmentaError) -> StoredTag {
      let family = tags.filter { $0.definition.family == name }
      guard let value else {
        if let tag = tags.first(where: { $0.definition.name == name }) { return tag }
        if !family.isEmpty {
          throw SegmentaError(
            .invalidRequest,
            "'\(name)' is a family of tags; pick one with --value (its tags: "
              + family.map(\.definition.name).joined(separator: ", ") + ")", field: "value")
        }
        throw unknownTag(name, tags: tags)
      }
      guard !family.isEmpty else {
        if tags.contains(where: { $0.definition.name == name }) {
          throw SegmentaError(
            .invalidRequest, "tag '\(name)' is not a value or band family; leave out --value", field: "value")
        }
        throw unknownTag(name, tags: tags)
      }
      let wanted = "\(name)_\(TagSpecParser.token(value))"
      let match =
        family.first { $0.definition.name == wanted }
        ?? family.first { tag in
          let label = tag.definition.label
          return [label.zh, label.en].contains {
            $0.hasSuffix(" \(value)") || $0.hasSuffix(": \(value)") || $0.hasSuffix("：\(value)")
          }
        }
      guard let match else {
        let values = family.map { String($0.definition.name.dropFirst(name.count + 1)) }
        throw SegmentaError(
          .notFound, "tag family '\(name)' has no value '\(value)'; its values are \(values.joined(separator: ", "))",
          field: "value")
      }
      return match
    }

    static func unknownTag(_ name: String, tags: [StoredTag]) -> SegmentaError {
      let names = tags.map(\.definition.name) + Set(tags.compactMap(\.definition.family)).sorted()
      let close = CloseNames.closest(to: name, among: names)
      return SegmentaError(
        .notFound,
        "no tag '\(name)'"
          + (close.isEmpty
            ? (names.isEmpty ? "; define tags with `segmenta tags define --spec FILE`" : "")
            : "; close names: \(close.joined(separator: ", "))"),
        field: "tag")
    }
  }
}

/// The columns a members listing may show, for a page's column chooser: what rules read, the personal
/// columns (masked), `segment(NAME)` and `tag(NAME)`, and the ones shown by default for a source.
package struct MemberColumnChoicesWorkflow: Workflow {
  /// One column that may be chosen.
  package struct Choice: Sendable, Codable, Equatable {
    package var name: String
    /// `feature`, `customer`, `value`, `contact_status`, `personal`, `segment` or `tag`.
    package var kind: String
  }

  package struct Output: Sendable, Codable, Equatable {
    /// The columns shown when none are chosen (after `customer_id`); empty without a source.
    package var defaults: [String]
    package var choices: [Choice]
    /// The wide-table period whose features are offered.
    package var period: String?
  }

  /// The source whose default columns are marked (nil: none, as for a rule not yet written, whose
  /// default columns are the fields it reads).
  package var source: MembersWorkflow.Source?
  package var period: String?

  package init(source: MembersWorkflow.Source? = nil, period: String? = nil) {
    self.source = source
    self.period = period
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let workspace = try context.workspace(for: .read)
    let data: WorkspaceRuleData
    let defaults: [String]
    if let source {
      let selection = try MembersWorkflow.Selection(source, period: period, workspace: workspace)
      data = selection.data
      defaults = selection.defaultColumns
    } else {
      data = try WorkspaceRuleData(workspace: workspace, period: period)
      defaults = []
    }
    let schema = data.schema
    let features = (data.table?.features ?? []).map(\.name)
    let customer = data.columns.map(\.name).filter { schema.fields[$0] != nil && !features.contains($0) }
    let value = (data.valueTable?.columnNames ?? []).filter { schema.fields[$0] != nil && !customer.contains($0) }
    let choices =
      features.map { Choice(name: $0, kind: "feature") } + customer.map { Choice(name: $0, kind: "customer") }
      + value.filter { !features.contains($0) }.map { Choice(name: $0, kind: "value") }
      + schema.personalFields.sorted().map { Choice(name: $0, kind: "personal") }
      + schema.segmentations.keys.sorted().map { Choice(name: "segment(\($0))", kind: "segment") }
      + schema.tags.sorted().map { Choice(name: "tag(\($0))", kind: "tag") }
    return Output(defaults: defaults, choices: choices, period: data.period)
  }
}
