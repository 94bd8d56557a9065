import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta features import`: a wide table made elsewhere (as `segmenta features export` writes it: `customer_id`
/// and one column per feature of the spec; categorical features hold their codes) stored as a period, with the
/// checks of a build.
///
/// The period holds the customers of the file, every one of whom must be in the workspace; nothing is stored when
/// a row is bad.
package struct ImportFeaturesWorkflow: Workflow {
  /// The spec the table was made with (YAML, docs/features.md): names, labels, categories.
  package var specPath: String
  /// The CSV file.
  package var input: String
  /// The period label (default: the spec's reference date).
  package var period: String?
  /// Replace an existing period (refused while a stored segmentation reads it).
  package var replace: Bool
  package var dialect: CSVDialect

  package init(
    specPath: String, input: String, period: String? = nil, replace: Bool = false, dialect: CSVDialect = CSVDialect()
  ) {
    self.specPath = specPath
    self.input = input
    self.period = period
    self.replace = replace
    self.dialect = dialect
  }

  package struct Output: Sendable, Codable, Equatable {
    package var period: PeriodInfo
    /// Feature names, in spec order.
    package var features: [String]
    /// Customer rows read and stored.
    package var rows: Int
    /// Wall time in seconds.
    package var seconds: Double
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    try SegmentaError.catching { try importTable(context) }
  }

  private func importTable(_ context: WorkflowContext) throws -> Output {
    let started = Date()
    let workspace = try context.workspace()
    let specText = try SpecFile.text(at: specPath, what: "the wide-table spec")
    let spec = try WideTableSpecParser.parse(specText, file: specPath)
    _ = try BuildFeaturesWorkflow.plan(spec, text: specText, file: specPath)
    let definitions = spec.features
    let (keys, ids) = try workspace.customerIndex()
    guard !keys.isEmpty else {
      throw SegmentaError(
        .missingPrerequisite,
        "the workspace has no customers yet; import them first with `segmenta import customers FILE`")
    }
    let reader = try CSVReader(path: input, dialect: dialect)
    let header = reader.header.map { $0.trimmingASCIISpaces() }
    guard let idIndex = header.firstIndex(of: "customer_id") else {
      throw DataFileError(
        file: input, line: 1, message: "no column 'customer_id' (columns: \(header.joined(separator: ", ")))")
    }
    let missing = definitions.map(\.name).filter { !header.contains($0) }
    guard missing.isEmpty else {
      throw DataFileError(
        file: input, line: 1,
        message: "the spec's feature\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")) "
          + "\(missing.count > 1 ? "have" : "has") no column; the file must hold customer_id and every feature, as "
          + "`segmenta features export` writes them")
    }
    let names = Set(definitions.map(\.name))
    if let extra = header.enumerated().first(where: { $0.offset != idIndex && !names.contains($0.element) }) {
      throw DataFileError(
        file: input, line: 1, column: extra.offset + 1, columnName: extra.element,
        message: "column '\(extra.element)' is not a feature of the spec \(specPath)")
    }
    let indices = definitions.map { definition in header.firstIndex(of: definition.name) ?? 0 }
    let categoryCounts = definitions.map(\.categories.count)
    var positions: [Int] = []
    var lines: [Int: Int] = [:]
    var columns = [[Double]](repeating: [], count: definitions.count)
    let size = (try? FileManager.default.attributesOfItem(atPath: input)[.size] as? Int) ?? 0
    while try reader.next() {
      guard reader.fieldCount == reader.header.count else {
        throw DataFileError(
          file: input, line: reader.line,
          message: "expected \(reader.header.count) fields as in the header, found \(reader.fieldCount)")
      }
      let id = reader.string(at: idIndex).trimmingASCIISpaces()
      guard let position = ids.index(of: id) else {
        throw DataFileError(
          file: input, line: reader.line, column: idIndex + 1, columnName: "customer_id",
          message: "customer id not in the workspace; import the customers first")
      }
      if let first = lines[position] {
        throw DataFileError(
          file: input, line: reader.line, column: idIndex + 1, columnName: "customer_id",
          message: "the customer's row comes twice (first on line \(first))")
      }
      lines[position] = reader.line
      positions.append(position)
      for (slot, index) in indices.enumerated() {
        let bytes = reader.bytes(at: index)
        let value: Double
        if let number = ValueParser.parseDecimal(bytes) {
          value = number
        } else if ValueParser.isMissing(bytes) {
          value = .nan
        } else {
          throw DataFileError(
            file: input, line: reader.line, column: index + 1, columnName: header[index],
            message: "expected a number, found '\(reader.string(at: index))'")
        }
        let categories = categoryCounts[slot]
        if categories > 0, !value.isNaN, value < 0 || value >= Double(categories) || value != value.rounded() {
          throw DataFileError(
            file: input, line: reader.line, column: index + 1, columnName: header[index],
            message:
              "expected a category code 0–\(categories - 1) (\(definitions[slot].categories.joined(separator: ", "))), "
              + "found '\(reader.string(at: index))'")
        }
        columns[slot].append(value)
      }
      if positions.count % 10_000 == 0 {
        context.progress.report(.amount("importing \(input)", reader.linesRead, of: max(size / 64, 1), unit: .items))
      }
    }
    guard !positions.isEmpty else {
      throw DataFileError(file: input, message: "the file holds no customer rows; nothing was stored")
    }
    // Rows are stored in the workspace's customer order, whatever order the file has.
    let order = positions.indices.sorted { positions[$0] < positions[$1] }
    let table = WideTable(
      customerCount: order.count,
      columns: definitions.indices.map { slot in
        WideTableColumn(definition: definitions[slot], values: order.map { columns[slot][$0] })
      })
    let label = period ?? spec.referenceDay.map { CivilDate.isoString(days: $0) } ?? "default"
    let info = PeriodInfo(
      label: label, builtAt: CivilDate.isoString(seconds: Int64(Date().timeIntervalSince1970)) + "Z",
      referenceDate: spec.referenceDay.map { CivilDate.isoString(days: $0) }, customerCount: order.count,
      eventsRead: 0, unknownCustomerRows: 0, afterReferenceRows: 0, sources: [input],
      featureCount: definitions.count)
    try workspace.saveWideTable(
      table, customerKeys: order.map { keys[positions[$0]] }, period: info, specText: specText, replace: replace)
    return Output(
      period: info, features: definitions.map(\.name), rows: order.count, seconds: Date().timeIntervalSince(started))
  }
}
