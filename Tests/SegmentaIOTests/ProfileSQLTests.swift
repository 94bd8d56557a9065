import Foundation
import SegmentaCore
import SegmentaTestSupport
import Testing

@testable import SegmentaIO

@Suite("Profile statistics as SQL and read back")
struct ProfileSQLTests {
  /// A k-means segmentation (k = 3) of 600 rows of two features, one with missing values.
  static func fixture() throws -> (model: SegmentationModel, columns: [(name: String, values: [Double])]) {
    var generator = SplitMix64(seed: 5)
    var calls: [Double] = []
    var data: [Double] = []
    for row in 0..<600 {
      let group = Double(row % 3)
      calls.append(row % 13 == 0 ? .nan : group * 50 + Double(generator.next() % 100) / 10)
      data.append(1_000 * group * group + Double(generator.next() % 1_000))
    }
    let columns = [(name: "calls", values: calls), (name: "data_mb", values: data)]
    let options = SegmentationOptions(k: 3, restarts: 2)
    let result = try Segmenter.run(columns, options: options)
    let model = SegmentationModel(
      method: "kmeans",
      features: columns.map {
        SegmentationModel.Feature(name: $0.name, source: "feature", label: FeatureLabel(zh: $0.name, en: $0.name))
      }, options: options, segmentation: result)
    return (model, columns)
  }

  static let kpis = [
    KPIDefinition(label: FeatureLabel(zh: "ARPU", en: "ARPU"), measure: .mean("arpu")),
    KPIDefinition(label: FeatureLabel(zh: "中位通话", en: "Median calls"), measure: .median("calls")),
    KPIDefinition(label: FeatureLabel(zh: "女性", en: "Female"), measure: .share(column: "gender", value: "F")),
  ]

  static func plan(_ model: SegmentationModel) -> ProfileSQL {
    ProfileSQL(
      name: "usage", version: 2, model: model, categories: ["city"], kpis: kpis, featureColumns: [])
  }

  @Test("the query is the same text for the same inputs, names its source and fits each engine")
  func queryText() throws {
    let (model, _) = try Self.fixture()
    let plan = Self.plan(model)
    let tables = ProfileSQL.Tables(features: "w.features", scores: "scores", customers: "customers")
    for dialect in SQLDialect.allCases {
      let sql = plan.query(tables: tables, dialect: dialect)
      #expect(sql == Self.plan(model).query(tables: tables, dialect: dialect))
      #expect(sql.hasPrefix("-- Profile statistics of segmentation 'usage' version 2, compiled by Segmenta for"))
      #expect(sql.contains("FROM \(dialect.table("w.features"))"))
      #expect(sql.hasSuffix("ORDER BY 1, 2, 3, 4;\n"))
      #expect(sql.contains(dialect == .postgres ? "AS REAL" : "AS FLOAT"))
      #expect(sql.contains("'share_count', 'gender', 'F'"))
    }
    let spark = plan.query(tables: tables, dialect: .spark)
    #expect(spark.contains("percentile_approx(v1, 0.5, 10000)") && !spark.contains("MATERIALIZED"))
    #expect(plan.query(tables: tables, dialect: .duckdb).contains("quantile_cont(v1, 0.5)"))
    let postgres = plan.query(tables: tables, dialect: .postgres)
    #expect(postgres.contains("percentile_cont(0.5) WITHIN GROUP (ORDER BY v1)"))
    #expect(postgres.contains("COLLATE \"C\""))
    // A quote in a value is escaped as each engine reads it.
    var quoted = plan
    quoted.kpis = [
      KPIDefinition(label: FeatureLabel(zh: "x", en: "x"), measure: .share(column: "city", value: "O'Hare"))
    ]
    #expect(quoted.query(tables: tables, dialect: .postgres).contains("= 'O''Hare'"))
    #expect(quoted.query(tables: tables, dialect: .spark).contains("= 'O\\'Hare'"))
  }

