import ArgumentParser
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows
import Testing

@testable import SegmentaCLI

@Suite("Command-line flags, parsed in process")
struct SegmentaCommandTests {
  /// Flags that must be refused, with a fragment of the message and the exit status.
  static let refused: [(arguments: [String], message: String)] = [
    (["segment", "--name", "x", "--k-range", "1..5"], "--k-range takes MIN..MAX with 2 ≤ MIN ≤ MAX"),
    (["segment", "--name", "x", "--k-range", "7"], "--k-range takes MIN..MAX"),
    (["segment", "--name", "x", "--k", "0"], "--k takes a whole number ≥ 2 or 'auto', not '0'"),
    (["segment", "--name", "x", "--k", "1"], "--k takes a whole number ≥ 2 or 'auto', not '1'"),
    (["segment", "--name", "x", "--k-range", "5..5"], "--k-range 5..5 tries one k; give k 5 for a fixed k"),
    (
      ["segment", "--name", "x", "--method", "dbscan"],
      "--method takes kmeans, som (a self-organising map), kprototypes (numeric and categorical columns) or cube "
        + "(cells of categorical dimensions), not 'dbscan'"
    ),
    (
      ["segment", "--name", "x", "--method", "som", "--grid", "1x10"],
      "--grid takes ROWSxCOLUMNS with rows and columns from 2 to 100, such as 10x10, not '1x10'"
    ),
    (["segment", "--name", "x", "--method", "som", "--grid", "10x101"], "--grid takes ROWSxCOLUMNS"),
    (["segment", "--name", "x", "--method", "som", "--grid", "ten"], "--grid takes ROWSxCOLUMNS"),
    (["segment", "--name", "x", "--grid", "10x10"], "--grid '10x10' applies to method som only"),
    (["segment", "--name", "x", "--method", "som", "--k", "8"], "--k applies to k-means"),
    (["segment", "--name", "x", "--dimensions", "industry"], "--dimensions and min-size apply to method cube"),
    (["segment", "--name", "x", "--method", "cube"], "--dimensions takes the columns to cross"),
    (
      ["segment", "--name", "x", "--method", "cube", "--dimensions", "a", "--min-size", "0"],
      "--min-size must be at least 1"
    ),
    (
      ["segment", "--name", "x", "--method", "cube", "--dimensions", "a", "--k", "5"],
      "--method cube crosses --dimensions"
    ),
    (["segment", "--name", "x", "--groups", "0"], "--groups must be at least 1"),
    (["segment", "--name", "x", "--winsorize", "0.7"], "--winsorize takes a quantile between 0 and 0.5"),
    (["segment", "--name", "x", "--log-feature", "arpu=maybe"], "--log-feature takes NAME=on or NAME=off"),
    (["segment", "--name", "x", "--weight", "arpu=-1"], "--weight takes NAME=W with W > 0"),
    (["segment", "--name", "x", "--scale", "log"], "The value 'log' is invalid for '--scale <scale>'"),
    (["segment", "--k", "3"], "Missing expected argument '--name <name>'"),
    (["segments", "rename", "s", "1", "  "], "the new name is empty"),
    (["import", "customers", "c.csv", "--on-error", "maybe"], "The value 'maybe' is invalid for '--on-error"),
    (["campaign", "responses", "c", "--input", "r.csv", "--on-error", "later"], "is invalid for '--on-error"),
    (["campaign", "learn", "c", "--min-kept", "0"], "--min-kept takes a share in (0, 1]"),
    (["campaign", "evaluate"], "give a campaign name or --input FILE (one of them)"),
    (["campaign", "evaluate", "c", "--input", "e.csv"], "give a campaign name or --input FILE (one of them)"),
    (["contacts", "import", "--input", "a.csv", "--max-failures", "0"], "--max-failures must be at least 1"),
    (["contacts", "import", "--input", "a.csv", "--methods", "pigeon"], "--methods: 'pigeon' is not phone"),
    (["contacts", "status", "--list", "asleep"], "--list takes dormant or void"),
    (["basket", "--input", "h.csv", "--min-support", "0"], "--min-support takes a share in (0, 1]"),
    (["basket", "--input", "h.csv", "--min-confidence", "2"], "--min-confidence takes a share in [0, 1]"),
    (["basket", "--input", "h.csv", "--max-len", "0"], "--max-len must be at least 1"),
    (["recommend", "--out", "r.csv", "--top", "0"], "--top must be at least 1"),
    (["demo", "--customers", "5"], "--customers must be at least 10"),
    (["profile", "s", "--format", "pdf"], "The value 'pdf' is invalid for '--format <format>'"),
    (["value", "retention", "--by", "value_tier,,churn_risk"], "--by has an empty name (item 2 of 3)"),
    (["value", "retention", "--kpis", "arpu,"], "--kpis has an empty name (item 2 of 2)"),
    (["churn", "fit", "--label", "churned", "--features", "arpu, ,age"], "--features has an empty name"),
    (["churn", "fit", "--label", "churned", "--features", " "], "--features is empty"),
    (["frobnicate"], "Unexpected argument 'frobnicate'"),
    (["segments", "migration", "s", "--out", "-", "--json"], "--out - writes the data to standard output"),
    (["segments", "migration", "s", "--from", "x"], "The value 'x' is invalid for '--from <from>'"),
    (["segment", "refresh"], "Missing expected argument '<name>'"),
  ]

