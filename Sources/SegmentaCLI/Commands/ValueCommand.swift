import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

extension ValueTimeUnit: ExpressibleByArgument {}

/// `segmenta value …`: customer value from transactions: summaries, RFM, Pareto tiers, lifetime value.
struct ValueCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "value",
    abstract: "Customer value: transaction summaries, RFM, the 80/20 value tiers and lifetime value (CLV).",
    discussion: "The models and their references are described in docs/value.md.",
    subcommands: [
      Build.self, RFM.self, Pareto.self, CLV.self, Retention.self, Lifecycle.self, Report.self, Grid.self,
    ])

  /// `segmenta value build`.
  struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "build",
      abstract: "Summarise a transaction file per customer (frequency, recency, age, monetary value) and store it.",
      discussion: """
        Equal to lifetimes' summary_data_from_transaction_data (and calibration_and_holdout_data with \
        --calibration-end). Customers must be imported first; transactions of unknown customers are counted \
        and left out. A bad row stops the build with its file, line and column, and nothing is stored.
        """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The transaction file (CSV: customer, date, amount).")
    var transactions: String

    @Option(name: .customLong("customer-column"), help: "The column of customer ids.")
    var customerColumn = "customer_id"

    @Option(name: .customLong("date-column"), help: "The column of dates or timestamps.")
    var dateColumn = "date"

    @Option(name: .customLong("amount-column"), help: "The column of amounts.")
    var amountColumn = "amount"

    @Option(
      name: .customLong("as-of"), help: "End of the observation, YYYY-MM-DD (default: the last transaction's day).")
    var asOf: String?

    @Option(name: .customLong("calibration-end"), help: "End of the calibration part, YYYY-MM-DD (a holdout follows).")
    var calibrationEnd: String?

    @Option(name: .customLong("time-unit"), help: "days or weeks.")
    var timeUnit: ValueTimeUnit = .days

    @Option(help: "Field delimiter of the file.")
    var delimiter = ","

    func run() async throws {
      let workflow = BuildValueWorkflow(
        transactionsPath: transactions, customerColumn: customerColumn, dateColumn: dateColumn,
        amountColumn: amountColumn, asOf: try asOf.map { try ArgumentParsing.day($0, option: "--as-of") },
        calibrationEnd: try calibrationEnd.map { try ArgumentParsing.day($0, option: "--calibration-end") },
        timeUnit: timeUnit, dialect: try ArgumentParsing.dialect(delimiter))
      let output = try workflow.run(global.context())
      if global.json { return try Console.json(output) }
      for note in output.notes { Console.out("Note: \(note)") }
      let table = output.table
      Console.out(
        "Built value table \(table.label): \(Format.count(table.customers)) customers "
          + "(\(Format.count(output.repeatCustomers)) with repeat purchases) from \(Format.count(table.transactionsRead)) "
          + "transactions in \(table.timeUnit.rawValue)"
          + (output.calibrationCustomers.map {
            ", \(Format.count($0)) in the calibration to \(table.calibrationEnd ?? "")"
          }
            ?? "") + " in \(Format.seconds(output.seconds)).")
    }
  }

  /// `segmenta value rfm`.
  struct RFM: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "rfm",
      abstract: "Score recency, frequency and monetary value (1–5, 5 best) and name the RFM grid's segments.",
      discussion: """
        Equal values get equal scores (score = 1 + floor(bins · worse / n)). The segments are stored as the \
        segmentation 'rfm', so rules such as segment(rfm) = "At risk", profiles, tags and campaigns use them. \
        `segmenta value grid` prints the default grid to edit and pass with --grid.
        """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Score bins (2–10; 5 gives quintiles).")
    var bins = 5

    @Option(help: "An edited RFM grid (YAML).")
    var grid: String?

    @Option(help: "The segmentation's name.")
    var name = "rfm"

    func validate() throws {
      guard (2...10).contains(bins) else { throw ValidationError("--bins takes 2 to 10, not \(bins)") }
    }

    func run() async throws {
      let output = try RFMWorkflow(bins: bins, gridPath: grid, name: name).run(global.context())
      if global.json { return try Console.json(output) }
      Console.out(
        Format.table(
          ["segment", "customers", "share", "total value"],
          output.segments.map {
            [
              SegmentNames.combined($0.name), Format.count($0.customers), Format.fixed($0.share * 100, 1) + " %",
              Format.number($0.totalValue),
            ]
          }, rightAligned: [1, 2, 3]))
      Console.out(
        "Scored \(Format.count(output.customers)) customers in \(output.bins) bins; stored segmentation "
          + "\(output.segmentation) version \(output.version) (value table \(output.table)).")
    }
  }

  /// `segmenta value pareto`.
  struct Pareto: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "pareto",
      abstract: "How a value concentrates over customers (80/20, Lorenz, Gini) and value tiers by cumulative share.",
      discussion: """
        COL is a value-table column (total_value, clv_12m, …), a wide-table feature or a numeric customer \
        column. The tiers are stored as a segmentation (default name value_tier). With --where RULE, only \
        the customers the rule selects (company customers, one brand: any rule) are ranked and tiered and the \
        others get no tier; name the result with --name (company_value_tier, say).
        """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The value column.")
    var column: String

    @Option(help: "Tiers' shares of value in percent, highest first, summing to 100.")
    var tiers = "80,15,5"

    @Option(help: "The segmentation's name.")
    var name = "value_tier"

    @Option(name: .customLong("where"), help: "A rule choosing the customers ranked and tiered (default: all).")
    var rule: String?

    func shares() throws -> [Double] {
      let parts = tiers.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
      guard parts.count >= 2, parts.count <= 10, parts.allSatisfy({ ($0 ?? 0) > 0 }),
        abs(parts.compactMap { $0 }.reduce(0, +) - 100) < 1e-9
      else {
        throw ValidationError("--tiers takes 2 to 10 positive percentages that sum to 100 (for example 80,15,5)")
      }
      return parts.compactMap { $0 }
    }

    func validate() throws { _ = try shares() }

    func run() async throws {
      let output = try ParetoWorkflow(column: column, tiers: try shares(), name: name, rule: rule).run(
        global.context())
      if global.json { return try Console.json(output) }
      let a = output.analysis
      if let rule = output.rule {
        Console.out(
          "Only the \(Format.count(output.customersInScope ?? 0)) customers matching \(rule) "
            + "(\(Format.count(a.customers)) with a value); the others have no tier.")
      }
      Console.out(
        Format.table(
          ["tier", "customers", "value"],
          output.tiers.map { [SegmentNames.combined($0.name), Format.count($0.customers), Format.number($0.value)] },
          rightAligned: [1, 2]))
      Console.out(
        "\(column): the top 20 % of \(Format.count(a.customers)) customers hold "
          + "\(a.topFifthShare.map { Format.fixed($0 * 100, 1) + " %" } ?? "–") of the value; "
          + "\(a.customersForFourFifths.map { Format.fixed($0 * 100, 1) + " %" } ?? "–") of customers give 80 %; "
          + "Gini \(a.gini.map { Format.fixed($0, 3) } ?? "–"). Stored segmentation \(output.segmentation) version \(output.version)."
      )
    }
  }

  /// `segmenta value clv`.
  struct CLV: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "clv",
      abstract: "Fit BG/NBD and Gamma-Gamma and store P(alive), expected purchases and spend, and CLV per customer.",
      discussion: """
        Maximum likelihood as lifetimes 0.11.3; CLV is lifetimes' customer_lifetime_value (monthly steps, \
        discounted at --discount a month). The CLV column is named clv_<horizon>m (clv_12m).
        """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Horizon in months.")
    var horizon = 12

    @Option(help: "Monthly discount rate.")
    var discount = 0.01

    func validate() throws {
      guard (1...120).contains(horizon) else { throw ValidationError("--horizon takes 1 to 120 months") }
      guard discount >= 0 && discount < 1 else { throw ValidationError("--discount takes a rate from 0 to below 1") }
    }

    func run() async throws {
      let output = try LifetimeValueWorkflow(horizon: horizon, discount: discount).run(global.context())
      if global.json { return try Console.json(output) }
      let b = output.bgnbd
      let g = output.gammaGamma
      Console.out(
        "BG/NBD: r \(Format.fixed(b.r, 4)), alpha \(Format.fixed(b.alpha, 4)), a \(Format.fixed(b.a, 4)), "
          + "b \(Format.fixed(b.b, 4)); log-likelihood \(Format.fixed(b.logLikelihood, 2)) (\(Format.count(b.customers)) customers, \(Format.count(b.distinctRows)) distinct rows)"
      )
      Console.out(
        "Gamma-Gamma: p \(Format.fixed(g.p, 4)), q \(Format.fixed(g.q, 4)), v \(Format.fixed(g.v, 4)); "
          + "log-likelihood \(Format.fixed(g.logLikelihood, 2)) (\(Format.count(g.customers)) customers)")
      if !output.calibration.isEmpty {
        Console.out(
          Format.table(
            ["calibration frequency", "customers", "actual holdout", "predicted holdout"],
            output.calibration.map {
              [
                String($0.frequency), Format.count($0.customers), Format.fixed($0.actual, 3),
                Format.fixed($0.predicted, 3),
              ]
            }, rightAligned: [0, 1, 2, 3]))
      }
      for note in output.notes { Console.out("Note: \(note)") }
      Console.out(
        "Stored \(output.column) for \(Format.count(output.customers)) customers: total \(Format.number(output.totalClv)), "
          + "mean \(Format.number(output.meanClv)), mean P(alive) \(Format.fixed(output.meanProbabilityAlive, 3)).")
    }
  }

  /// `segmenta value report`.
  struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "report",
      abstract: "Write the value report (Lorenz curve, RFM grid, P(alive) matrix, calibration check).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "html, md or json.")
    var format: ProfileWorkflow.Format = .html

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    func run() async throws {
      let format = global.json && out == nil ? .json : format
      let output = try ValueReportWorkflow(format: format, out: out).run(global.context())
      guard let file = output.file else {
        Console.out(output.text)
        return
      }
      if global.json { return try Console.json(["file": file, "format": format.rawValue]) }
      Console.out("Wrote the \(format.rawValue) value report of table \(output.report.table.label) to \(file).")
    }
  }

  /// `segmenta value retention`.
  struct Retention: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "retention",
      abstract: "Cross value tiers with churn-risk bands (or two or three segmentations): who to save first.",
      discussion: """
        Each cell gives its customers, their share, the value summed over them and the value at risk,         Σ value × churn probability, riskiest cells first. The defaults read the segmentations made by         `value pareto` (value_tier) and `churn score` (churn_risk) and the fields clv_12m and churn_score;         --by demo,value_tier,churn_risk crosses the segments too. --kpis adds the mean of numeric fields per cell.
        """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Two or three segmentations to cross, separated by commas.")
    var by = "value_tier,churn_risk"

    @Option(help: "The value summed per cell (a numeric field); 'none' for counts only.")
    var value = "clv_12m"

    @Option(help: "The churn probability per customer (a numeric field in 0…1); 'none' for no value at risk.")
    var churn = "churn_score"

    @Option(help: "Numeric fields whose mean per cell is shown, separated by commas.")
    var kpis = ""

    func validate() throws {
      _ = try ArgumentParsing.names(by, option: "--by")
      _ = try ArgumentParsing.names(kpis, option: "--kpis")
    }

    func run() async throws {
      let output = try RetentionWorkflow(
        dimensions: try ArgumentParsing.names(by, option: "--by"), value: value == "none" ? nil : value,
        churn: churn == "none" ? nil : churn, kpis: try ArgumentParsing.names(kpis, option: "--kpis")
      ).run(global.context())
      if global.json { return try Console.json(output) }
      let table = output.table
      var header = table.dimensions.map(\.name) + ["customers", "share"]
      if let value = output.value { header.append(value) }
      if output.churn != nil { header.append("value at risk") }
      header += table.kpiNames.map { "mean \($0)" }
      let rows = table.cells.map { cell in
        var row = cell.labels + [Format.count(cell.customers), Format.fixed(cell.share * 100, 1) + " %"]
        if output.value != nil { row.append(Format.number(cell.value)) }
        if output.churn != nil { row.append(Format.number(cell.valueAtRisk)) }
        return row + cell.kpis.map(Format.number)
      }
      let dimensions = table.dimensions.count
      Console.out(Format.table(header, rows, rightAligned: Set(dimensions..<header.count)))
      let atRisk = table.cells.compactMap(\.valueAtRisk).reduce(0, +)
      Console.out(
        "Crossed \(Format.count(table.customers)) customers by \(output.dimensions.joined(separator: " × ")) into "
          + "\(table.cells.count) cells"
          + (output.churn == nil ? "." : "; value at risk \(Format.number(atRisk)), riskiest cell first."))
    }
  }

  /// `segmenta value lifecycle`.
  struct Lifecycle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "lifecycle",
      abstract: "Lifecycle stage per customer (new, growing, stable, declining, lapsed) as a segmentation and tags.",
      discussion: """
        New: tenure below --new-tenure. Otherwise the usage feature's change from --from to --to decides:         lapsed at --lapsed-at-most or less now, growing at +--change or more (or up from nothing), declining         at −--change or less, else stable; customers without usage in a period are left out. Stored as the         segmentation lifecycle and defined as the tags lifecycle_new … lifecycle_lapsed (`tags apply`         computes them).
        """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The tenure field (a number, in months by default).")
    var tenure: String

    @Option(help: "The usage feature compared between the periods.")
    var usage: String

    @Option(help: "The earlier wide-table period.")
    var from: String

    @Option(help: "The later wide-table period.")
    var to: String

    @Option(name: .customLong("new-tenure"), help: "Tenure below this is new.")
    var newTenure = 3.0

    @Option(help: "Relative change that counts as growing or declining (0.2 = 20 %).")
    var change = 0.2

    @Option(name: .customLong("lapsed-at-most"), help: "Usage at or below this in the later period is lapsed.")
    var lapsedAtMost = 0.0

    func run() async throws {
      let output = try LifecycleWorkflow(
        tenure: tenure, usage: usage, previousPeriod: from, currentPeriod: to,
        rule: LifecycleRule(newTenure: newTenure, change: change, lapsedAtMost: lapsedAtMost)
      ).run(global.context())
      if global.json { return try Console.json(output) }
      Console.out(
        Format.table(
          ["stage", "customers", "share", "tag"],
          output.stages.map {
            [
              SegmentNames.combined($0.label), Format.count($0.customers), Format.fixed($0.share * 100, 1) + " %",
              $0.tag,
            ]
          }, rightAligned: [1, 2]))
      Console.out(
        "Stored segmentation \(output.segmentation) version \(output.version) and the tags "
          + "\(output.stages.first?.tag ?? "") … \(output.stages.last?.tag ?? "")"
          + (output.unknown > 0
            ? "; \(Format.count(output.unknown)) customers without usage in a period left out." : ".")
      )
    }
  }

  /// `segmenta value grid`.
  struct Grid: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "grid", abstract: "Print the default RFM grid (YAML) to edit and pass to `value rfm --grid`.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
      if global.json { return try Console.json(["grid": RFMGridSpec.defaultText]) }
      Console.out(String(RFMGridSpec.defaultText.dropLast()))
    }
  }
}
