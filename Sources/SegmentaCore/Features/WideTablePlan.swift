/// A validated wide-table spec, compiled into slot numbers for the per-event loop.
///
/// Validation catches every problem that does not depend on the data: duplicate or malformed
/// feature names, references to unknown features, dependency cycles, unknown value lists, windows
/// without a reference date, and fields used both as numbers and as text.
public struct WideTablePlan: Sendable {
  /// The spec this plan was compiled from.
  public let spec: WideTableSpec
  /// Event columns read as numbers, in slot order.
  public let measureNames: [String]
  /// Event columns read as text, in slot order.
  public let textFieldNames: [String]
  /// Event types named by filters, in id order.
  public let typeNames: [String]
  /// Customer columns read by customer-derived features.
  public let customerColumns: [String]
  /// Distinct filters; a row's mask has bit i set when it passes filter i.
  let filters: [CompiledFilter]
  /// Text membership tests; each is evaluated once per row.
  let textConditions: [CompiledTextCondition]
  /// One entry per event-aggregate feature.
  let aggregates: [CompiledAggregate]
  /// For each distinct-count slot, the text field slot it hashes.
  let distinctTextSlots: [Int]
  /// Category tallies of `mode` and `mode_share` features; features with the same field, filter and
  /// categories share one.
  let tallies: [CompiledTally]
  /// Feature indices in an order where every feature comes after those it is computed from.
  let evaluationOrder: [Int]

  /// Number of 64-bit words in a row's filter mask.
  var maskWords: Int { Swift.max(1, (filters.count + 63) / 64) }

