import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta features build`: event files and a spec into a stored wide table for one period.
package struct BuildFeaturesWorkflow: Workflow {
  /// The spec file (YAML, docs/features.md).
  package var specPath: String
  /// Event files, read in order.
  package var eventPaths: [String]
  /// The period label; by default the reference date.
  package var period: String?
  /// Overrides the spec's reference date (days since 1970-01-01).
  package var asOf: Int?
  /// Fail when an event's customer is not in the workspace (default: count and report them).
  package var strict: Bool
  /// Rebuild an existing period (refused while a stored segmentation reads it).
  package var replace: Bool
  /// Store the period even when the event files hold no usable event (every feature missing or 0).
  package var allowEmpty: Bool
  /// The event files' dialect.
  package var dialect: CSVDialect
  /// Parser threads.
  package var threads: Int

  package init(
    specPath: String, eventPaths: [String], period: String? = nil, asOf: Int? = nil, strict: Bool = false,
    replace: Bool = false, allowEmpty: Bool = false, dialect: CSVDialect = CSVDialect(),
    threads: Int = ProcessInfo.processInfo.activeProcessorCount
  ) {
    self.specPath = specPath
    self.eventPaths = eventPaths
    self.period = period
    self.asOf = asOf
    self.strict = strict
    self.replace = replace
    self.allowEmpty = allowEmpty
    self.dialect = dialect
    self.threads = threads
  }

  /// What the build did.
  package struct Output: Sendable, Codable, Equatable {
    /// The stored period.
    package var period: PeriodInfo
    /// Feature names, in order.
    package var features: [String]
    /// Per-file counts.
    package var files: [FileCounts]
    /// Wall time in seconds.
    package var seconds: Double
    /// What the user should know: values that overflowed and are stored as missing.
    package var notes: [String] = []
  }

  /// One event file's counts.
  package struct FileCounts: Sendable, Codable, Equatable {
    package var path: String
    /// Data rows read.
    package var rowsRead: Int
    /// Rows of customers not in the workspace (ignored).
    package var unknownCustomerRows: Int
    /// Line of the first such row.
    package var firstUnknownCustomerLine: Int?
    /// Rows on or after the reference date (ignored).
    package var afterReferenceRows: Int
  }

  /// Builds and stores the wide table, reporting bytes read per event file.
  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    try SegmentaError.catching { try build(context) }
  }

  private func build(_ context: WorkflowContext) throws -> Output {
    let started = Date()
    let workspace = try context.workspace()
    let request = self
    let specText = try SpecFile.text(at: request.specPath, what: "the wide-table spec")
    var spec = try WideTableSpecParser.parse(specText, file: request.specPath)
    if let asOf = request.asOf { spec.referenceDay = asOf }
    let plan = try Self.plan(spec, text: specText, file: request.specPath)
    if spec.usesEvents && request.eventPaths.isEmpty {
      throw SegmentaError(
        .invalidRequest, "the spec computes features from events: name the event files with --events FILE")
    }
    let (keys, ids) = try workspace.customerIndex()
    guard !keys.isEmpty else {
      throw SegmentaError(
        .missingPrerequisite,
        "the workspace has no customers yet; import them first with `segmenta import customers FILE`"
      )
    }
    let catalogue = try workspace.customerColumns()
    if let error = Self.personalColumnError(plan, catalogue: catalogue, specPath: request.specPath) { throw error }
    for column in plan.customerColumns {
      let feature = Self.feature(readingCustomerColumn: column, in: spec)
      guard !catalogue.contains(where: { $0.name == column }) else { continue }
      throw SpecFileError(
        file: request.specPath,
        message:
          "feature '\(feature?.name ?? column)' reads customer column '\(column)', which the workspace does not have (its columns: \(catalogue.map(\.name).joined(separator: ", ")))"
      )
    }
    if spec.usesEvents {
      var headers: [[String]] = []
      for path in request.eventPaths {
        headers.append(try CSVReader(path: path, dialect: request.dialect, bufferSize: 1 << 16).header)
      }
      let missing = plan.missingFields(in: headers)
      if let first = missing.first {
        throw WideTableSpecParser.error(
          about: Self.feature(reading: first, in: spec),
          "the spec reads event field\(missing.count > 1 ? "s" : "") \(missing.map { "'\($0)'" }.joined(separator: ", ")), which no event file has",
          in: specText, file: request.specPath)
      }
    }

    let accumulator = WideTableAccumulator(plan: plan, customerCount: keys.count)
    let frozenIDs = FrozenByteStringTable(ids)
    var files: [FileCounts] = []
    if spec.usesEvents {
      for path in request.eventPaths {
        let report = try EventFileReader.read(
          path: path, dialect: request.dialect, customers: frozenIDs, into: accumulator, threads: request.threads,
          progress: { done, total in
            context.progress.report(
              .amount("building wide table", done, of: total, detail: "(\((path as NSString).lastPathComponent))"))
          })
        if request.strict, let line = report.firstUnknownCustomerLine {
          throw DataFileError(
            file: path, line: line, columnName: spec.eventColumns.customerID,
            message:
              "customer id not in the workspace (\(report.unknownCustomerRows) such rows in this file); import the customers first or drop --strict to ignore them"
          )
        }
        files.append(
          FileCounts(
            path: path, rowsRead: report.rowsRead, unknownCustomerRows: report.unknownCustomerRows,
            firstUnknownCustomerLine: report.firstUnknownCustomerLine, afterReferenceRows: report.afterReferenceRows))
      }
    }
    let usedEvents = files.reduce(0) { $0 + $1.rowsRead - $1.unknownCustomerRows - $1.afterReferenceRows }
    if spec.usesEvents && usedEvents == 0 && !request.allowEmpty {
      let read = files.reduce(0) { $0 + $1.rowsRead }
      throw SegmentaError(
        .insufficientData,
        read == 0
          ? "the event files hold no events; nothing was stored (pass --allow-empty to store a period anyway)"
          : "none of the \(read) event rows is usable: they name customers not in the workspace or fall on or after "
            + "the reference date; nothing was stored (pass --allow-empty to store a period anyway)")
    }
    let customerValues = try workspace.customerValues(columns: plan.customerColumns, keys: keys)
    let referenceDay = accumulator.effectiveReferenceDay
    let label = request.period ?? referenceDay.map { CivilDate.isoString(days: $0) } ?? "default"
    let previous = try previousValues(
      spec: spec, workspace: workspace, keys: keys, label: label, referenceDay: referenceDay, specText: specText)
    var table: WideTable
    do {
      table = try accumulator.finish(customerColumns: customerValues, previous: previous)
    } catch {
      throw WideTableSpecParser.error(about: error.feature, error.description, in: specText, file: request.specPath)
    }
    // Numbers are finite or missing: a sum beyond Double's range is stored as missing and reported.
    let notes = table.replaceNonFiniteWithMissing().sorted { $0.key < $1.key }.map { name, count in
      "feature '\(name)': \(count) customer\(count == 1 ? "'s value" : "s' values") overflowed beyond ±1.8e308 "
        + "and \(count == 1 ? "is" : "are") stored as missing"
    }
    let period = PeriodInfo(
      label: label, builtAt: CivilDate.isoString(seconds: Int64(Date().timeIntervalSince1970)) + "Z",
      referenceDate: referenceDay.map { CivilDate.isoString(days: $0) }, customerCount: keys.count,
      eventsRead: files.reduce(0) { $0 + $1.rowsRead },
      unknownCustomerRows: files.reduce(0) { $0 + $1.unknownCustomerRows },
      afterReferenceRows: files.reduce(0) { $0 + $1.afterReferenceRows }, sources: request.eventPaths,
      featureCount: table.columns.count)
    try workspace.saveWideTable(table, customerKeys: keys, period: period, specText: specText, replace: request.replace)
    return Output(
      period: period, features: table.columns.map(\.definition.name), files: files,
      seconds: Date().timeIntervalSince(started), notes: notes)
  }

  /// The error about the first customer column the spec reads that holds personal data, if any.
  static func personalColumnError(
    _ plan: WideTablePlan, catalogue: [CustomerColumn], specPath: String
  ) -> SpecFileError? {
    let personal = Set(catalogue.filter(\.personal).map(\.name))
    guard let column = plan.customerColumns.first(where: personal.contains) else { return nil }
    let feature = feature(readingCustomerColumn: column, in: plan.spec)
    return SpecFileError(
      file: specPath,
      message: "feature '\(feature?.name ?? column)' reads customer column '\(column)', which holds personal data; "
        + "personal data is never a feature")
  }

  /// The first feature that reads customer column `column`.
  static func feature(readingCustomerColumn column: String, in spec: WideTableSpec) -> FeatureDefinition? {
    spec.features.first {
      if case .customer(let derivation) = $0.kind { return derivation.column == column } else { return false }
    }
  }

  /// The spec compiled into a plan; a problem is located in the spec's text.
  static func plan(_ spec: WideTableSpec, text: String, file: String) throws(SpecFileError) -> WideTablePlan {
    do {
      return try WideTablePlan(spec: spec)
    } catch {
      throw WideTableSpecParser.error(about: error.feature, error.description, in: text, file: file)
    }
  }

  /// The first feature that reads event field `field`, for locating an error about it.
  static func feature(reading field: String, in spec: WideTableSpec) -> String? {
    spec.features.first { feature in
      guard case .aggregate(let aggregate) = feature.kind else { return false }
      return aggregate.field == field || aggregate.filter.conditions.contains { $0.field == field }
    }?.name
  }

  /// For every `changed` feature, the compared feature's categories and values in the previous period
  /// (the one it names, else the latest stored period with an earlier reference date), aligned to `keys`.
  private func previousValues(
    spec: WideTableSpec, workspace: Workspace, keys: [Int64], label: String, referenceDay: Int?, specText: String
  ) throws -> [String: CategoricalValues] {
    var result: [String: CategoricalValues] = [:]
    var tables: [String: StoredWideTable] = [:]
    for feature in spec.features {
      guard case .changed(let source, let named, let missingWithoutPrevious) = feature.kind else { continue }
      func fail(_ message: String) -> SpecFileError {
        WideTableSpecParser.error(
          about: feature.name, "feature '\(feature.name)': \(message)", in: specText, file: specPath)
      }
      let periods = try workspace.periods()
      let previousLabel: String
      if let named {
        guard named != label else { throw fail("compares period \(label) with itself; name an earlier period") }
        guard periods.contains(where: { $0.label == named }) else {
          throw fail(
            "compares with period '\(named)', which the workspace does not hold"
              + (periods.isEmpty ? "" : " (periods: \(periods.map(\.label).joined(separator: ", ")))"))
        }
        previousLabel = named
      } else {
        let date = referenceDay.map { CivilDate.isoString(days: $0) }
        let earlier = periods.last { stored in
          guard stored.label != label, let storedDate = stored.referenceDate, let date else { return false }
          return storedDate < date
        }
        guard let earlier else {
          if missingWithoutPrevious {
            result[feature.name] = CategoricalValues(
              categories: [], values: [Double](repeating: .nan, count: keys.count))
            continue
          }
          throw fail(
            "compares '\(source)' with the previous period, but the workspace holds no period before "
              + "\(date ?? "this one")"
              + (periods.isEmpty ? "" : " (periods: \(periods.map(\.label).joined(separator: ", ")))")
              + "; build the earlier period first or name one with 'previous: LABEL'")
        }
        previousLabel = earlier.label
      }
      let table: StoredWideTable
      if let cached = tables[previousLabel] {
        table = cached
      } else {
        table = try workspace.wideTable(period: previousLabel)
        tables[previousLabel] = table
      }
      guard let stored = table.feature(named: source) else {
        throw fail("period \(previousLabel) has no feature '\(source)' to compare with; it was built from another spec")
      }
      guard !stored.categories.isEmpty else {
        throw fail("'\(source)' is a number in period \(previousLabel), not categories; it cannot be compared")
      }
      result[feature.name] = CategoricalValues(
        categories: stored.categories,
        values: StoredWideTable.align(stored.values, from: table.customerKeys, to: keys))
    }
    return result
  }
}