  /// The statistics of the fixture's rows as the query returns them, computed here row by row.
  static func statistics(
    _ model: SegmentationModel, _ columns: [(name: String, values: [Double])], cities: [String?], genders: [String?],
    arpu: [Double]
  ) -> String {
    let segments = model.assign(columns.map(\.values)).clusters.map { model.clusterGroups[Int($0)] }
    var lines = ["segment,statistic,item,category,value"]
    for s in 0..<model.segmentCount {
      let members = segments.indices.filter { segments[$0] == s }
      lines.append("\(s + 1),size,,,\(members.count)")
      for (f, column) in columns.enumerated() {
        let present = members.map { column.values[$0] }.filter { !$0.isNaN }
        let scaled = members.map { Double(Float(model.preprocessing.transforms[f].apply(column.values[$0]))) }
        lines.append("\(s + 1),count,\(column.name),,\(present.count)")
        lines.append("\(s + 1),sum,\(column.name),,\(present.reduce(0, +))")
        lines.append("\(s + 1),scaled_sum,\(column.name),,\(scaled.reduce(0, +))")
        lines.append("\(s + 1),scaled_squares,\(column.name),,\(scaled.map { $0 * $0 }.reduce(0, +))")
      }
      let values = members.map { arpu[$0] }
      lines.append("\(s + 1),count,arpu,,\(values.count)")
      lines.append("\(s + 1),sum,arpu,,\(values.reduce(0, +))")
      let calls = members.map { columns[0].values[$0] }.filter { !$0.isNaN }.sorted()
      lines.append("\(s + 1),median,calls,,\(ColumnSummary.quantile(calls, 0.5))")
      var counts: [String: Int] = [:]
      for row in members { if let city = cities[row] { counts[city, default: 0] += 1 } }
      for (city, n) in counts.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) })
        .prefix(3)
      {
        lines.append("\(s + 1),top,city,\"\(city)\",\(n)")
      }
      lines.append("\(s + 1),share_count,gender,F,\(members.filter { genders[$0] == "F" }.count)")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  @Test("statistics read back give the profile the rows give")
  func readBack() throws {
    let (model, columns) = try Self.fixture()
    let rows = columns[0].values.count
    let cities: [String?] = (0..<rows).map { $0 % 7 == 0 ? nil : ["北京", "上海", "西安", "a,b"][$0 % 4] }
    let genders: [String?] = (0..<rows).map { $0 % 3 == 1 ? "F" : "M" }
    let arpu = (0..<rows).map { Double($0 % 50) + 0.25 }
    let directory = TemporaryDirectory()
    let path = directory.write(
      "statistics.csv", Self.statistics(model, columns, cities: cities, genders: genders, arpu: arpu))
    let aggregates = try ProfileStatistics.read(path: path, profile: Self.plan(model))
    let segments = model.assign(columns.map(\.values)).clusters.map { Int32(model.clusterGroups[Int($0)]) }
    let features = model.features.map(\.name).enumerated().map { f, name in
      ProfileColumn(name: name, label: FeatureLabel(zh: name, en: name), values: columns[f].values)
    }
    let expected = SegmentProfiler.profile(
      segments: segments, segmentCount: model.segmentCount, clusterGroups: model.clusterGroups, features: features,
      preprocessing: model.preprocessing, categories: [("city", cities)], texts: ["gender": genders],
      numbers: ["arpu": arpu, "calls": columns[0].values], kpis: Self.kpis, playbook: Playbook(rules: []))
    let built = SegmentProfiler.profile(
      aggregates: aggregates, clusterGroups: model.clusterGroups, features: features.map { ($0.name, $0.label) },
      kpis: Self.kpis, playbook: Playbook(rules: []))
    #expect(built.segments.map(\.size) == expected.segments.map(\.size))
    #expect(built.segments.map(\.categories) == expected.segments.map(\.categories))
    #expect(built.segments.map(\.automaticName) == expected.segments.map(\.automaticName))
    #expect(built.segments.map { $0.strong.map(\.feature) } == expected.segments.map { $0.strong.map(\.feature) })
    for (a, b) in zip(built.features, expected.features) {
      #expect(abs(a.etaSquared - b.etaSquared) <= 1e-12 * b.etaSquared && a.etaSquared > 0.5)
    }
    for (a, b) in zip(built.segments, expected.segments) {
      #expect(
        a.kpis.map(\.value) == b.kpis.map(\.value)
          || zip(a.kpis, b.kpis).allSatisfy {
            abs(($0.value ?? 0) - ($1.value ?? 0)) <= 1e-12 * abs($1.value ?? 1)
          })
      #expect(zip(a.means, b.means).allSatisfy { abs($0! - $1!) <= 1e-12 * abs($1!) })
    }
  }

  @Test("a wrong value is named by line and column; a missing row by segment and statistic")
  func refusals() throws {
    let (model, columns) = try Self.fixture()
    let rows = columns[0].values.count
    let good = Self.statistics(
      model, columns, cities: Array(repeating: "北京", count: rows), genders: Array(repeating: "F", count: rows),
      arpu: Array(repeating: 1, count: rows))
    let directory = TemporaryDirectory()
    func error(_ text: String) -> String {
      let path = directory.write("bad.csv", text)
      do {
        _ = try ProfileStatistics.read(path: path, profile: Self.plan(model))
        return "no error"
      } catch {
        return error.description
      }
    }
    var lines = good.split(separator: "\n").map(String.init)
    let sumLine = lines.firstIndex { $0.hasPrefix("2,sum,calls,") }!
    lines[sumLine] = "2,sum,calls,,12x"
    let notNumber = error(lines.joined(separator: "\n") + "\n")
    #expect(
      notNumber.contains("bad.csv:\(sumLine + 1):") && notNumber.contains("'12x' is not a number"), "\(notNumber)")
    #expect(notNumber.contains("column 5"), "\(notNumber)")
    let missing = error(
      good.split(separator: "\n").filter { !$0.hasPrefix("3,scaled_squares,data_mb,") }
        .joined(separator: "\n") + "\n")
    #expect(missing.contains("no 'scaled_squares' of 'data_mb' row for segment 3"), "\(missing)")
    let noSize = error(good.split(separator: "\n").filter { !$0.hasPrefix("1,size,") }.joined(separator: "\n"))
    #expect(noSize.contains("no 'size' row for segment 1"), "\(noSize)")
    let segment = error(good + "9,size,,,3\n")
    #expect(segment.contains("'9' is not a segment of usage version 2 (1 to 3)"), "\(segment)")
    let statistic = error(good + "1,mode,calls,,3\n")
    #expect(statistic.contains("'mode' is not a statistic"), "\(statistic)")
    let count = error(good + "1,top,city,广州,2.5\n")
    #expect(count.contains("is not a count"), "\(count)")
    let repeated = error(good + "1,size,,,3\n")
    #expect(repeated.contains("repeats the size of line 2"), "\(repeated)")
    let header = error("segment,statistic,value\n1,size,3\n")
    #expect(header.contains("missing column 'item'"), "\(header)")
  }
}
