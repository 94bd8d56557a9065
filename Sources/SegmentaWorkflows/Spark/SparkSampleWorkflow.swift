import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta spark sample`: a seeded sample of the wide table drawn on Spark, brought to this machine as CSV and
/// stored in the workspace as a period — the sampled customers' rows (``ImportCustomersWorkflow``) and their wide
/// table (``ImportFeaturesWorkflow``) — so that `segmenta segment` runs on it.
///
/// The sample is the same for the same seed whatever the partitioning: customers are ordered by
/// `xxhash64(customer_id, seed)` (then by id) and the first `size` taken; with a stratifying column each stratum
/// gets `size × stratum / total` customers, the strata with the largest remainders one more until `size` is
/// reached (ties to the smaller stratum value), each taking its first customers in the same order.
package struct SparkSampleWorkflow: Workflow {
  /// The wide table (`customer_id` and the spec's features, as `segmenta features export` writes them).
  package var features: String
  /// The customer table (`customer_id` and the customer columns, as imported); nil when the workspace already
  /// holds the customers.
  package var customers: String?
  package var size: Int
  package var seed: Int64
  /// A column of the wide table whose values are the strata.
  package var stratify: String?
  /// The wide-table spec the table was made with.
  package var specPath: String
  /// The period to store.
  package var period: String?
  /// Replace an existing period.
  package var replacePeriod: Bool
  package var options: SparkOptions

  package init(
    features: String, customers: String? = nil, size: Int, seed: Int64, stratify: String? = nil, specPath: String,
    period: String? = nil, replacePeriod: Bool = false, options: SparkOptions
  ) {
    self.features = features
    self.customers = customers
    self.size = size
    self.seed = seed
    self.stratify = stratify
    self.specPath = specPath
    self.period = period
    self.replacePeriod = replacePeriod
    self.options = options
  }

  package struct Output: Sendable, Codable {
    package var features: SparkTable
    package var customers: SparkTable?
    package var seed: Int64
    package var stratify: String?
    /// Customers in the sample.
    package var sampled: Int
    /// Customers in the whole wide table.
    package var total: Int
    /// Per stratum value (as Spark writes it; empty for missing), its customers in the table and in the sample.
    package var strata: [Stratum]
    /// The customer import, when customers were sampled.
    package var customerImport: ImportCustomersWorkflow.Output?
    package var featureImport: ImportFeaturesWorkflow.Output
    package var run: SparkRun
  }

  /// One stratum's customers in the table and in the sample.
  package struct Stratum: Sendable, Codable, Equatable {
    package var value: String
    package var customers: Int
    package var sampled: Int
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    guard size > 0 else {
      throw SegmentaError(.invalidRequest, "--size must be at least 1", field: "size")
    }
    let input = options.table(features)
    let customerInput = customers.map(options.table)
    try input.check(option: "--features")
    try customerInput?.check(option: "--customers")
    let specText = try SegmentaError.catching { try SpecFile.text(at: specPath, what: "the wide-table spec") }
    let spec = try SegmentaError.catching { try WideTableSpecParser.parse(specText, file: specPath) }
    let names = spec.features.map(\.name)
    if let stratify, !names.contains(stratify) {
      throw SegmentaError(
        .invalidRequest,
        "--stratify '\(stratify)' is not a feature of the spec (features: \(names.joined(separator: ", ")))",
        field: "stratify")
    }
    // Checked before Spark runs, so a period that cannot be stored costs nothing.
    if !replacePeriod, let label = period ?? spec.referenceDay.map({ CivilDate.isoString(days: $0) }),
      try context.workspace(for: .read).periods().contains(where: { $0.label == label })
    {
      throw SegmentaError(
        .conflict, "period '\(label)' already exists; choose another --period label or pass --replace to rebuild it")
    }
    let runner = try SparkRunner(options: options, context: context)
    let folder = try runner.folder(for: "sample")
    let sampleFeatures = SparkTable(folder + "/features", format: .csv)
    let sampleCustomers = SparkTable(folder + "/customers", format: .csv)

    var script = SparkScript(
      title: "Draws a sample of \(size) customers of \(features) with seed \(seed)"
        + (stratify.map { ", stratified by \($0)" } ?? "") + ".")
    script.read(
      input, as: "features", columns: [("customer_id", "STRING")] + names.map { ($0, "DOUBLE") })
    let table = SQLDialect.spark.table(SparkScript.reference(input, view: "features"))
    script.add(
      "drawing the sample",
      "CACHE TABLE `segmenta_sample` AS\n"
        + Self.sampleQuery(table: table, columns: ["customer_id"] + names, size: size, seed: seed, stratify: stratify))
    script.write("SELECT * FROM `segmenta_sample`", to: sampleFeatures, replace: true, step: "writing the sample")
    if let customerInput {
      script.read(customerInput, as: "customers")
      let customerTable = SQLDialect.spark.table(SparkScript.reference(customerInput, view: "customers"))
      script.write(
        "SELECT c.* FROM \(customerTable) c LEFT SEMI JOIN `segmenta_sample` s ON c.`customer_id` = s.`customer_id`",
        to: sampleCustomers, replace: true, step: "writing the sampled customers")
    }
    let stratum = stratify.map { "CAST(\(SQLDialect.spark.identifier($0)) AS STRING)" } ?? "''"
    script.select(
      "stratum", columns: "t.`stratum`, t.`customers`, COALESCE(s.`sampled`, 0)",
      from: "FROM (SELECT \(stratum) AS `stratum`, COUNT(*) AS `customers` FROM \(table) GROUP BY 1) t\n"
        + "LEFT JOIN (SELECT \(stratum) AS `stratum`, COUNT(*) AS `sampled` FROM `segmenta_sample` GROUP BY 1) s\n"
        + "ON t.`stratum` <=> s.`stratum` ORDER BY t.`stratum`",
      step: "counting the strata")
    let run = try runner.run(script, name: "sample")
    let strata = run.rows("stratum").compactMap { row -> Stratum? in
      guard row.count == 3, let customers = Int(row[1]), let sampled = Int(row[2]) else { return nil }
      return Stratum(value: row[0] == "NULL" ? "" : row[0], customers: customers, sampled: sampled)
    }

    // Spark writes a folder of part files, each with a header; they become one file each to import.
    var customerImport: ImportCustomersWorkflow.Output?
    if customerInput != nil {
      let file = try Self.joinParts(of: sampleCustomers.location, into: folder + "/customers.csv")
      customerImport = try ImportCustomersWorkflow(path: file, rejectsPath: folder + "/customers.rejects.csv").run(
        context)
    }
    let featureFile = try Self.joinParts(of: sampleFeatures.location, into: folder + "/features.csv")
    let featureImport = try ImportFeaturesWorkflow(
      specPath: specPath, input: featureFile, period: period, replace: replacePeriod
    ).run(context)
    // The copies hold customer ids and rows, now in the workspace: none is left lying in the work folder.
    for copy in [sampleFeatures.location, sampleCustomers.location, featureFile, folder + "/customers.csv"] {
      try? FileManager.default.removeItem(atPath: copy)
    }
    return Output(
      features: input, customers: customerInput, seed: seed, stratify: stratify,
      sampled: strata.reduce(0) { $0 + $1.sampled }, total: strata.reduce(0) { $0 + $1.customers }, strata: strata,
      customerImport: customerImport, featureImport: featureImport, run: run)
  }

  /// The sample as one query over `table` returning `columns`: the first `size` customers by `xxhash64(customer_id, seed)`, or per
  /// stratum its largest-remainder share of `size`.
  package static func sampleQuery(table: String, columns: [String], size: Int, seed: Int64, stratify: String?)
    -> String
  {
    let order = "xxhash64(`customer_id`, CAST(\(seed) AS BIGINT)), `customer_id`"
    let list = columns.map(SQLDialect.spark.identifier)
    guard let stratify else {
      return "SELECT \(list.joined(separator: ", ")) FROM \(table)\nORDER BY \(order)\nLIMIT \(size)"
    }
    let column = SQLDialect.spark.identifier(stratify)
    return """
      WITH strata AS (
        SELECT \(column) AS `stratum`, COUNT(*) AS `customers` FROM \(table) GROUP BY \(column)
      ),
      shares AS (
        -- size × stratum / total in whole customers, and what is left over, in exact integer arithmetic.
        SELECT `stratum`,
          `customers` * \(size) DIV SUM(`customers`) OVER () AS `base`,
          `customers` * \(size) % SUM(`customers`) OVER () AS `remainder`,
          LEAST(\(size), SUM(`customers`) OVER ()) AS `wanted`
        FROM strata
      ),
      quotas AS (
        -- The strata with the largest remainders take one more customer each until the sample is full.
        SELECT `stratum`,
          `base` + CASE WHEN ROW_NUMBER() OVER (ORDER BY `remainder` DESC, `stratum` ASC NULLS FIRST)
            <= `wanted` - SUM(`base`) OVER () THEN 1 ELSE 0 END AS `quota`
        FROM shares
      ),
      ranked AS (
        SELECT \(list.map { "f." + $0 }.joined(separator: ", ")), ROW_NUMBER() OVER (PARTITION BY f.\(column) ORDER BY \(order)) AS `segmenta_rank`
        FROM \(table) f
      )
      SELECT \(list.map { "ranked." + $0 }.joined(separator: ", ")) FROM ranked JOIN quotas ON ranked.\(column) <=> quotas.`stratum`
      WHERE `segmenta_rank` <= `quota`
      """
  }

  /// Joins the CSV part files Spark wrote into `folder` into one file at `path` (the first header kept).
  static func joinParts(of folder: String, into path: String) throws(SegmentaError) -> String {
    try SegmentaError.catching {
      let parts = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
        $0.hasPrefix("part-") && $0.hasSuffix(".csv")
      }.sorted()
      FileManager.default.createFile(atPath: path, contents: nil)
      let output = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
      defer { try? output.close() }
      var wroteHeader = false
      for part in parts {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + part))
        guard let newline = data.firstIndex(of: 10) else { continue }
        if !wroteHeader {
          output.write(data)
          wroteHeader = true
        } else {
          output.write(data[data.index(after: newline)...])
        }
      }
      if !wroteHeader { throw DataFileError(file: folder, message: "Spark wrote no rows to \(folder)") }
      return path
    }
  }
}