  /// Compiles `spec`; throws the first problem found.
  public init(spec: WideTableSpec) throws(WideTableSpecError) {
    self.spec = spec
    var names: [String: Int] = [:]
    for (index, feature) in spec.features.enumerated() {
      guard Self.isIdentifier(feature.name) else {
        throw WideTableSpecError(
          feature: feature.name, "a feature name must start with a letter and hold only letters, digits and '_'")
      }
      if names[feature.name] != nil {
        throw WideTableSpecError(feature: feature.name, "defined twice; feature names must be unique")
      }
      names[feature.name] = index
    }
    guard !spec.features.isEmpty else { throw WideTableSpecError("the spec defines no features") }

    var measures: [String] = []
    var texts: [String] = []
    var types: [String] = []
    var customerColumns: [String] = []
    func slot(_ name: String, in list: inout [String]) -> Int {
      if let index = list.firstIndex(of: name) { return index }
      list.append(name)
      return list.count - 1
    }

    var filters: [CompiledFilter] = []
    var filterIndex: [EventFilter: Int] = [:]
    var textConditions: [CompiledTextCondition] = []
    var aggregates: [CompiledAggregate] = []
    var distinctTextSlots: [Int] = []
    var tallies: [CompiledTally] = []

    // A field is either numeric or text for the whole spec: record the first use of each.
    var numericUse: [String: String] = [:]
    var textUse: [String: String] = [:]
    func use(_ field: String, numeric: Bool, by feature: String) throws(WideTableSpecError) {
      if field == spec.eventColumns.customerID || field == spec.eventColumns.timestamp {
        throw WideTableSpecError(
          feature: feature,
          "'\(field)' is the \(field == spec.eventColumns.timestamp ? "timestamp" : "customer id") column and cannot be aggregated or filtered on"
        )
      }
      if numeric {
        if let other = textUse[field] {
          throw WideTableSpecError(
            feature: feature, "uses '\(field)' as a number but feature '\(other)' uses it as text")
        }
        numericUse[field] = numericUse[field] ?? feature
      } else {
        if let other = numericUse[field] {
          throw WideTableSpecError(
            feature: feature, "uses '\(field)' as text but feature '\(other)' uses it as a number")
        }
        textUse[field] = textUse[field] ?? feature
      }
    }

    for (index, feature) in spec.features.enumerated() {
      switch feature.kind {
      case .aggregate(let aggregate):
        let filter = aggregate.filter
        if filter.windowDays != nil && spec.referenceDay == nil {
          throw WideTableSpecError(
            feature: feature.name,
            "uses window_days, which counts back from a reference date: set reference_date in the spec or pass --as-of")
        }
        if let days = filter.windowDays, days <= 0 {
          throw WideTableSpecError(feature: feature.name, "window_days must be a positive number of days")
        }
        if aggregate.divisor == 0 || !aggregate.divisor.isFinite {
          throw WideTableSpecError(feature: feature.name, "divide_by must be a non-zero number")
        }
        let compiledFilterIndex: Int
        if let existing = filterIndex[filter] {
          compiledFilterIndex = existing
        } else {
          var compiled = CompiledFilter(
            typeIDs: filter.eventTypes.map { $0.map { slot($0, in: &types) } },
            numeric: [], textConditions: [], windowDays: filter.windowDays, splits: filter.splits)
          for condition in filter.conditions {
            switch condition {
            case .compare(let field, let op, let value):
              try use(field, numeric: true, by: feature.name)
              compiled.numeric.append(NumericTest(measure: slot(field, in: &measures), op: op, value: value))
            case .oneOf(let field, let values, let negated):
              try use(field, numeric: false, by: feature.name)
              let condition = CompiledTextCondition(textSlot: slot(field, in: &texts), values: values, negated: negated)
              if let existing = textConditions.firstIndex(of: condition) {
                compiled.textConditions.append(existing)
              } else {
                textConditions.append(condition)
                compiled.textConditions.append(textConditions.count - 1)
              }
            }
          }
          filters.append(compiled)
          compiledFilterIndex = filters.count - 1
          filterIndex[filter] = compiledFilterIndex
        }
        var measureSlot = -1
        var distinctSlot = -1
        var tallySlot = -1
        if !aggregate.categories.isEmpty && !aggregate.function.talliesCategories {
          throw WideTableSpecError(feature: feature.name, "categories apply to mode and mode_share only")
        }
        if aggregate.function.talliesCategories {
          try Self.checkCategories(aggregate, feature: feature.name)
        }
        if aggregate.function.needsField {
          guard let field = aggregate.field else {
            throw WideTableSpecError(
              feature: feature.name, "\(aggregate.function.rawValue) needs a field: name it with 'of'")
          }
          if aggregate.function.isNumeric {
            try use(field, numeric: true, by: feature.name)
            measureSlot = slot(field, in: &measures)
          } else if aggregate.function.talliesCategories {
            try use(field, numeric: false, by: feature.name)
            let tally = CompiledTally(
              textSlot: slot(field, in: &texts), categories: aggregate.categories, filter: compiledFilterIndex)
            if let existing = tallies.firstIndex(of: tally) {
              tallySlot = existing
            } else {
              tallies.append(tally)
              tallySlot = tallies.count - 1
            }
          } else {
            try use(field, numeric: false, by: feature.name)
            distinctTextSlots.append(slot(field, in: &texts))
            distinctSlot = distinctTextSlots.count - 1
          }
        }
        aggregates.append(
          CompiledAggregate(
            feature: index, function: aggregate.function, filter: compiledFilterIndex,
            measure: measureSlot, distinct: distinctSlot, tally: tallySlot, divisor: aggregate.divisor))
      case .ratio(let a, let b, _), .share(let a, let b, _):
        for dependency in [a, b] where names[dependency] == nil {
          throw WideTableSpecError(
            feature: feature.name, "refers to '\(dependency)', which is not a feature of this spec")
        }
      case .bands(let source, let edges, let labels):
        guard let sourceIndex = names[source] else {
          throw WideTableSpecError(feature: feature.name, "refers to '\(source)', which is not a feature of this spec")
        }
        guard spec.features[sourceIndex].categories.isEmpty else {
          throw WideTableSpecError(
            feature: feature.name, "bands cut a number, but '\(source)' is categorical (its values are categories)")
        }
        try Self.checkBands(edges: edges, labels: labels, feature: feature.name)
      case .changed(let source, _, _):
        guard let sourceIndex = names[source] else {
          throw WideTableSpecError(feature: feature.name, "refers to '\(source)', which is not a feature of this spec")
        }
        guard !spec.features[sourceIndex].categories.isEmpty else {
          throw WideTableSpecError(
            feature: feature.name,
            "'changed' compares a categorical feature (a mode or bands), but '\(source)' is a number")
        }
      case .customer(let derivation):
        if !customerColumns.contains(derivation.column) { customerColumns.append(derivation.column) }
        if case .bands(_, let edges, let labels) = derivation {
          try Self.checkBands(edges: edges, labels: labels, feature: feature.name)
        }
      }
    }
    if filters.count > 4096 {
      throw WideTableSpecError("the spec has \(filters.count) distinct filters; at most 4096 are supported")
    }
    if types.count > 63 {
      throw WideTableSpecError("the spec's filters name \(types.count) event types; at most 63 are supported")
    }
    if textConditions.count > 64 {
      throw WideTableSpecError(
        "the spec has \(textConditions.count) distinct conditions on text fields; at most 64 are supported")
    }
    self.measureNames = measures
    self.textFieldNames = texts
    self.typeNames = types
    self.customerColumns = customerColumns
    self.filters = filters
    self.textConditions = textConditions
    self.aggregates = aggregates
    self.distinctTextSlots = distinctTextSlots
    self.tallies = tallies
    self.evaluationOrder = try Self.order(spec.features, names: names)
  }

  /// The most categories a `mode` may declare (codes are kept in one byte, with "other" and missing).
  public static let maximumCategories = 250

