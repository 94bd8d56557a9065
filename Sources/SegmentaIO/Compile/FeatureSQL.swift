import Foundation
import SegmentaCore

/// A wide-table spec as one SQL query: `customer_id` and every feature, in spec order, for every customer of
/// the customers table, the same values `segmenta features build` stores and `segmenta features export` writes.
///
/// The query reads the events once: one common table expression keeps the events before the reference day with
/// their day, minute of the day and ISO weekday; one GROUP BY customer pass computes every aggregate by
/// conditional aggregation (`SUM(CASE WHEN filter THEN x END)`); the per-customer rows are then joined to the
/// customers table, and the customer-derived features, ratios, shares, bands and changes are computed level by
/// level from the features they read. Missing values are NULL; categorical features hold their 0-based codes.
/// The same spec and options give the same text, byte for byte.
package struct FeatureSQL: Sendable {
  /// The tables the query reads.
  package struct Tables: Sendable, Equatable {
    /// One row per event: the columns of the event files.
    package var events: String
    /// One row per customer: `customer_id` and the customer columns the spec reads.
    package var customers: String
    /// The previous period's wide table (`customer_id` and the compared features' codes), for `changed`.
    package var previous: String?

    package init(events: String = "events", customers: String = "customers", previous: String? = nil) {
      self.events = events
      self.customers = customers
      self.previous = previous
    }
  }

  /// How the reference day is set: the first day not counted.
  package enum Reference: Sendable, Equatable {
    /// A fixed day (days since 1970-01-01): the spec's `reference_date` or `--as-of`.
    case day(Int, source: String)
    /// The day after the latest event of a customer of the customers table, computed by the query.
    case afterLatestEvent
  }

  package var spec: WideTableSpec
  package var dialect: SQLDialect
  package var tables: Tables
  /// The spec file's name, for the comments.
  package var specFile: String
  /// Each feature's line in the spec file, for the comments (features without one are described alone).
  package var lines: [String: Int]

  /// Checks the tables and the spec; `referenceDay` (days since 1970-01-01) overrides the spec's reference date.
  ///
  /// Throws ``WideTableSpecError`` for a spec the workspace would refuse and `SegmentaError` for a table name
  /// that is not one, or a `changed` feature without `tables.previous` whose spec does not say
  /// `without_previous: missing`.
  package init(
    spec: WideTableSpec, dialect: SQLDialect, tables: Tables = Tables(), referenceDay: Int? = nil,
    specFile: String = "the spec", lines: [String: Int] = [:]
  ) throws {
    try SQLDialect.checkTableName(tables.events, field: "events-table")
    try SQLDialect.checkTableName(tables.customers, field: "customers-table")
    if let previous = tables.previous { try SQLDialect.checkTableName(previous, field: "previous-table") }
    var spec = spec
    if let referenceDay { spec.referenceDay = referenceDay }
    _ = try WideTablePlan(spec: spec)
    if tables.previous == nil {
      for feature in spec.features {
        guard case .changed(let source, _, let missingWithoutPrevious) = feature.kind, !missingWithoutPrevious else {
          continue
        }
        throw SegmentaError(
          .invalidRequest,
          "feature '\(feature.name)' compares '\(source)' with the previous period: name the table holding "
            + "customer_id and '\(source)' as `segmenta features export` wrote them for that period with "
            + "--previous-table, or set 'without_previous: missing' in the spec", field: "previous-table")
      }
    }
    if spec.referenceDay == nil && !spec.usesEvents,
      let tenure = spec.features.first(where: {
        if case .customer(.tenure) = $0.kind { return true } else { return false }
      })
    {
      throw WideTableSpecError(
        feature: tenure.name, "tenure needs a reference date: set reference_date in the spec or pass --as-of")
    }
    self.spec = spec
    self.dialect = dialect
    self.tables = tables
    self.specFile = specFile
    self.lines = lines
  }

  /// The query text (`lines` and `specFile` only go into comments).
  package static func query(
    spec: WideTableSpec, dialect: SQLDialect, eventsTable: String = "events", customersTable: String = "customers",
    previousTable: String? = nil, referenceDay: Int? = nil, specFile: String = "the spec", lines: [String: Int] = [:]
  ) throws -> String {
    try FeatureSQL(
      spec: spec, dialect: dialect,
      tables: Tables(events: eventsTable, customers: customersTable, previous: previousTable),
      referenceDay: referenceDay, specFile: specFile, lines: lines
    ).query()
  }

  /// How the reference day is set.
  package var reference: Reference {
    spec.referenceDay.map { .day($0, source: "reference_date of the spec") } ?? .afterLatestEvent
  }

  /// The reference-day rule in words.
  package var referenceRule: String {
    switch reference {
    case .day(let day, _):
      return "\(CivilDate.isoString(days: day)): events on or after it are ignored; windows, recency and tenure "
        + "count back from it"
    case .afterLatestEvent:
      return "the day after the latest event of a customer of \(tables.customers), computed by the query "
        + "(no event is ignored)"
    }
  }

  /// What a feature's column holds: `whole number` (counts, distinct counts, days and months), `number`,
  /// `category code` (0, 1, … standing for the feature's categories) or `0 or 1`.
  package func holds(_ feature: FeatureDefinition) -> String {
    switch feature.kind {
    case .aggregate(let aggregate) where aggregate.function == .mode: return "category code"
    case .aggregate(let aggregate) where [.count, .distinct, .recency].contains(aggregate.function):
      return aggregate.divisor == 1 ? "whole number" : "number"
    case .customer(.tenure): return "whole number"
    case .customer(.bands), .bands: return "category code"
    case .changed: return "0 or 1"
    default: return "number"
    }
  }

  /// The event columns the query reads with the type each must have: customer id, timestamp, type (when
  /// filters name types), measures and text fields.
  package var eventColumns: [(name: String, type: String)] {
    let plan = self.plan
    var columns = [(spec.eventColumns.customerID, "text"), (spec.eventColumns.timestamp, "timestamp")]
    if let type = spec.eventColumns.type, !plan.typeNames.isEmpty { columns.append((type, "text")) }
    return columns + plan.measureNames.map { ($0, "double") } + plan.textFieldNames.map { ($0, "text") }
  }

  /// The customer columns the query reads with their types, `customer_id` first.
  package var customerColumns: [(name: String, type: String)] {
    var columns = [("customer_id", "text")]
    for feature in spec.features {
      guard case .customer(let derivation) = feature.kind, !columns.contains(where: { $0.0 == derivation.column })
      else { continue }
      columns.append((derivation.column, derivation.readsNumbers ? "double" : "date"))
    }
    return columns
  }

  /// The previous period's feature columns the query reads (after `customer_id`).
  package var previousColumns: [String] {
    guard tables.previous != nil else { return [] }
    var sources: [String] = []
    for feature in spec.features {
      if case .changed(let source, _, _) = feature.kind, !sources.contains(source) { sources.append(source) }
    }
    return sources
  }

  private var plan: WideTablePlan {
    // The initialiser checked the spec.
    guard let plan = try? WideTablePlan(spec: spec) else { preconditionFailure("a checked spec") }
    return plan
  }

  // MARK: - The query

  /// The query, with a header comment; it ends with a semicolon and a newline.
  package func query() -> String {
    let plan = self.plan
    var lines = header(plan)
    var ctes: [String] = []
    var aggregates = AggregateColumns()
    let level = levels()
    var expressions: [String: String] = [:]
    if spec.usesEvents {
      ctes.append(eventsCTE(plan))
      for feature in spec.features {
        guard case .aggregate(let aggregate) = feature.kind else { continue }
        expressions[feature.name] = aggregateFeature(aggregate, name: feature.name, columns: &aggregates)
      }
      if case .afterLatestEvent = reference, needsReference {
        _ = aggregates.column("MAX(\(q("segmenta_day")))", name: "segmenta_last_day")
      }
      ctes.append(perCustomerCTE(aggregates))
      if case .afterLatestEvent = reference, needsReference { ctes.append(referenceCTE()) }
    }
    let maxLevel = level.values.max() ?? 1
    for depth in 1...maxLevel {
      ctes.append(levelCTE(depth, level: level, expressions: expressions, joinsEvents: spec.usesEvents))
    }
    lines.append("WITH " + ctes.joined(separator: ",\n"))
    lines.append(
      "-- Every feature in spec order; numbers beyond the 64-bit range are missing, as the workspace stores them.")
    lines.append("SELECT")
    var select = ["  l.\(q("customer_id"))"]
    for feature in spec.features {
      let column = "l.\(q(feature.name))"
      select.append(
        "  " + (mayBeNonFinite(feature) ? "CASE WHEN \(column) - \(column) = 0 THEN \(column) END" : column)
          + " AS \(q(feature.name))")
    }
    lines.append(select.joined(separator: ",\n"))
    lines.append("FROM \(q("features_\(maxLevel)")) AS l;")
    return lines.joined(separator: "\n") + "\n"
  }

  private func q(_ name: String) -> String { dialect.identifier(name) }

  /// Whether recency or tenure reads the reference day.
  private var needsReference: Bool {
    spec.features.contains { feature in
      switch feature.kind {
      case .aggregate(let aggregate): return aggregate.function == .recency
      case .customer(.tenure): return true
      default: return false
      }
    }
  }

  private func header(_ plan: WideTablePlan) -> [String] {
    let measures = plan.measureNames
    let texts = plan.textFieldNames
    var lines = [
      "-- Wide table of \(ModelSQL.comment(specFile)), compiled by Segmenta for \(dialect.title): customer_id and "
        + "\(spec.features.count) features, one row per customer of \(tables.customers) (in no particular order).",
      "-- The same values as `segmenta features build` stores and `segmenta features export` writes: categorical",
      "-- features as 0-based codes, missing values as NULL.",
    ]
    if spec.usesEvents {
      lines += [
        "-- Reads \(tables.events) (\(eventColumns.map(\.name).joined(separator: ", "))), one row per event:",
        "--   \(spec.eventColumns.timestamp) a TIMESTAMP holding the wall-clock time the event files give (an offset such as",
        "--   +08:00 is not applied; seconds and their fractions do not matter)"
          + (measures.isEmpty ? "" : ", \(measures.joined(separator: ", ")) numeric (DOUBLE)")
          + (texts.isEmpty && plan.typeNames.isEmpty ? "." : ", the other fields text (blank is missing)."),
        "--   Events of customers not in \(tables.customers) are ignored.",
      ]
    }
    lines.append(
      "-- Reads \(tables.customers) (\(customerColumns.map(\.name).joined(separator: ", "))), one row per customer, "
        + "as imported (dates as DATE).")
    if let previous = tables.previous, !previousColumns.isEmpty {
      lines.append(
        "-- Reads \(previous) (customer_id, \(previousColumns.joined(separator: ", "))): the previous period's codes as "
          + "`segmenta features export` wrote them.")
    }
    switch reference {
    case .day(let day, let source):
      lines.append("-- Reference day \(CivilDate.isoString(days: day)) (\(source)): events on or after it are ignored;")
      lines.append("-- windows, recency and tenure count back from it.")
    case .afterLatestEvent:
      lines.append(
        "-- Reference day: the day after the latest event of a customer of \(tables.customers); no event is ignored.")
    }
    return lines
  }

  // MARK: - Events

  private func eventsCTE(_ plan: WideTablePlan) -> String {
    let roles = spec.eventColumns
    let timestamp = "e.\(q(roles.timestamp))"
    let day = dialect.dayNumber(timestamp)
    let splits = Set(
      spec.features.flatMap { feature -> [TimeSplit] in
        if case .aggregate(let aggregate) = feature.kind { return aggregate.filter.splits }
        return []
      })
    var columns = [
      "e.\(q(roles.customerID)) AS \(q("customer_id"))",
      "\(day) AS \(q("segmenta_day"))",
    ]
    if !splits.isDisjoint(with: [.peak, .offpeak, .night]) {
      columns.append(
        "EXTRACT(HOUR FROM \(timestamp)) * 60 + EXTRACT(MINUTE FROM \(timestamp)) AS \(q("segmenta_minute"))")
    }
    if !splits.isDisjoint(with: [.weekday, .weekend]) {
      // 1970-01-01 was a Thursday (ISO weekday 4).
      columns.append("MOD(MOD((\(day)) + 3, 7) + 7, 7) + 1 AS \(q("segmenta_weekday"))")
    }
    if let type = roles.type, !plan.typeNames.isEmpty {
      columns.append("\(text("e.\(q(type))")) AS \(q("segmenta_type"))")
    }
    for measure in plan.measureNames {
      columns.append("CAST(e.\(q(measure)) AS \(dialect.doubleType)) AS \(q(measure))")
    }
    for field in plan.textFieldNames {
      columns.append("\(text("e.\(q(field))")) AS \(q(field))")
    }
    var lines = [
      "\(q("events")) AS (",
      "  -- Each event once: its customer, day (since 1970-01-01)"
        + (columns.count > 2 ? ", the time-of-week and fields the features read" : "") + ".",
      "  SELECT",
      columns.map { "    " + $0 }.joined(separator: ",\n"),
      "  FROM \(dialect.table(tables.events)) AS e",
    ]
    if case .day(let reference, _) = reference {
      lines.append("  WHERE \(timestamp) < TIMESTAMP '\(CivilDate.isoString(days: reference)) 00:00:00'")
    }
    lines.append(")")
    return lines.joined(separator: "\n")
  }

  /// A text field: trimmed of spaces, blank as NULL.
  private func text(_ column: String) -> String {
    "NULLIF(TRIM(CAST(\(column) AS \(dialect.textType))), '')"
  }

  /// The condition an event must meet to count, or nil when every event counts.
  private func filter(_ filter: EventFilter) -> String? {
    var parts: [String] = []
    if let types = filter.eventTypes {
      parts.append(
        spec.eventColumns.type == nil || types.isEmpty
          ? "FALSE" : "\(q("segmenta_type")) IN (\(types.map(dialect.text).joined(separator: ", ")))")
    }
    for condition in filter.conditions {
      switch condition {
      case .compare(let field, let op, let value):
        parts.append("\(q(field)) \(RuleSQL.symbol(op)) \(SQLDialect.number(value))")
      case .oneOf(let field, let values, let negated):
        if values.isEmpty {
          parts.append(negated ? "\(q(field)) IS NOT NULL" : "FALSE")
        } else {
          parts.append("\(q(field)) \(negated ? "NOT IN" : "IN") (\(values.map(dialect.text).joined(separator: ", ")))")
        }
      }
    }
    if let days = filter.windowDays, let reference = spec.referenceDay {
      parts.append("\(q("segmenta_day")) >= \(reference - days)")
    }
    let weekend = spec.calendar.weekendDays.sorted().map(String.init).joined(separator: ", ")
    for split in filter.splits {
      switch split {
      case .weekday:
        if !weekend.isEmpty { parts.append("\(q("segmenta_weekday")) NOT IN (\(weekend))") }
      case .weekend:
        parts.append(weekend.isEmpty ? "FALSE" : "\(q("segmenta_weekday")) IN (\(weekend))")
      case .peak: parts.append(minutes(spec.calendar.peakHours))
      case .offpeak: parts.append("NOT \(minutes(spec.calendar.peakHours))")
      case .night: parts.append(minutes(spec.calendar.nightHours))
      }
    }
    return parts.isEmpty ? nil : parts.joined(separator: " AND ")
  }

  /// The minute of the day within `range` (wrapping past midnight when it starts after it ends).
  private func minutes(_ range: MinuteRange) -> String {
    let minute = q("segmenta_minute")
    return range.start <= range.end
      ? "(\(minute) >= \(range.start) AND \(minute) < \(range.end))"
      : "(\(minute) >= \(range.start) OR \(minute) < \(range.end))"
  }

  // MARK: - Aggregates

  /// The per-customer aggregate columns, each written once however many features read it.
  private struct AggregateColumns {
    var columns: [(name: String, expression: String, comment: String?)] = []
    var byExpression: [String: String] = [:]

    /// The name of the column computing `expression`, added as `name` unless an earlier one computes it.
    mutating func column(_ expression: String, name: String, comment: String? = nil) -> String {
      if let existing = byExpression[expression] { return existing }
      columns.append((name, expression, comment))
      byExpression[expression] = name
      return name
    }
  }

  /// `value` for the events passing `condition` (every event when nil), NULL for the others.
  private func only(_ condition: String?, _ value: String) -> String {
    condition.map { "CASE WHEN \($0) THEN \(value) END" } ?? value
  }

  /// Adds the aggregates feature `name` reads to `columns` and returns its value over the per-customer row `a`.
  private func aggregateFeature(_ aggregate: EventAggregate, name: String, columns: inout AggregateColumns) -> String {
    let condition = filter(aggregate.filter)
    let field = aggregate.field.map(q) ?? ""
    let comment = spec.features.first { $0.name == name }.map { describe($0) }
    func column(_ expression: String) -> String {
      "a.\(q(columns.column(expression, name: name, comment: comment)))"
    }
    let value: String
    switch aggregate.function {
    case .count:
      value =
        "CAST(COALESCE(\(column(condition.map { "COUNT(CASE WHEN \($0) THEN 1 END)" } ?? "COUNT(*)")), 0) AS \(dialect.doubleType))"
    case .distinct:
      let distinct =
        dialect == .spark
        ? "size(collect_set(\(only(condition, field))))" : "COUNT(DISTINCT \(only(condition, field)))"
      value = "CAST(COALESCE(\(column(distinct)), 0) AS \(dialect.doubleType))"
    case .sum: value = "COALESCE(\(column("SUM(\(only(condition, field)))")), 0)"
    case .mean: value = column("AVG(\(only(condition, field)))")
    case .min: value = column("MIN(\(only(condition, field)))")
    case .max: value = column("MAX(\(only(condition, field)))")
    case .recency:
      value = "CAST(\(referenceDay) - \(column("MAX(\(only(condition, q("segmenta_day"))))")) AS \(dialect.doubleType))"
    case .mode, .modeShare:
      let codes = aggregate.modeCategories.indices.map { code -> (count: String, day: String) in
        let test = [condition, categoryTest(aggregate, code: code)].compactMap { $0 }.joined(separator: " AND ")
        return (
          "a.\(q(columns.column("COUNT(CASE WHEN \(test) THEN 1 END)", name: "\(name)__count_\(code)", comment: code == 0 ? comment : nil)))",
          "a.\(q(columns.column("MAX(CASE WHEN \(test) THEN \(q("segmenta_day")) END)", name: "\(name)__day_\(code)")))"
        )
      }
      if aggregate.function == .modeShare {
        let most = codes.count == 1 ? codes[0].count : "GREATEST(\(codes.map(\.count).joined(separator: ", ")))"
        let total = codes.map(\.count).joined(separator: " + ")
        return "CAST(\(most) AS \(dialect.doubleType)) / NULLIF(\(total), 0)"
      }
      // Each counted category's key orders it by events, then latest day, then declared order; the largest wins.
      let keys = codes.enumerated().map { code, columns in
        "CASE WHEN \(columns.count) > 0 THEN (\(columns.count) * 2097152 + \(columns.day) + 1048576) * 256 + \(255 - code) END"
      }
      let best = keys.count == 1 ? keys[0] : "GREATEST(\n      " + keys.joined(separator: ",\n      ") + ")"
      return "255 - MOD(\(best), 256)"
    }
    return aggregate.divisor == 1 ? value : "\(value) / \(SQLDialect.number(aggregate.divisor))"
  }

  /// Whether an event's field holds category `code` of a `mode` (blank values hold none).
  private func categoryTest(_ aggregate: EventAggregate, code: Int) -> String {
    let field = q(aggregate.field ?? "")
    let category = aggregate.modeCategories[code]
    guard category == EventAggregate.otherCategory else { return "\(field) = \(dialect.text(category))" }
    let declared = aggregate.categories.filter { $0 != EventAggregate.otherCategory }
    return declared.isEmpty
      ? "\(field) IS NOT NULL" : "\(field) NOT IN (\(declared.map(dialect.text).joined(separator: ", ")))"
  }

  private func perCustomerCTE(_ aggregates: AggregateColumns) -> String {
    var lines = [
      "\(q("per_customer")) AS (",
      "  -- Every aggregate in one pass over the events, grouped by customer.",
      "  SELECT",
      "    \(q("customer_id"))" + (aggregates.columns.isEmpty ? "" : ","),
    ]
    for (index, column) in aggregates.columns.enumerated() {
      if let comment = column.comment { lines.append("    -- \(comment)") }
      lines.append(
        "    \(column.expression) AS \(q(column.name))" + (index == aggregates.columns.count - 1 ? "" : ","))
    }
    lines += ["  FROM \(q("events"))", "  GROUP BY \(q("customer_id"))", ")"]
    return lines.joined(separator: "\n")
  }

  private func referenceCTE() -> String {
    let customer = "c.\(q("customer_id"))"
    let day = "MAX(a.\(q("segmenta_last_day"))) + 1"
    let date: String
    switch dialect {
    case .spark: date = "date_add(DATE '1970-01-01', \(day))"
    case .postgres: date = "DATE '1970-01-01' + (\(day))"
    case .duckdb: date = "DATE '1970-01-01' + CAST(\(day) AS INTEGER)"
    }
    return [
      "\(q("reference")) AS (",
      "  -- The day after the latest event of a customer of \(tables.customers).",
      "  SELECT \(day) AS \(q("reference_day")), \(date) AS \(q("reference_date"))",
      "  FROM \(q("per_customer")) AS a",
      "  JOIN \(dialect.table(tables.customers)) AS c ON \(customer) = a.\(q("customer_id"))",
      ")",
    ].joined(separator: "\n")
  }

  /// The reference day as an expression: a constant, or the reference table's.
  private var referenceDay: String {
    spec.referenceDay.map(String.init) ?? "r.\(q("reference_day"))"
  }

  // MARK: - Levels

  /// Each feature's level: 1 for aggregates and customer features, else one more than the features it reads.
  private func levels() -> [String: Int] {
    var level: [String: Int] = [:]
    let byName = Dictionary(spec.features.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    func visit(_ name: String) -> Int {
      if let known = level[name] { return known }
      guard let feature = byName[name] else { return 1 }
      let dependencies = feature.kind.dependencies
      let value = 1 + (dependencies.map(visit).max() ?? 0)
      level[name] = value
      return value
    }
    for feature in spec.features { _ = visit(feature.name) }
    return level
  }

  private func levelCTE(
    _ depth: Int, level: [String: Int], expressions: [String: String], joinsEvents: Bool
  ) -> String {
    let customer = q("customer_id")
    var lines = ["\(q("features_\(depth)")) AS ("]
    var columns: [String] = []
    if depth == 1 {
      lines.append("  -- Per customer: the aggregates, and the features read from \(tables.customers).")
      columns.append("c.\(customer)")
    } else {
      lines.append("  -- The features computed from those above.")
      columns.append("l.*")
    }
    for feature in spec.features where level[feature.name] == depth {
      let expression = depth == 1 ? firstLevel(feature, expressions: expressions) : derived(feature)
      columns.append("-- \(describe(feature))\n    \(expression) AS \(q(feature.name))")
    }
    if depth == 1, tables.previous != nil {
      for source in previousColumns { columns.append("p.\(q(source)) AS \(q("\(source)__previous"))") }
    }
    lines.append("  SELECT")
    lines.append(columns.map { "    " + $0 }.joined(separator: ",\n"))
    if depth == 1 {
      lines.append("  FROM \(dialect.table(tables.customers)) AS c")
      if joinsEvents { lines.append("  LEFT JOIN \(q("per_customer")) AS a ON a.\(customer) = c.\(customer)") }
      if let previous = tables.previous, !previousColumns.isEmpty {
        lines.append("  LEFT JOIN \(dialect.table(previous)) AS p ON p.\(customer) = c.\(customer)")
      }
      if case .afterLatestEvent = reference, needsReference, joinsEvents {
        lines.append("  CROSS JOIN \(q("reference")) AS r")
      }
    } else {
      lines.append("  FROM \(q("features_\(depth - 1)")) AS l")
    }
    lines.append(")")
    return lines.joined(separator: "\n")
  }

  /// An aggregate (already written) or a customer feature, over `c`, `a` and `r`.
  private func firstLevel(_ feature: FeatureDefinition, expressions: [String: String]) -> String {
    if let expression = expressions[feature.name] { return expression }
    guard case .customer(let derivation) = feature.kind else { preconditionFailure("a first-level feature") }
    let column = "c.\(q(derivation.column))"
    switch derivation {
    case .copy: return "CAST(\(column) AS \(dialect.doubleType))"
    case .bands(_, let edges, _): return bands("CAST(\(column) AS \(dialect.doubleType))", edges: edges)
    case .tenure(_, let unit):
      if unit == .days { return "CAST(\(referenceDay) - (\(dialect.dayNumber(column))) AS \(dialect.doubleType))" }
      let date = "CAST(\(column) AS DATE)"
      let (year, month, day): (String, String, String)
      if let reference = spec.referenceDay {
        let parts = CivilDate.components(days: reference)
        (year, month, day) = (String(parts.year), String(parts.month), String(parts.day))
      } else {
        let date = "r.\(q("reference_date"))"
        (year, month, day) = ("EXTRACT(YEAR FROM \(date))", "EXTRACT(MONTH FROM \(date))", "EXTRACT(DAY FROM \(date))")
      }
      let months =
        "(\(year) - EXTRACT(YEAR FROM \(date))) * 12 + (\(month) - EXTRACT(MONTH FROM \(date)))"
        + " - CASE WHEN \(day) < EXTRACT(DAY FROM \(date)) THEN 1 ELSE 0 END"
      return unit == .months
        ? "CAST(\(months) AS \(dialect.doubleType))"
        : "CAST(FLOOR(CAST(\(months) AS \(dialect.doubleType)) / 12) AS \(dialect.doubleType))"
    }
  }

  /// A ratio, share, bands or change over the features of the level above (`l`).
  private func derived(_ feature: FeatureDefinition) -> String {
    switch feature.kind {
    case .ratio(let a, let b, let rule), .share(let a, let b, let rule):
      let (x, y) = ("l.\(q(a))", "l.\(q(b))")
      func value(_ v: Double?) -> String { v.map(SQLDialect.number) ?? "NULL" }
      let overZero =
        rule.zeroOverZero == rule.nonzeroOverZero
        ? value(rule.zeroOverZero)
        : "CASE WHEN \(x) = 0 THEN \(value(rule.zeroOverZero)) ELSE \(value(rule.nonzeroOverZero)) END"
      return "CASE WHEN \(x) IS NULL OR \(y) IS NULL THEN NULL WHEN \(y) = 0 THEN \(overZero) ELSE \(x) / \(y) END"
    case .bands(let source, let edges, _):
      return bands("l.\(q(source))", edges: edges)
    case .changed(let source, _, _):
      guard tables.previous != nil else { return "CAST(NULL AS \(dialect.doubleType))" }
      let count = spec.features.first { $0.name == source }?.categories.count ?? 0
      let (before, after) = ("l.\(q("\(source)__previous"))", "l.\(q(source))")
      return "CASE WHEN \(before) >= 0 AND \(before) < \(count) AND \(after) IS NOT NULL THEN "
        + "CASE WHEN FLOOR(\(before)) = \(after) THEN 0 ELSE 1 END END"
    case .aggregate, .customer:
      preconditionFailure("a derived feature")
    }
  }

  /// The band index of `value`: 0 below the first edge, i from edge i-1 on; NULL stays NULL.
  private func bands(_ value: String, edges: [Double]) -> String {
    var text = "CASE WHEN \(value) IS NULL THEN NULL"
    for (index, edge) in edges.enumerated() { text += " WHEN \(value) < \(SQLDialect.number(edge)) THEN \(index)" }
    return text + " ELSE \(edges.count) END"
  }

  /// Whether the feature's value may overflow to ±∞ (sums, means, extremes, ratios and copies of a column).
  private func mayBeNonFinite(_ feature: FeatureDefinition) -> Bool {
    switch feature.kind {
    case .aggregate(let aggregate):
      return aggregate.function.isNumeric || aggregate.divisor != 1
    case .ratio, .share, .customer(.copy): return true
    default: return false
    }
  }

  /// The comment before a feature's expression: its name, line in the spec and definition.
  private func describe(_ feature: FeatureDefinition) -> String {
    let place = lines[feature.name].map { " (\(specFile) line \($0))" } ?? ""
    return ModelSQL.comment("\(feature.name)\(place): \(feature.summary)")
  }
}