  @Test("bad flags are refused with a message naming the flag and the usage exit status", arguments: refused)
  func refusesBadFlags(arguments: [String], message: String) {
    do {
      _ = try SegmentaCommand.parseAsRoot(arguments)
      Issue.record("segmenta \(arguments.joined(separator: " ")) was accepted")
    } catch {
      #expect(SegmentaCommand.fullMessage(for: error).contains(message), "\(SegmentaCommand.fullMessage(for: error))")
      #expect(SegmentaCommand.exitCode(for: error) == .validationFailure)
    }
  }

  @Test("segment refresh and segments migration parse into their workflows' requests")
  func refreshAndMigration() throws {
    let refresh = try #require(
      try SegmentaCommand.parseAsRoot([
        "segment", "refresh", "usage", "--period", "2024Q2", "--version", "3", "--where", "recency_days <= 30",
      ]) as? SegmentGroupCommand.Refresh)
    #expect(refresh.name == "usage" && refresh.period == "2024Q2")
    #expect(refresh.version == 3 && refresh.rule == "recency_days <= 30")
    let migration = try #require(
      try SegmentaCommand.parseAsRoot([
        "segments", "migration", "usage", "--from", "1", "--to", "2", "--out", "m.csv", "--lang", "en",
      ]) as? SegmentsCommand.Migration)
    #expect(migration.from == 1 && migration.to == 2 && migration.out == "m.csv" && migration.lang == .en)
  }

  @Test("segment flags become the segmentation options")
  func segmentOptions() throws {
    let command = try #require(
      try SegmentaCommand.parseAsRoot([
        "segment", "--name", "usage", "--k", "6", "--k-range", "3..9", "--groups", "4", "--seed", "7", "--restarts",
        "2",
        "--scale", "minmax", "--log", "off", "--log-feature", "arpu=on", "--winsorize", "off", "--impute", "zero",
        "--weight", "sms=2.5", "--max-iter", "50", "--tol", "0.001", "--silhouette-sample", "500", "--sample-limit",
        "1000",
      ]) as? SegmentCommand)
    let options = try command.request().workflow().options
    #expect(options.k == 6 && options.kRange == 3...9 && options.groups == 4 && options.seed == 7)
    #expect(options.restarts == 2 && options.maxIterations == 50 && options.tolerance == 0.001)
    #expect(options.silhouetteSample == 500 && options.sampleLimit == 1000)
    #expect(options.preprocessing.scaling == .minmax && options.preprocessing.log == .off)
    #expect(options.preprocessing.imputation == .zero && options.preprocessing.winsorize == nil)
    #expect(options.preprocessing.logOverrides == ["arpu": true] && options.preprocessing.weights == ["sms": 2.5])
    let automatic = try #require(try SegmentaCommand.parseAsRoot(["segment", "--name", "u"]) as? SegmentCommand)
    let automaticOptions = try automatic.request().workflow().options
    #expect(automaticOptions.k == nil && automaticOptions.kRange == 2...15)
    #expect(automaticOptions.preprocessing.winsorize == 0.01)
    #expect(automaticOptions.map == nil)
    let map = try #require(
      try SegmentaCommand.parseAsRoot(["segment", "--name", "m", "--method", "som", "--grid", "8x12", "--groups", "5"])
        as? SegmentCommand)
    let mapOptions = try map.request().workflow().options
    #expect(mapOptions.map == SelfOrganizingMapOptions(rows: 8, columns: 12) && mapOptions.groups == 5)
    let square = try #require(
      try SegmentaCommand.parseAsRoot(["segment", "--name", "m", "--method", "som"]) as? SegmentCommand)
    #expect(try square.request().workflow().options.map == SelfOrganizingMapOptions(rows: 10, columns: 10))
  }

  @Test("global options name the workspace and ask for JSON on every workspace command")
  func globalOptions() throws {
    let command = try #require(
      try SegmentaCommand.parseAsRoot(["features", "describe", "--workspace", "w.db", "--json"])
        as? FeaturesCommand.Describe)
    #expect(command.global.workspace == "w.db" && command.global.json)
    #expect(command.global.context().workspacePath == "w.db")
    let defaults = try #require(try SegmentaCommand.parseAsRoot(["segments", "list"]) as? SegmentsCommand.List)
    #expect(defaults.global.workspace == "segmenta.db" && !defaults.global.json)
  }

  @Test("delimiters and dates are read as the flags document them")
  func delimitersAndDates() throws {
    #expect(try ArgumentParsing.dialect("tab").delimiter == 0x09)
    #expect(try ArgumentParsing.dialect(";").delimiter == UInt8(ascii: ";"))
    #expect(throws: ValidationError.self) { try ArgumentParsing.dialect("::") }
    #expect(try ArgumentParsing.day("2024-03-01", option: "--as-of") == 19_783)
    #expect(throws: ValidationError.self) { try ArgumentParsing.day("March 1st", option: "--as-of") }
  }
}