  /// Throws unless `edges` increase and `labels` is empty or names every band.
  private static func checkBands(edges: [Double], labels: [String], feature: String) throws(WideTableSpecError) {
    guard !edges.isEmpty, zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) else {
      throw WideTableSpecError(feature: feature, "bands must be a non-empty list of increasing numbers")
    }
    guard labels.isEmpty || labels.count == edges.count + 1 else {
      throw WideTableSpecError(
        feature: feature,
        "\(edges.count) band edges make \(edges.count + 1) bands, but \(labels.count) band labels are given")
    }
  }

  /// Throws unless a `mode` or `mode_share` declares between 1 and ``maximumCategories`` distinct,
  /// non-empty categories and is not divided.
  private static func checkCategories(_ aggregate: EventAggregate, feature: String) throws(WideTableSpecError) {
    let categories = aggregate.categories
    guard !categories.isEmpty else {
      throw WideTableSpecError(
        feature: feature,
        "\(aggregate.function.rawValue) counts declared categories: list them with 'categories' "
          + "(values not listed count as 'other')")
    }
    guard categories.count <= maximumCategories else {
      throw WideTableSpecError(
        feature: feature, "declares \(categories.count) categories; at most \(maximumCategories) are supported")
    }
    if let empty = categories.firstIndex(where: \.isEmpty) {
      throw WideTableSpecError(feature: feature, "category \(empty + 1) is empty")
    }
    if let repeated = categories.enumerated().first(where: { categories[..<$0.offset].contains($0.element) }) {
      throw WideTableSpecError(feature: feature, "category '\(repeated.element)' is listed twice")
    }
    if aggregate.divisor != 1 {
      throw WideTableSpecError(feature: feature, "divide_by does not apply to \(aggregate.function.rawValue)")
    }
  }

  /// The event fields the spec reads that none of the given file headers has.
  public func missingFields(in headers: [[String]]) -> [String] {
    (measureNames + textFieldNames).filter { field in !headers.contains { $0.contains(field) } }
  }

  /// Whether `name` can name a feature: a letter (any script) first, then letters, digits or `_`.
  public static func isIdentifier(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, first.properties.isAlphabetic else { return false }
    return name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
  }

  /// The feature indices in dependency order (depth first, in spec order), or the first cycle.
  private static func order(_ features: [FeatureDefinition], names: [String: Int]) throws(WideTableSpecError) -> [Int] {
    var state = [UInt8](repeating: 0, count: features.count)  // 0 new, 1 visiting, 2 done
    var order: [Int] = []
    func visit(_ index: Int, path: [String]) throws(WideTableSpecError) {
      if state[index] == 2 { return }
      if state[index] == 1 {
        let cycle = (path + [features[index].name]).drop { $0 != features[index].name }
        throw WideTableSpecError(
          feature: features[index].name, "is computed from itself: \(cycle.joined(separator: " → "))")
      }
      state[index] = 1
      for dependency in features[index].kind.dependencies {
        guard let next = names[dependency] else {
          preconditionFailure("the plan checked that '\(dependency)' is a feature before ordering")
        }
        try visit(next, path: path + [features[index].name])
      }
      state[index] = 2
      order.append(index)
    }
    for index in features.indices { try visit(index, path: []) }
    return order
  }

  /// A numeric test of a filter: measure slot `measure` compared with `value` by `op`.
  struct NumericTest: Sendable {
    /// The measure slot read.
    var measure: Int
    /// The comparison.
    var op: ComparisonOperator
    /// The constant compared with.
    var value: Double
  }

  /// A distinct event filter, compiled to slot numbers.
  struct CompiledFilter: Sendable {
    /// The allowed event type ids (nil: any type).
    var typeIDs: [Int]?
    /// Numeric tests on measures, all of which must hold.
    var numeric: [NumericTest]
    /// Indices of the plan's text conditions that must hold.
    var textConditions: [Int]
    /// Only events in the last N days before the reference day, when given.
    var windowDays: Int?
    /// Time-of-week splits that must all hold.
    var splits: [TimeSplit]
  }

  /// A membership test on a text field, shared by every filter that uses it.
  struct CompiledTextCondition: Sendable, Equatable {
    /// The text field slot read.
    var textSlot: Int
    /// The values listed.
    var values: [String]
    /// Whether the field must be none of the values (and not missing) instead of one of them.
    var negated: Bool
  }

  /// A per-customer count of a text field's declared categories over the events passing a filter.
  ///
  /// Codes: 0 missing (not counted), 1…n the declared categories, n + 1 any other value (unless
  /// "other" is declared).
  struct CompiledTally: Sendable, Equatable {
    /// The text field slot read.
    var textSlot: Int
    /// The declared categories.
    var categories: [String]
    /// The index of its filter in ``WideTablePlan/filters``.
    var filter: Int

    /// The number of codes counted: the declared categories and "other".
    var width: Int { categories.contains(EventAggregate.otherCategory) ? categories.count : categories.count + 1 }
  }

  /// An event-aggregate feature, compiled to slot numbers.
  struct CompiledAggregate: Sendable {
    /// The feature's index in the spec.
    var feature: Int
    /// The aggregate function.
    var function: AggregateFunction
    /// The index of its filter in ``WideTablePlan/filters``.
    var filter: Int
    /// The measure slot read, or −1.
    var measure: Int
    /// The distinct-count slot, or −1.
    var distinct: Int
    /// The category tally, or −1.
    var tally: Int
    /// The result is divided by this.
    var divisor: Double
  }
}
