import Foundation
import SegmentaTestSupport
import Testing

/// The repository's root folder (scripts live there).
private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

@Suite("Compiled wide tables on other engines")
struct CompileFeaturesCLITests {
  @Test(
    "compile features: DuckDB, PostgreSQL and Spark return the workspace's wide table, value for value",
    .timeLimit(.minutes(20)))
  func sameWideTableEverywhere() throws {
    let directory = TemporaryDirectory()
    let here = directory.path
    let cases = "engines/feature-cases"

    // The demo: its events, customers and spec.
    _ = try segmentaOK(["demo", "--customers", "400", "--seed", "5", "--out", "d"], in: here)
    let demo = "\(cases)/demo"
    try FileManager.default.createDirectory(atPath: "\(here)/\(demo)/events", withIntermediateDirectories: true)
    for file in ["calls.csv", "messages.csv", "data.csv"] {
      try FileManager.default.copyItem(atPath: "\(here)/d/\(file)", toPath: "\(here)/\(demo)/events/\(file)")
    }
    try FileManager.default.copyItem(atPath: "\(here)/d/customers.csv", toPath: "\(here)/\(demo)/customers.csv")
    _ = try segmentaOK(
      ["features", "export", "--period", "2024Q1", "--out", "\(demo)/expected.csv", "--workspace", "d/segmenta.db"],
      in: here)
    try compile(spec: "d/features.yaml", into: demo, in: here)

    // A spec exercising every kind, built for two periods (the second compares with the first) and, without a
    // reference date, up to the day after the latest event of a known customer.
    let data = Self.events()
    directory.write("customers.csv", Self.customers())
    directory.write("calls.csv", data.calls)
    directory.write("other.csv", data.other)
    directory.write("spec.yaml", Self.spec)
    directory.write("latest.yaml", Self.latestSpec)
    _ = try segmentaOK(["init"], in: here)
    _ = try segmentaOK(["import", "customers", "customers.csv"], in: here)
    let periods: [(label: String, spec: String, asOf: String?, previous: String?)] = [
      ("p1", "spec.yaml", "2024-02-01", nil), ("p2", "spec.yaml", "2024-03-01", "p1"),
      ("latest", "latest.yaml", nil, nil),
    ]
    for period in periods {
      let folder = "\(cases)/\(period.label)"
      try FileManager.default.createDirectory(atPath: "\(here)/\(folder)/events", withIntermediateDirectories: true)
      _ = try segmentaOK(
        [
          "features", "build", "--spec", period.spec, "--events", "calls.csv", "--events", "other.csv", "--period",
          period.label,
        ] + (period.asOf.map { ["--as-of", $0] } ?? []), in: here)
      _ = try segmentaOK(["features", "export", "--period", period.label, "--out", "\(folder)/expected.csv"], in: here)
      for file in ["calls.csv", "other.csv", "customers.csv"] {
        let target = file == "customers.csv" ? "\(folder)/\(file)" : "\(folder)/events/\(file)"
        try FileManager.default.copyItem(atPath: "\(here)/\(file)", toPath: "\(here)/\(target)")
      }
      var options = period.asOf.map { ["--as-of", $0] } ?? []
      if let previous = period.previous {
        try FileManager.default.copyItem(
          atPath: "\(here)/\(cases)/\(previous)/expected.csv", toPath: "\(here)/\(folder)/previous.csv")
        options += ["--previous-table", "previous"]
      }
      try compile(spec: period.spec, into: folder, options: options, in: here)
    }
    let expected = try String(contentsOfFile: "\(here)/\(cases)/p2/expected.csv", encoding: .utf8)
    #expect(expected.hasPrefix("customer_id,events_all,calls,call_minutes"))

    let check = try runProcess(
      "/bin/bash", [repositoryRoot.appendingPathComponent("scripts/equality/check.sh").path, "engines"], in: here)
    #expect(check.status == 0, "scripts/equality/check.sh failed:\n\(check.stderr)")
    let line = try #require(
      check.stdout.split(separator: "\n").last { $0.hasPrefix("{") }, "no report:\n\(check.stdout)")
    let report = try jsonObject(String(line))
    for (label, customers) in [("demo", 400), ("p1", 300), ("p2", 300), ("latest", 300)] {
      let result = try #require(report[label] as? [String: Any], "no \(label) result in \(line)")
      #expect(result["customers"] as? Int == customers)
      for engine in ["duckdb", "postgres", "spark"] {
        let answer = try #require(result[engine] as? [String: Any], "no \(engine) result for \(label)")
        #expect(answer["rows"] as? Int == customers, "\(label) on \(engine): \(answer)")
        #expect((answer["compared"] as? Int ?? 0) > customers * 4, "\(label) on \(engine): \(answer)")
        #expect(answer["differ"] as? Int == 0, "\(label) on \(engine) differs: \(answer)")
      }
    }
  }

  /// Compiles `spec` for every engine into `folder`, with the DuckDB `--json` answer as compile.json.
  private func compile(spec: String, into folder: String, options: [String] = [], in here: String) throws {
    for target in ["duckdb", "postgres", "spark"] {
      let json = try segmentaOK(
        [
          "compile", "features", "--spec", spec, "--target", target, "--out", "\(folder)/features-\(target).sql",
          "--json",
        ] + options, in: here)
      if target == "duckdb" {
        try json.write(toFile: "\(here)/\(folder)/compile.json", atomically: true, encoding: .utf8)
      }
    }
  }

  @Test("compile features writes the same readable text every time and refuses what it cannot compile")
  func textAndRefusals() throws {
    let directory = TemporaryDirectory()
    let here = directory.path
    directory.write("spec.yaml", Self.spec)
    let options = ["compile", "features", "--spec", "spec.yaml", "--as-of", "2024-03-01", "--previous-table", "p"]
    let first = try segmentaOK(options + ["--target", "postgres"], in: here)
    #expect(try segmentaOK(options + ["--target", "postgres"], in: here) == first)
    #expect(
      first.hasPrefix("-- Wide table of spec.yaml, compiled by Segmenta for PostgreSQL: customer_id and 34 features"))
    #expect(first.contains("-- calls (spec.yaml line 15): count where type in [call, it's]"))
    #expect(first.contains(#""segmenta_type" IN ('call', 'it''s')"#))
    #expect(first.contains("WHERE e.\"ts\" < TIMESTAMP '2024-03-01 00:00:00'"))
    #expect(first.contains("LEFT JOIN \"p\" AS p"))
    // One pass over the events, grouped once.
    #expect(first.components(separatedBy: "GROUP BY").count == 2)
    #expect(first.components(separatedBy: "FROM \"events\" AS e").count == 2)
    let spark = try segmentaOK(options + ["--target", "spark"], in: here)
    #expect(spark.contains(#"`segmenta_type` IN ('call', 'it\'s')"#) && spark.contains("size(collect_set("))
    #expect(!spark.contains("COUNT(DISTINCT"))

    let json = try jsonObject(try segmentaOK(options + ["--target", "duckdb", "--json"], in: here))
    #expect(json["target"] as? String == "duckdb")
    #expect((json["reference_day"] as? String)?.hasPrefix("2024-03-01") == true)
    let features = try #require(json["features"] as? [[String: Any]])
    #expect(features.count == 34 && features[0]["column"] as? String == "\"events_all\"")
    #expect(features.first { $0["name"] as? String == "favourite_channel" }?["holds"] as? String == "category code")
    let tables = try #require(json["tables"] as? [[String: Any]])
    #expect(tables.map { $0["role"] as? String } == ["events", "customers", "previous"])

    // Table names are identifiers joined by dots; nothing is written on refusal.
    let table = try segmenta(options + ["--events-table", "a;drop", "--out", "x.sql", "--json"], in: here)
    #expect(table.status != 0)
    #expect(((try jsonObject(table.stdout))["error"] as? [String: Any])?["field"] as? String == "events-table")
    #expect(!FileManager.default.fileExists(atPath: "\(here)/x.sql"))
    // `changed` needs the previous period unless the spec says it is missing without one.
    directory.write("strict.yaml", Self.spec.replacingOccurrences(of: "    without_previous: missing\n", with: ""))
    let previous = try segmenta(
      ["compile", "features", "--spec", "strict.yaml", "--as-of", "2024-03-01", "--json"], in: here)
    let error = try #require((try jsonObject(previous.stdout))["error"] as? [String: Any])
    #expect(error["field"] as? String == "previous-table")
    #expect((error["message"] as? String)?.contains("feature 'channel_changed' compares 'favourite_channel'") == true)
    // Without --previous-table a change is missing where the spec allows it.
    let missing = try segmentaOK(["compile", "features", "--spec", "spec.yaml", "--as-of", "2024-03-01"], in: here)
    #expect(missing.contains("CAST(NULL AS DOUBLE) AS \"channel_changed\""))
    // Windows need a reference date, as in `features build`.
    let window = try segmenta(["compile", "features", "--spec", "spec.yaml", "--previous-table", "p"], in: here)
    #expect(window.status != 0 && window.stderr.contains("window_days"))
    // The spec is never overwritten.
    let overwrite = try segmenta(options + ["--out", "spec.yaml"], in: here)
    #expect(overwrite.status != 0)
    #expect(try String(contentsOfFile: "\(here)/spec.yaml", encoding: .utf8) == Self.spec)
    // Where there is a workspace, a spec reading personal data is refused, as `features build` refuses it.
    directory.write("people.csv", "customer_id,phone,arpu\nA1,13800000001,10\nA2,13800000002,20\n")
    _ = try segmentaOK(["init"], in: here)
    _ = try segmentaOK(["import", "customers", "people.csv"], in: here)
    directory.write("personal.yaml", "version: 1\nfeatures:\n  - name: contact\n    customer: phone\n")
    let personal = try segmenta(["compile", "features", "--spec", "personal.yaml", "--json"], in: here)
    let refusal = try #require((try jsonObject(personal.stdout))["error"] as? [String: Any])
    #expect((refusal["message"] as? String)?.contains("'phone', which holds personal data") == true)
    directory.write("arpu.yaml", "version: 1\nfeatures:\n  - name: spend\n    customer: arpu\n")
    #expect(
      try segmentaOK(["compile", "features", "--spec", "arpu.yaml"], in: here).contains("CAST(c.\"arpu\" AS DOUBLE)"))
  }

  // MARK: - Test data

  static let spec = """
    version: 1
    events:
      customer_id: customer_id
      timestamp: ts
      type: kind
    calendar:
      weekend: [fri, sat]
      peak_hours: "09:30-17:45"
      night_hours: "22:15-06:30"
    lists:
      hotlines: ["95521", "95536", "10086"]
    features:
      - name: events_all
        aggregate: count
      - name: calls
        aggregate: count
        where: {type: [call, "it's"]}
      - name: call_minutes
        aggregate: sum
        of: duration
        where: {type: call}
        divide_by: 60
      - name: mean_duration
        aggregate: mean
        of: duration
        where: {type: call, duration: {gt: 0}}
      - name: min_fee
        aggregate: min
        of: fee
      - name: max_fee_night
        aggregate: max
        of: fee
        split: [night]
      - name: distinct_parties
        aggregate: distinct
        of: party
      - name: hotline_calls
        aggregate: count
        where: {party: {in_list: hotlines}}
      - name: other_calls_30d
        aggregate: count
        where: {type: call, party: {not_in_list: hotlines}}
        window_days: 30
      - name: weekend_peak
        aggregate: count
        split: [weekend, peak]
      - name: weekday_offpeak_fee
        aggregate: sum
        of: fee
        split: [weekday, offpeak]
      - name: call_recency
        aggregate: recency
        where: {type: call}
      - name: sms_recency_7d
        aggregate: recency
        where: {type: sms}
        window_days: 7
      - name: favourite_channel
        aggregate: mode
        of: channel
        categories: [app, web, shop]
      - name: favourite_channel_share
        aggregate: mode_share
        of: channel
        categories: [app, web, shop]
      - name: cheap_channel
        aggregate: mode
        of: channel
        categories: [other, app]
        where: {fee: {ge: 1, le: 8}}
      - name: fee_not_3
        aggregate: count
        where: {fee: {ne: 3}}
      - name: outside_north_south
        aggregate: count
        where: {region: {not_in: [north, "so'uth"]}}
      - name: east_fee
        aggregate: sum
        of: fee
        where: {region: {eq: east}}
        divide_by: 0.1
      - name: sms_count
        aggregate: count
        where: {type: sms}
      - name: call_sms_ratio
        ratio: [calls, sms_count]
      - name: minutes_per_hotline
        ratio: [call_minutes, hotline_calls]
        zero_over_zero: 0
        nonzero_over_zero: -1
      - name: hotline_share
        share: [hotline_calls, calls]
      - name: hotline_share_strict
        share: [hotline_calls, calls]
        zero_over_zero: missing
      - name: arpu
        customer: arpu
      - name: arpu_band
        customer: arpu
        bands: [50, 100, 200]
      - name: tenure_days
        customer: join_date
        tenure: days
      - name: tenure_months
        customer: join_date
        tenure: months
      - name: tenure_years
        customer: join_date
        tenure: years
      - name: minutes_band
        feature: call_minutes
        bands: [1, 5, 20]
      - name: ratio_band
        feature: call_sms_ratio
        bands: [0.5, 1, 2]
        band_labels: [low, even, high, very_high]
      - name: channel_changed
        changed: favourite_channel
        without_previous: missing
      - name: band_changed
        changed: minutes_band
        without_previous: missing
      - name: distinct_regions_weekend
        aggregate: distinct
        of: region
        split: [weekend]

    """

  static let latestSpec = """
    version: 1
    events:
      customer_id: customer_id
      timestamp: ts
      type: kind
    features:
      - name: calls
        aggregate: count
        where: {type: call}
      - name: call_recency
        aggregate: recency
        where: {type: call}
        divide_by: 7
      - name: favourite_channel
        aggregate: mode
        of: channel
        categories: [app, web]
      - name: tenure_days
        customer: join_date
        tenure: days
      - name: tenure_months
        customer: join_date
        tenure: months

    """

  /// A small deterministic generator (64-bit linear congruential).
  struct Generator {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    mutating func pick<T>(_ values: [T]) -> T { values[next(values.count)] }
  }

  /// 300 customers: join dates (some blank, some on the 29th–31st) and ARPU (some blank).
  static func customers() -> String {
    var random = Generator(state: 7)
    var lines = ["customer_id,join_date,arpu"]
    let monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    for index in 1...300 {
      let month = 1 + random.next(12)
      let date =
        random.next(10) == 0
        ? "" : "20\(18 + random.next(6))-\(pad(month))-\(pad(1 + random.next(monthDays[month - 1])))"
      let arpu = random.next(10) == 0 ? "" : String(Double(random.next(30000)) / 100)
      lines.append("C\(String(format: "%04d", index)),\(date),\(arpu)")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Calls (duration, party, fee, channel, region) and other events (fee, channel), including blanks, padded
  /// text, offsets and fractions in timestamps, unknown customers and events after every reference date; the
  /// last 20 customers have none.
  static func events() -> (calls: String, other: String) {
    var random = Generator(state: 11)
    var calls = ["customer_id,ts,kind,duration,party,fee,channel,region"]
    var other = ["customer_id,ts,kind,fee,channel"]
    let parties = ["95521", "95536", "10086"] + (0..<25).map { "1380000\(String(format: "%04d", $0 * 37))" }
    let start = 19706  // 2023-12-15
    for _ in 0..<4500 {
      let known = random.next(50) != 0
      let customer = known ? "C\(String(format: "%04d", 1 + random.next(280)))" : "X\(random.next(9))"
      let day = known ? start + random.next(87) : start + 95
      let minute = random.next(1440)
      let date = isoDate(day)
      let time = "\(pad(minute / 60)):\(pad(minute % 60)):\(pad(random.next(60)))"
      let stamp: String
      switch random.next(10) {
      case 0: stamp = "\(date)T\(time)+08:00"
      case 1: stamp = "\(date) \(time).\(random.next(1000))"
      case 2: stamp = date.replacingOccurrences(of: "-", with: "") + time.replacingOccurrences(of: ":", with: "")
      default: stamp = "\(date) \(time)"
      }
      let fee = random.next(20) == 0 ? "" : random.next(8) == 0 ? "3" : "\(random.next(11)).\(random.next(10))"
      let channel = random.pick(["app", "app", "web", "shop", "kiosk", "", " web ", "other"])
      if random.next(3) < 2 {
        let kind = random.pick(["call", "call", "call", " call", "it's", "sms", ""])
        let duration = random.next(12) == 0 ? "" : random.next(10) == 0 ? "0" : "\(random.next(1800))"
        let party = random.next(20) == 0 ? "" : random.pick(parties)
        let region = random.pick(["north", "south", "so'uth", "east", "", "west"])
        calls.append("\(customer),\(stamp),\(kind),\(duration),\(party),\(fee),\(channel),\(region)")
      } else {
        let kind = random.pick(["sms", "sms", "data", "SMS"])
        other.append("\(customer),\(stamp),\(kind),\(fee),\(channel)")
      }
    }
    return (calls.joined(separator: "\n") + "\n", other.joined(separator: "\n") + "\n")
  }

  static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

  /// `days` since 1970-01-01 as YYYY-MM-DD (proleptic Gregorian).
  static func isoDate(_ days: Int) -> String {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return "\(yoe + era * 400 + (month <= 2 ? 1 : 0))-\(pad(month))-\(pad(day))"
  }
}
