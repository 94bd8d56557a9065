import Foundation
import SegmentaCore
import Yams

/// Reads a wide-table spec (`features.yaml`); see `docs/features.md` for the format.
///
/// Every problem is reported with the file, line and column of the offending key or value,
/// including unknown keys (with a suggestion for typos), unknown value lists and malformed hours.
package enum WideTableSpecParser {
  static let topKeys = ["version", "events", "reference_date", "calendar", "lists", "features"]
  static let featureKeys = [
    "name", "label", "description", "aggregate", "of", "where", "window_days", "split", "divide_by",
    "ratio", "share", "zero_over_zero", "nonzero_over_zero", "customer", "tenure", "bands", "band_labels",
    "categories", "feature", "changed", "previous", "without_previous",
  ]
  /// The keys that say how a feature is computed; a feature has exactly one.
  static let kindKeys = ["aggregate", "ratio", "share", "customer", "feature", "changed"]

  /// Parses spec text; `file` names it in errors.
  package static func parse(_ text: String, file: String) throws(SpecFileError) -> WideTableSpec {
    try parse(YAMLValue.parse(text, file: file))
  }

  /// Reads and parses the spec at `path`.
  package static func load(path: String) throws(SpecFileError) -> WideTableSpec {
    try parse(YAMLValue.load(path: path))
  }

  static func parse(_ root: YAMLValue) throws(SpecFileError) -> WideTableSpec {
    let top = try root.fields("the spec", allowed: topKeys)
    if let version = top["version"], try version.integer("version") != 1 {
      throw version.error("this Segmenta reads spec version 1")
    }
    var columns = EventColumns()
    if let events = top["events"] {
      let roles = try events.fields("events", allowed: ["customer_id", "timestamp", "type"])
      if let value = roles["customer_id"] { columns.customerID = try value.text("events.customer_id") }
      if let value = roles["timestamp"] { columns.timestamp = try value.text("events.timestamp") }
      if let value = roles["type"] { columns.type = try value.text("events.type") }
    }
    var referenceDay: Int?
    if let value = top["reference_date"] {
      let text = try value.text("reference_date")
      guard let day = ValueParser.withBytes(of: text, { ValueParser.parseDate($0) }) else {
        throw value.error("reference_date must be a date as YYYY-MM-DD")
      }
      referenceDay = day
    }
    var calendar = CalendarRules()
    if let value = top["calendar"] {
      let fields = try value.fields("calendar", allowed: ["weekend", "peak_hours", "night_hours"])
      if let weekend = fields["weekend"] {
        var days = Set<Int>()
        for name in try weekend.texts("calendar.weekend") {
          guard let day = weekdayNumber(name) else {
            throw weekend.error("unknown weekday '\(name)'; use mon, tue, wed, thu, fri, sat, sun")
          }
          days.insert(day)
        }
        calendar.weekendDays = days
      }
      if let peak = fields["peak_hours"] { calendar.peakHours = try minuteRange(peak, "calendar.peak_hours") }
      if let night = fields["night_hours"] { calendar.nightHours = try minuteRange(night, "calendar.night_hours") }
    }
    var lists: [String: [String]] = [:]
    if let value = top["lists"] {
      for entry in try value.mapping("lists") {
        lists[entry.key] = try entry.value.texts("list '\(entry.key)'")
      }
    }
    guard let featureNodes = top["features"] else {
      throw root.error("the spec has no 'features' list")
    }
    var features: [FeatureDefinition] = []
    for node in try featureNodes.sequence("features") {
      features.append(try feature(node, lists: lists))
    }
    let spec = WideTableSpec(
      eventColumns: columns, calendar: calendar, referenceDay: referenceDay, lists: lists, features: features)
    return spec
  }

  static func feature(_ node: YAMLValue, lists: [String: [String]]) throws(SpecFileError) -> FeatureDefinition {
    let fields = try node.fields("a feature", allowed: featureKeys)
    guard let nameNode = fields["name"] else { throw node.error("a feature needs a 'name'") }
    let name = try nameNode.text("name")
    guard WideTablePlan.isIdentifier(name) else {
      throw nameNode.error("feature name '\(name)' must start with a letter and hold only letters, digits and '_'")
    }
    let what = "feature '\(name)'"
    var label = FeatureLabel(zh: name, en: name)
    if let labelNode = fields["label"] {
      if case .scalar = labelNode.node {
        let text = try labelNode.text("label")
        label = FeatureLabel(zh: text, en: text)
      } else {
        let labels = try labelNode.fields("the label of \(what)", allowed: ["zh", "en"])
        guard let zh = labels["zh"], let en = labels["en"] else {
          throw labelNode.error("the label of \(what) needs both 'zh' and 'en'")
        }
        label = FeatureLabel(zh: try zh.text("label.zh"), en: try en.text("label.en"))
      }
    }
    let description = try fields["description"]?.text("description")
    let present = kindKeys.compactMap { key in fields[key].map { (key, $0) } }
    let kinds = present.map(\.0)
    guard kinds.count == 1, let kindNode = present.first?.1 else {
      throw node.error(
        kinds.isEmpty
          ? "\(what) needs one of 'aggregate', 'ratio', 'share', 'customer', 'feature' (bands of a feature) or "
            + "'changed' to say how it is computed"
          : "\(what) has both '\(kinds[0])' and '\(kinds[1])'; a feature is computed one way")
    }
    func only(_ allowed: [String]) throws(SpecFileError) {
      let common = ["name", "label", "description", kinds[0]]
      for (key, value) in fields where !common.contains(key) && !allowed.contains(key) {
        throw value.error("'\(key)' does not apply to a '\(kinds[0])' feature (\(what))")
      }
    }
    let kind: FeatureKind
    switch kinds[0] {
    case "aggregate":
      try only(["of", "where", "window_days", "split", "divide_by", "categories"])
      let functionNode = kindNode
      let functionName = try functionNode.text("aggregate")
      guard let function = AggregateFunction(rawValue: functionName) else {
        throw functionNode.error(
          "unknown aggregate '\(functionName)'; use one of \(AggregateFunction.allCases.map(\.rawValue).joined(separator: ", "))"
        )
      }
      let field = try fields["of"]?.text("of")
      if function.needsField && field == nil {
        throw functionNode.error("\(what): '\(functionName)' needs the field it reads, given with 'of'")
      }
      if !function.needsField, let ofNode = fields["of"] {
        throw ofNode.error("\(what): '\(functionName)' reads no field; remove 'of'")
      }
      var filter = EventFilter()
      if let whereNode = fields["where"] { try readWhere(whereNode, into: &filter, lists: lists, what: what) }
      if let window = fields["window_days"] {
        let days = try window.integer("window_days")
        guard days > 0 else { throw window.error("window_days must be a positive number of days") }
        filter.windowDays = days
      }
      if let split = fields["split"] {
        for text in try split.texts("split") {
          guard let value = TimeSplit(rawValue: text) else {
            throw split.error(
              "unknown split '\(text)'; use \(TimeSplit.allCases.map(\.rawValue).joined(separator: ", "))")
          }
          filter.splits.append(value)
        }
      }
      var divisor = 1.0
      if let divide = fields["divide_by"] {
        if function.talliesCategories { throw divide.error("\(what): divide_by does not apply to \(functionName)") }
        divisor = try divide.number("divide_by")
        guard divisor != 0 else { throw divide.error("divide_by must not be 0") }
      }
      var categories: [String] = []
      if let categoriesNode = fields["categories"] {
        guard function.talliesCategories else {
          throw categoriesNode.error("\(what): categories apply to mode and mode_share only")
        }
        categories = try categoriesNode.texts("categories")
        if categories.isEmpty { throw categoriesNode.error("\(what): categories lists no category") }
        if categories.count > WideTablePlan.maximumCategories {
          throw categoriesNode.error(
            "\(what) declares \(categories.count) categories; at most \(WideTablePlan.maximumCategories) are supported")
        }
        if let repeated = categories.enumerated().first(where: { categories[..<$0.offset].contains($0.element) }) {
          throw categoriesNode.error("\(what): category '\(repeated.element)' is listed twice")
        }
      } else if function.talliesCategories {
        throw functionNode.error(
          "\(what): '\(functionName)' counts declared categories: list them with 'categories: [a, b, …]' "
            + "(values not listed count as 'other')")
      }
      kind = .aggregate(
        EventAggregate(function: function, field: field, filter: filter, divisor: divisor, categories: categories))
    case "ratio", "share":
      try only(["zero_over_zero", "nonzero_over_zero"])
      let operandsNode = kindNode
      let operands = try operandsNode.texts(kinds[0])
      guard operands.count == 2 else {
        throw operandsNode.error(
          "\(kinds[0]) takes two feature names: [\(kinds[0] == "ratio" ? "numerator, denominator" : "part, whole")]")
      }
      var rule = kinds[0] == "ratio" ? DivisionRule.ratioDefault : DivisionRule.shareDefault
      if let value = fields["zero_over_zero"] { rule.zeroOverZero = try optionalNumber(value, "zero_over_zero") }
      if let value = fields["nonzero_over_zero"] {
        rule.nonzeroOverZero = try optionalNumber(value, "nonzero_over_zero")
      }
      kind =
        kinds[0] == "ratio"
        ? .ratio(numerator: operands[0], denominator: operands[1], division: rule)
        : .share(part: operands[0], whole: operands[1], division: rule)
    case "feature":
      try only(["bands", "band_labels"])
      let source = try kindNode.text("feature")
      guard let bandsNode = fields["bands"] else {
        throw kindNode.error("\(what) reads feature '\(source)': cut it into bands with 'bands: [e1, e2, …]'")
      }
      let (edges, labels) = try bands(bandsNode, labels: fields["band_labels"])
      kind = .bands(feature: source, edges: edges, labels: labels)
    case "changed":
      try only(["previous", "without_previous"])
      var missingWithoutPrevious = false
      if let node = fields["without_previous"] {
        guard try node.text("without_previous") == "missing" else {
          throw node.error("without_previous takes 'missing' (the feature is missing when no earlier period is stored)")
        }
        missingWithoutPrevious = true
      }
      kind = .changed(
        feature: try kindNode.text("changed"), previous: try fields["previous"]?.text("previous"),
        missingWithoutPrevious: missingWithoutPrevious)
    default:
      try only(["tenure", "bands", "band_labels"])
      let column = try kindNode.text("customer")
      if let tenure = fields["tenure"] {
        let unitName = try tenure.text("tenure")
        guard let unit = TenureUnit(rawValue: unitName) else {
          throw tenure.error("tenure is counted in days, months or years, not '\(unitName)'")
        }
        if fields["bands"] != nil { throw tenure.error("\(what) has both 'tenure' and 'bands'") }
        kind = .customer(.tenure(column: column, unit: unit))
      } else if let bandsNode = fields["bands"] {
        let (edges, labels) = try bands(bandsNode, labels: fields["band_labels"])
        kind = .customer(.bands(column: column, edges: edges, labels: labels))
      } else {
        if let labelsNode = fields["band_labels"] { throw labelsNode.error("band_labels needs 'bands'") }
        kind = .customer(.copy(column: column))
      }
    }
    return FeatureDefinition(name: name, label: label, description: description, kind: kind)
  }

  /// The increasing edges of `node` and the labels of `labelsNode` (none, or one per band).
  static func bands(_ node: YAMLValue, labels labelsNode: YAMLValue?) throws(SpecFileError) -> ([Double], [String]) {
    var edges: [Double] = []
    for edge in try node.sequence("bands") { edges.append(try edge.number("each band edge")) }
    guard !edges.isEmpty, zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) else {
      throw node.error("bands must be a non-empty list of increasing numbers")
    }
    let labels = try labelsNode?.texts("band_labels") ?? []
    if let labelsNode, !labels.isEmpty && labels.count != edges.count + 1 {
      throw labelsNode.error(
        "\(edges.count) band edges make \(edges.count + 1) bands, so band_labels needs \(edges.count + 1) labels, not \(labels.count)"
      )
    }
    return (edges, labels)
  }

  /// The line and column of feature `name`'s entry in spec `text`, if the text parses and has it.
  package static func location(ofFeature name: String, in text: String, file: String) -> (line: Int, column: Int)? {
    guard let root = try? YAMLValue.parse(text, file: file), let top = try? root.fields("the spec", allowed: topKeys),
      let features = try? top["features"]?.sequence("features")
    else { return nil }
    for node in features {
      guard let fields = try? node.fields("a feature", allowed: featureKeys), let nameNode = fields["name"],
        (try? nameNode.text("name")) == name, let mark = node.node.mark
      else { continue }
      return (mark.line, mark.column)
    }
    return nil
  }

  /// `message` about feature `name` as an error located at its entry in spec `text`.
  package static func error(about name: String?, _ message: String, in text: String, file: String) -> SpecFileError {
    let place = name.flatMap { location(ofFeature: $0, in: text, file: file) }
    return SpecFileError(file: file, line: place?.line, column: place?.column, message: message)
  }

  static func readWhere(
    _ node: YAMLValue, into filter: inout EventFilter, lists: [String: [String]], what: String
  ) throws(SpecFileError) {
    for entry in try node.mapping("'where' of \(what)") {
      if entry.key == "type" {
        filter.eventTypes = try entry.value.texts("where.type")
        continue
      }
      let field = entry.key
      switch entry.value.node {
      case .scalar, .sequence:
        filter.conditions.append(.oneOf(field: field, values: try entry.value.texts("where.\(field)"), negated: false))
      case .mapping:
        for test in try entry.value.mapping("where.\(field)") {
          let value = test.value
          if let op = ComparisonOperator(rawValue: test.key) {
            if let number = value.plainNumber {
              filter.conditions.append(.compare(field: field, op: op, value: number))
            } else if op == .equal || op == .notEqual {
              filter.conditions.append(
                .oneOf(field: field, values: [try value.text("\(field).\(test.key)")], negated: op == .notEqual))
            } else {
              throw value.error("'\(test.key)' compares with a number")
            }
            continue
          }
          switch test.key {
          case "in", "not_in":
            filter.conditions.append(
              .oneOf(field: field, values: try value.texts("\(field).\(test.key)"), negated: test.key == "not_in"))
          case "in_list", "not_in_list":
            let listName = try value.text("\(field).\(test.key)")
            guard let values = lists[listName] else {
              throw value.error(
                "no list named '\(listName)'; define it under 'lists:'"
                  + (lists.isEmpty ? "" : " (lists: \(lists.keys.sorted().joined(separator: ", ")))"))
            }
            filter.conditions.append(.oneOf(field: field, values: values, negated: test.key == "not_in_list"))
          default:
            let allowed = ["in", "not_in", "in_list", "not_in_list", "eq", "ne", "lt", "le", "gt", "ge"]
            let suggestion = YAMLValue.closest(test.key, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
            throw test.keyNode.error(
              "unknown test '\(test.key)' on field '\(field)'\(suggestion); use \(allowed.joined(separator: ", "))")
          }
        }
      case .alias:
        throw entry.value.error("aliases are not supported here")
      }
    }
  }

  static func optionalNumber(_ node: YAMLValue, _ what: String) throws(SpecFileError) -> Double? {
    if let text = try? node.text(what), text == "missing" { return nil }
    return try node.number("\(what) (a number or 'missing')")
  }

  static func weekdayNumber(_ name: String) -> Int? {
    let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    let key = String(name.lowercased().prefix(3))
    return names.firstIndex(of: key).map { $0 + 1 }
  }

  static func minuteRange(_ node: YAMLValue, _ what: String) throws(SpecFileError) -> MinuteRange {
    let text = try node.text(what)
    let parts = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
    func minute(_ clock: String) -> Int? {
      let pieces = clock.split(separator: ":")
      guard pieces.count == 2, let h = Int(pieces[0]), let m = Int(pieces[1]), (0...24).contains(h),
        (0..<60).contains(m),
        h * 60 + m <= 1440
      else { return nil }
      return h * 60 + m
    }
    guard parts.count == 2, let start = minute(parts[0]), let end = minute(parts[1]), start != end else {
      throw node.error("\(what) must look like \"08:00-18:00\" (a range may wrap past midnight, e.g. \"23:00-07:00\")")
    }
    return MinuteRange(start: start % 1440, end: end)
  }
}
