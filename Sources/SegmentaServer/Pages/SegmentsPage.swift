import Foundation
import HTTPTypes
import Hummingbird
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `/segments` and `/segments/:name`: the segment explorer.
///
/// The k table and silhouette chart, sizes,
/// the strong/weak heatmap and the profile cards come from the version's kept profile report (the
/// report renderers' own SVG); only the members table reads customers, one page of them.
enum SegmentsPage {
  static let membersPerPage = 25

  static func register(_ routes: Routes, state: ServerState, cache: SegmentReportCache) {
    routes.add(.get, "/segments", .readDashboards, kind: .page, "Segmentations, and a form to run one.") {
      request, _, caller in
      let command = request.auditCommand
      let versions = try await state.read(ListSegmentationsWorkflow(), caller: caller, command: command)
      let periods = try await state.read(ListPeriodsWorkflow(), caller: caller, command: command)
      cache.warm(versions.filter(\.latest), context: state.base)
      return PageResponse.page(
        "Segments", area: .segments, caller: caller, list(versions, periods: periods, caller: caller))
    }
    routes.add(
      .get, "/segments/:name", .readDashboards, kind: .page,
      "The segment explorer: k, sizes, heatmap, profile cards, migration from the earlier version, refresh, members, versions."
    ) { request, context, caller in
      let name = try context.parameter("name")
      let version = try request.query("version").map { text throws(SegmentaError) in
        guard let value = Int(text), value >= 1 else {
          throw SegmentaError(.invalidRequest, "version takes a whole number ≥ 1", field: "version")
        }
        return value
      }
      let segment = request.query("segment").flatMap { Int($0) }
      let offset = max(0, request.query("offset").flatMap { Int($0) } ?? 0)
      // Feature values read the period's wide table, too slow for a million customers by default.
      let withFeatures = request.query("features") == "1"
      let command = request.auditCommand
      let names = try await state.read(
        SegmentNamesWorkflow(name: name, version: version), caller: caller, command: command)
      let report = SegmentReportCache.named(
        try await cache.report(name: name, version: names.version, context: state.base), names)
      let versions = try await state.read(ListSegmentationsWorkflow(), caller: caller, command: command)
        .filter { $0.name == name }
      let members = try await state.read(
        SegmentMembersWorkflow(
          name: name, version: names.version, segment: segment, offset: offset, limit: membersPerPage,
          featureCount: withFeatures ? 4 : 0),
        caller: caller, command: command)
      let periods = try await state.read(ListPeriodsWorkflow(), caller: caller, command: command)
      // The download form's column chooser, for a role that may export.
      let memberColumns =
        caller.role.allows(.exportData)
        ? try await state.read(
          MemberColumnChoicesWorkflow(
            source: .segment(segmentation: name, version: names.version, segment: String(segment ?? 1))),
          caller: caller, command: command) : nil
      let stability = try? await state.read(
        StoredStabilityWorkflow(name: name, version: names.version), caller: caller, command: command)
      // `compare=OTHER@VERSION`: the comparison with another segmentation or version.
      var comparison: CompareSegmentationsWorkflow.Output?
      if let other = request.query("compare"), !other.isEmpty {
        let parts = other.split(separator: "@", omittingEmptySubsequences: false)
        let otherVersion = parts.count > 1 ? Int(parts[parts.count - 1]) : nil
        let otherName = parts.count > 1 ? parts.dropLast().joined(separator: "@") : other
        comparison = try await state.read(
          CompareSegmentationsWorkflow(
            first: name, firstVersion: names.version, second: otherName, secondVersion: otherVersion),
          caller: caller, command: command)
      }
      let allVersions = try await state.read(ListSegmentationsWorkflow(), caller: caller, command: command)
      let done: HTML
      switch request.query("done") {
      case "stability": done = Layout.notice("Stability measured over \(stability?.resamples ?? 0) resamples.")
      case "renamed": done = Layout.notice("The segment was renamed.")
      case "assessed": done = Layout.notice("The segments were assessed.")
      case "refreshed":
        done = Layout.notice("Refreshed: version \(report.version) scores period \(report.period ?? "–").")
      default: done = .empty
      }
      return PageResponse.page(
        "Segmentation \(name)", area: .segments, caller: caller,
        done
          + explorer(
            report, versions: versions, members: members, periods: periods, stability: stability, caller: caller,
            memberColumns: memberColumns)
          + compareSection(report, comparison: comparison, candidates: allVersions))
    }
    routes.add(
      .post, "/segments/:name/stability", .segment, kind: .page,
      "Measure each segment's stability over bootstrap resamples (form: version, bootstrap, seeds); back to it."
    ) { request, context, caller in
      let name = try context.parameter("name")
      let form = context.form
      func number(_ field: String) throws(SegmentaError) -> Int? {
        guard let text = form[field]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let value = Int(text) else {
          throw SegmentaError(.invalidRequest, "\(field) takes a whole number, not '\(text)'", field: field)
        }
        return value
      }
      let measured = try await state.write(
        SegmentStabilityWorkflow(
          name: name, version: try number("version"), resamples: try number("bootstrap") ?? 20,
          seeds: try number("seeds") ?? 5),
        caller: caller, command: request.auditCommand)
      await cache.forget(name: name, version: measured.version)
      return PageResponse.redirect(
        "/segments/\(urlPart(name))?version=\(measured.version)&done=stability#stability")
    }
    routes.add(
      .post, "/segments/:name/assess", .segment, kind: .page,
      "Assess the segments on the attractiveness × capability-fit matrix of the form's spec; back to it."
    ) { request, context, caller in
      let name = try context.parameter("name")
      let form = context.form
      let assessed = try await state.write(
        AssessSegmentsWorkflow(
          name: name, version: form["version"].flatMap { Int($0) }, spec: .text(form["spec"] ?? "", name: "spec")),
        caller: caller, command: request.auditCommand)
      await cache.forget(name: name, version: assessed.version)
      return PageResponse.redirect("/segments/\(urlPart(name))?version=\(assessed.version)&done=assessed#assessment")
    }
    routes.add(
      .post, "/segments/:name/refresh", .segment, kind: .page,
      "Score a period with the segmentation's model as a new version (form: version, period, where); on to it."
    ) { request, context, caller in
      let name = try context.parameter("name")
      let form = context.form
      func text(_ field: String) -> String? {
        form[field].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
      }
      let refreshed = try await state.write(
        RefreshSegmentationWorkflow(
          name: name, version: form["version"].flatMap { Int($0) }, period: text("period"), rule: text("where")),
        caller: caller, command: request.auditCommand)
      return PageResponse.redirect("/segments/\(urlPart(name))?version=\(refreshed.version)&done=refreshed#migration")
    }
    routes.add(
      .post, "/segments/:name/movers", .exportData, kind: .page,
      "The customers who changed segment between two versions as CSV (form: from, to; recorded in the export audit)."
    ) { request, context, caller in
      let name = try context.parameter("name")
      let from = context.form["from"].flatMap { Int($0) }
      let to = context.form["to"].flatMap { Int($0) }
      return try await CSVTransfer.download(
        filename: "\(name)-movers.csv", state: state, caller: caller, request: request
      ) { path in SegmentMigrationWorkflow(name: name, from: from, to: to, out: path) }
    }
    routes.add(
      .post, "/segments/:name/rename", .segment, kind: .page,
      "Rename a segment (form: version, segment, label \"中文 / English\"); back to the explorer."
    ) { request, context, caller in
      let name = try context.parameter("name")
      let form = context.form
      guard let segment = form["segment"].flatMap({ Int($0) }) else {
        throw SegmentaError(.invalidRequest, "the form names no segment", field: "segment")
      }
      let version = form["version"].flatMap { Int($0) }
      let renamed = try await state.write(
        RenameSegmentWorkflow(name: name, segment: segment, label: form["label"] ?? "", version: version),
        caller: caller, command: request.auditCommand)
      return PageResponse.redirect(
        "/segments/\(urlPart(name))?version=\(renamed.version)&done=renamed#segment-\(segment)")
    }
    routes.add(
      .post, "/segments/:name/export", .exportData, kind: .page,
      "Every customer's cluster and segment as CSV (recorded in the export audit)."
    ) { request, context, caller in
      let name = try context.parameter("name")
      let version = context.form["version"].flatMap { Int($0) }
      return try await CSVTransfer.download(
        filename: "\(name)-segments.csv", state: state, caller: caller, request: request
      ) { path in ExportSegmentsWorkflow(name: name, version: version, out: path) }
    }
  }

  /// The list of segmentations and the form that runs one.
  static func list(_ versions: [SegmentationSummary], periods: [PeriodInfo], caller: Caller) -> HTML {
    let latest = versions.filter(\.latest)
    var counts: [String: Int] = [:]
    for summary in versions { counts[summary.name, default: 0] += 1 }
    let rows = latest.map { summary -> [HTML] in
      [
        "<a href=\"/segments/\(urlPart(summary.name))\">\(summary.name)</a>",
        "\(summary.version) of \(counts[summary.name] ?? 1)",
        "\(Show.count(summary.customers))", "\(summary.k)", "\(summary.segments)", "\(Show.fixed(summary.silhouette))",
        "\(summary.period ?? "–")", "\(summary.createdAt)",
      ]
    }
    var html: HTML = "<h1>分群 Segmentations</h1>\n"
    html +=
      latest.isEmpty
      ? "<p class=\"empty\">No segmentation yet.</p>"
      : Layout.table(
        ["name", "version", "customers", "k", "segments", "silhouette", "period", "made"], rows,
        numeric: [2, 3, 4, 5], id: "segmentations")
    if caller.role.allows(.segment) {
      html += "<section class=\"panel\"><h2>运行分群 Run a segmentation</h2>\n"
      html += Forms.job(
        kind: "segment", id: "segment-form", submit: "Start the segmentation", after: "/segments/{name}",
        """
        <div class="grid">
        \(Forms.text("Name", name: "name", required: true, placeholder: "value", id: "segment-name"))
        <label>Method <select name="method" id="segment-method"><option value="kmeans" selected>k-means</option><option value="som">self-organising map (som)</option><option value="kprototypes">k-prototypes (numeric + categorical)</option><option value="cube">cube of categories</option></select></label>
        \(Forms.text("Map grid for som (ROWSxCOLUMNS)", name: "grid", placeholder: "10x10"))
        \(Forms.text("Categorical columns for k-prototypes (comma-separated)", name: "categorical", placeholder: "brand,city,plan"))
        \(Forms.text("γ for k-prototypes (a number, or auto)", name: "gamma", placeholder: "auto"))
        \(Forms.text("Dimensions for cube (comma-separated columns)", name: "dimensions", placeholder: "industry,it_level,purchase_factor", id: "segment-dimensions"))
        <label>Smallest cell for cube <input type="number" name="min_size" min="1" placeholder="1 % of customers" id="segment-min-size"></label>
        \(Forms.text("k (a number, or auto)", name: "k", value: "auto"))
        \(Forms.text("k range for auto", name: "k_range", value: "2..15"))
        \(Forms.text("Features (comma-separated, or all)", name: "features", value: "all"))
        <label>Period \(Forms.periods(periods))</label>
        <label>Merge into groups <input type="number" name="groups" min="1" max="100" placeholder="none"></label>
        </div>
        """)
      html += "</section>\n"
    }
    return html
  }

  /// One segmentation version in full.
  static func explorer(
    _ report: SegmentationReport, versions: [SegmentationSummary], members: SegmentMembersWorkflow.Output,
    periods: [PeriodInfo] = [], stability: SegmentStabilityWorkflow.Output? = nil, caller: Caller,
    memberColumns: MemberColumnChoicesWorkflow.Output? = nil
  ) -> HTML {
    let name = report.name
    var html: HTML = """
      <h1>分群 <span class="name">\(name)</span> <small>v\(report.version)</small></h1>
      <p class="summary">\(Show.count(report.customers)) customers · period \(report.period ?? "–") · \(report.method) · \(HTMLReport.mapOrK(report)) · \(report.segments) segments · made \(report.createdAt)</p>
      <div class="metrics">
      \(metric("Silhouette", report.silhouetteApplies ? Show.fixed(report.silhouette) : "n/a", report.silhouetteNote, class: report.silhouetteApplies ? report.rating.rawValue : ""))
      \(metric("Calinski–Harabasz", Show.number(report.calinskiHarabasz), "higher is better"))
      \(metric("Davies–Bouldin", Show.fixed(report.daviesBouldin), "lower is better"))
      \(metric("Inertia", Show.number(report.inertia), "scaled space"))
      \(HTML(raw: HTMLReport.mapMetrics(report)))
      \(HTML(raw: HTMLReport.prototypeMetrics(report)))
      </div>
      <p class="hint">\(report.tableCount): \(report.kRule)</p>

      """
    for note in report.notes { html += Layout.notice(note) }
    let versionLinks = versions.map { summary -> HTML in
      let about: HTML =
        " · \(summary.period ?? "–") · \(summary.createdAt) · k = \(summary.k)"
        + (summary.refreshes.map { " · refreshes v\($0)" } ?? "")
      return summary.version == report.version
        ? "<li><b>v\(summary.version)</b>\(about)</li>"
        : "<li><a href=\"/segments/\(urlPart(name))?version=\(summary.version)\">v\(summary.version)</a>\(about)</li>"
    }
    html += "<section><h2>版本 Versions</h2><ul class=\"versions\" id=\"versions\">\(versionLinks)</ul></section>\n"
    if report.kTable.count > 1 {
      html += """
        <section><h2>选择分群数 Choosing \(report.tableCount)</h2><div class="row">
        \(Layout.scroll(HTML(raw: HTMLReport.silhouetteChart(report))))
        \(Layout.scroll(HTML(raw: HTMLReport.kTable(report))))
        </div></section>

        """
    }
    html += "<section><h2>群体规模 Segment sizes</h2>\(Layout.scroll(HTML(raw: HTMLReport.sizeChart(report))))</section>\n"
    if report.map != nil {
      html +=
        "<section><h2>自组织映射 Self-organising map</h2>\(Layout.scroll(HTML(raw: HTMLReport.mapSection(report))))</section>\n"
    }
    if report.prototypes != nil {
      html +=
        "<section id=\"prototypes\"><h2>原型众数 Categorical modes</h2>"
        + "\(Layout.scroll(HTML(raw: HTMLReport.prototypeSection(report))))</section>\n"
    }
    html += migrationSection(report, periods: periods, caller: caller)
    html += stabilitySection(report, stability: stability, caller: caller)
    html += cubeSection(report)
    html += assessmentSection(report, caller: caller)
    html += """
      <section><h2>特征热力图 Normalised means</h2>
      <p class="hint">Each cell is a segment's mean of a feature, min–max normalised across segments (0 lowest, 1 highest); ▲ strong (≥ 0.8), ▼ weak (≤ 0.2).</p>
      \(Layout.scroll(HTML(raw: HTMLReport.heatmap(report))))</section>

      """
    let canRename = caller.role.allows(.segment)
    let cards = report.cards.map { card -> HTML in
      var rename = HTML.empty
      if canRename {
        rename = """
          <form method="post" action="/segments/\(urlPart(name))/rename" class="rename">\(Layout.csrfField(caller))
          <input type="hidden" name="version" value="\(report.version)"><input type="hidden" name="segment" value="\(card.profile.id)">
          <label>Name <input name="label" value="\(Show.label(card.name))" required aria-label="name of segment \(card.profile.id)"></label>
          <button type="submit">重命名 Rename</button></form>
          """
      }
      return
        "<div class=\"profile\" id=\"segment-\(card.profile.id)\">\(HTML(raw: HTMLReport.card(card)))\(rename)</div>\n"
    }
    html += "<section><h2>群体画像 Profile cards</h2><div class=\"cards\">\(cards)</div></section>\n"
    html += membersSection(report, members: members, columns: memberColumns, caller: caller)
    if caller.role.allows(.exportData) {
      html += """
        <section><h2>导出 Export</h2>
        <form method="post" action="/segments/\(urlPart(name))/export" class="inline">\(Layout.csrfField(caller))
        <input type="hidden" name="version" value="\(report.version)">
        <button type="submit">Download every customer's segment (CSV)</button></form>
        <p class="hint">The download is recorded in the export audit with your name.</p></section>

        """
    }
    return html
  }

  /// The form that picks another segmentation or version and, when one was picked, the comparison:
  /// the cross-table, the adjusted Rand index and the best matching.
  static func compareSection(
    _ report: SegmentationReport, comparison: CompareSegmentationsWorkflow.Output?,
    candidates: [SegmentationSummary]
  ) -> HTML {
    let options = candidates.map { summary -> HTML in
      let value = "\(summary.name)@\(summary.version)"
      let chosen = comparison.map { $0.second.name == summary.name && $0.second.version == summary.version } ?? false
      return
        "<option value=\"\(value)\"\(HTML.attribute("selected", when: chosen))>\(summary.name) v\(summary.version)</option>"
    }
    var html: HTML = """
      <section id="compare"><h2>比较 Compare with another segmentation</h2>
      <form method="get" action="/segments/\(urlPart(report.name))#compare" class="inline" id="compare-form">
      <input type="hidden" name="version" value="\(report.version)">
      <label>Segmentation <select name="compare">\(options)</select></label>
      <button type="submit">Compare</button></form>

      """
    if let comparison {
      let a = comparison.first
      let b = comparison.second
      let header = ["v\(a.version) \\ \(b.name) v\(b.version)"] + b.segments.indices.map { "\($0 + 1)" } + ["only here"]
      var rows = comparison.table.enumerated().map { index, row -> [HTML] in
        ["\(index + 1). \(Show.label(a.segments[index]))"] + row.map { "\(Show.count($0))" }
          + ["\(Show.count(comparison.onlyFirst[index]))"]
      }
      rows.append(["only in \(b.name) v\(b.version)"] + comparison.onlySecond.map { "\(Show.count($0))" } + ["–"])
      let matches = comparison.matches.map { match -> [HTML] in
        [
          "\(match.first + 1). \(Show.label(a.segments[match.first]))",
          "\(match.second + 1). \(Show.label(b.segments[match.second]))", "\(Show.count(match.customers))",
          "\(Show.fixed(match.jaccard))",
        ]
      }
      html += """
        <p class="summary" id="compare-summary">\(Show.count(comparison.common)) customers in both · adjusted Rand index \(comparison.adjustedRandIndex.map { Show.fixed($0) } ?? "–") · \(Show.fixed(comparison.matchedShare * 100)) % in matched segments</p>
        \(Layout.scroll(Layout.table(header, rows, numeric: Set(1...(b.segments.count + 1)), id: "compare-table")))
        <h3>Best matching</h3>
        \(Layout.table(["\(a.name) v\(a.version)", "\(b.name) v\(b.version)", "customers", "Jaccard"], matches, numeric: [2, 3], id: "compare-matches"))

        """
    }
    return html + "</section>\n"
  }

  /// The cells of a cube segmentation: each segment's dimension values, customers and share.
  static func cubeSection(_ report: SegmentationReport) -> HTML {
    guard let cube = report.cube else { return .empty }
    let table = AssessmentChart.cubeTable(
      cube, names: report.cards.map(\.name), sizes: report.cards.map(\.profile.size))
    return "<section id=\"cube\"><h2>多维立方体 Cube cells</h2>\(Layout.scroll(HTML(raw: table)))</section>\n"
  }

  /// The version's attractiveness × capability-fit matrix and ranking, when assessed, and the form that
  /// assesses it with a matrix spec (pre-filled with the example).
  static func assessmentSection(_ report: SegmentationReport, caller: Caller) -> HTML {
    var html: HTML = "<section id=\"assessment\"><h2>目标细分选择 Attractiveness × capability fit</h2>\n"
    if let assessment = report.assessment {
      let targets = assessment.targets.map { "\($0.segment)" }.joined(separator: ", ")
      html += """
        <p class="summary" id="assessment-summary">\(assessment.targets.count) target segment\(assessment.targets.count == 1 ? "" : "s")\(targets.isEmpty ? "" : " (\(targets))") of \(assessment.rows.count): attractiveness ≥ \(Show.number(assessment.attractivenessThreshold)) and fit ≥ \(Show.number(assessment.fitThreshold)).</p>
        \(Layout.scroll(HTML(raw: AssessmentChart.svg(assessment))))
        \(Layout.scroll(HTML(raw: AssessmentChart.table(assessment))))

        """
    } else {
      html += "<p class=\"empty\">Not assessed yet.</p>\n"
    }
    if caller.role.allows(.segment) {
      html += """
        <form method="post" action="/segments/\(urlPart(report.name))/assess" id="assess-form" class="panel">\(Layout.csrfField(caller))
        <input type="hidden" name="version" value="\(report.version)">
        <label>Matrix spec (YAML, docs/b2b.md) <textarea name="spec" id="assess-spec" rows="14" spellcheck="false" required>\(DemoSpecs.matrixYAML)</textarea></label>
        <p class="hint">Criteria map a KPI of each segment to 0–10 (weights normalised); capabilities score 0 hard to get, 1 easy to get, 2 already have, per value of a column.</p>
        <button type="submit">Assess the segments</button></form>

        """
    }
    return html + "</section>\n"
  }

  /// Each segment's mean Jaccard over bootstrap resamples and the seeds' agreement, when measured, and
  /// the form that measures them.
  static func stabilitySection(
    _ report: SegmentationReport, stability: SegmentStabilityWorkflow.Output?, caller: Caller
  ) -> HTML {
    var html: HTML = "<section id=\"stability\"><h2>稳定性 Stability</h2>\n"
    if let stability {
      let rows = stability.segments.map { segment -> [HTML] in
        let name = segment.id <= report.cards.count ? Show.label(report.cards[segment.id - 1].name) : "\(segment.id)"
        return [
          "\(segment.id). \(name)", "\(Show.count(segment.customers))",
          "\(segment.jaccard.map { Show.fixed($0) } ?? "–")",
          "\(segment.rating.rawValue.replacingOccurrences(of: "_", with: " "))",
          "\(segment.dissolvedIn) of \(stability.resamples)",
        ]
      }
      let agreement = stability.meanSeedAgreement.map {
        "; agreement with \(stability.seedAgreement.count) other seeds (adjusted Rand index) \(Show.fixed($0))"
      }
      html += """
        <p class="summary" id="stability-summary">\(stability.unstable.isEmpty ? "Every segment is stable" : "\(stability.unstable.count) of \(stability.segments.count) segments not stable") over \(stability.resamples) bootstrap resamples\(agreement ?? "").</p>
        \(Layout.table(["segment", "customers", "mean Jaccard", "reading", "dissolved in"], rows, numeric: [1, 2], id: "stability-table"))
        <p class="hint">Hennig's reading of the mean Jaccard with the best-matching segment of each resample: 0.5 or less dissolved, 0.75 or more stable, 0.85 or more highly stable.</p>

        """
    } else {
      html += "<p class=\"empty\">Not measured yet.</p>\n"
    }
    if caller.role.allows(.segment) && (report.method == "kmeans" || report.method == "som") {
      html += """
        <form method="post" action="/segments/\(urlPart(report.name))/stability" id="stability-form" class="panel">\(Layout.csrfField(caller))
        <input type="hidden" name="version" value="\(report.version)">
        <div class="grid">
        \(Forms.text("Bootstrap resamples (2–200)", name: "bootstrap", placeholder: "20", id: "stability-bootstrap"))
        \(Forms.text("Other seeds (0–20)", name: "seeds", placeholder: "5", id: "stability-seeds"))
        </div>
        <p class="hint">Segments v\(report.version) again on each resample of its customers, as it was made; a million customers take about a second a resample.</p>
        <button type="submit">Measure stability</button></form>

        """
    }
    return html + "</section>\n"
  }

  /// The flows from the earlier version, the sizes by version, the movers download and the refresh form.
  static func migrationSection(_ report: SegmentationReport, periods: [PeriodInfo], caller: Caller) -> HTML {
    let name = report.name
    let names = report.cards.map(\.name)
    var html: HTML = "<section id=\"migration\"><h2>迁移 Migration</h2>\n"
    if let flows = report.flows {
      html += """
        <p class="summary" id="migration-summary">From v\(flows.fromVersion)\(flows.fromPeriod.map { " (period \($0))" } ?? "") to v\(report.version)\(report.period.map { " (period \($0))" } ?? ""): \(HTMLReport.flowSummary(flows, toVersion: report.version))</p>
        \(Layout.scroll(HTML(raw: HTMLReport.flowChart(flows, toNames: names, toVersion: report.version))))
        <p class="hint">Rows: segments of v\(flows.fromVersion); columns: segments of v\(report.version); each cell counts the customers who went that way, with the share of its row. Rules read the earlier assignment as segment(\(name), previous).</p>
        \(Layout.scroll(HTML(raw: HTMLReport.flowTable(flows, toNames: names, toVersion: report.version))))

        """
      if caller.role.allows(.exportData) {
        html += """
          <form method="post" action="/segments/\(urlPart(name))/movers" class="inline" id="movers-form">\(Layout.csrfField(caller))
          <input type="hidden" name="from" value="\(flows.fromVersion)"><input type="hidden" name="to" value="\(report.version)">
          <button type="submit">Download the \(Show.count(flows.migration.movers)) movers (CSV)</button></form>
          <p class="hint">Customer, segment in v\(flows.fromVersion), segment in v\(report.version); the download is recorded in the export audit.</p>

          """
      }
    } else {
      html +=
        "<p class=\"empty\">v\(report.version) is the first version: refresh it on a new period to see how customers move.</p>\n"
    }
    if report.history.count > 1 {
      html += """
        <h3>各版本规模 Segment sizes by version</h3>
        \(Layout.scroll(HTML(raw: HTMLReport.sizeHistoryChart(report.history, names: names))))

        """
    }
    if caller.role.allows(.segment) && ["kmeans", "som", "kprototypes"].contains(report.method) {
      html += """
        <form method="post" action="/segments/\(urlPart(name))/refresh" id="refresh-form" class="panel">\(Layout.csrfField(caller))
        <h3>刷新 Refresh on a new period</h3>
        <input type="hidden" name="version" value="\(report.version)">
        <div class="grid">
        <label>Period \(Forms.periods(periods))</label>
        \(Forms.text("Only customers matching (a rule, optional)", name: "where", placeholder: "recency_days <= 30", id: "refresh-where"))
        </div>
        <p class="hint">Scores every customer of the period with v\(report.version)'s preprocessing and centres, as a new version; nothing is fitted again.</p>
        <button type="submit">Refresh</button></form>

        """
    }
    return html + "</section>\n"
  }

  /// A page of the members, with a segment filter, paging links and a switch for feature values.
  static func membersSection(
    _ report: SegmentationReport, members: SegmentMembersWorkflow.Output,
    columns: MemberColumnChoicesWorkflow.Output? = nil, caller: Caller? = nil
  ) -> HTML {
    let withFeatures = !members.features.isEmpty
    let plain = "/segments/\(urlPart(report.name))?version=\(report.version)"
    let base = plain + (withFeatures ? "&features=1" : "")
    let segmentQuery = members.segment.map { "&segment=\($0)" } ?? ""
    let featuresHidden: HTML = withFeatures ? "<input type=\"hidden\" name=\"features\" value=\"1\">" : .empty
    let toggle: HTML =
      withFeatures
      ? "<a href=\"\(plain)\(segmentQuery)&offset=\(members.offset)#members\">hide feature values</a>"
      : "<a href=\"\(plain)&features=1\(segmentQuery)&offset=\(members.offset)#members\">show feature values</a>"
    let options = report.cards.map { card -> HTML in
      "<option value=\"\(card.profile.id)\"\(HTML.attribute("selected", when: members.segment == card.profile.id))>\(card.profile.id). \(Show.label(card.name))</option>"
    }
    var html: HTML = """
      <section id="members"><h2>成员 Members</h2>
      <form method="get" action="/segments/\(urlPart(report.name))" class="inline filter">
      <input type="hidden" name="version" value="\(report.version)">\(featuresHidden)
      <label>Segment <select name="segment"><option value="">all</option>\(options)</select></label>
      <button type="submit">Show</button> \(toggle)</form>

      """
    let rows = members.items.map { member -> [HTML] in
      ["\(member.customerId)", "\(member.cluster)", "\(member.segment)", "\(member.segmentName)"]
        + member.features.map { "\(Show.number($0.value))" }
    }
    html += Layout.table(
      ["customer", "cluster", "segment", "name"] + members.features, rows,
      numeric: Set([1, 2] + members.features.indices.map { $0 + 4 }), id: "members-table")
    let last = min(members.total, members.offset + members.items.count)
    var paging: [HTML] = []
    if members.offset > 0 {
      paging.append(
        "<a href=\"\(base)\(segmentQuery)&offset=\(max(0, members.offset - members.limit))#members\">← previous</a>")
    }
    paging.append(
      "<span>\(Show.count(members.items.isEmpty ? 0 : members.offset + 1))–\(Show.count(last)) of \(Show.count(members.total))</span>"
    )
    if last < members.total {
      paging.append("<a href=\"\(base)\(segmentQuery)&offset=\(members.offset + members.limit)#members\">next →</a>")
    }
    html += "<p class=\"paging\">\(HTML.joined(paging, separator: " · "))</p>"
    html += "<p class=\"hint\">Personal data (phones, e-mail addresses, names) is never listed here.</p>\n"
    if let columns, let caller {
      let chosen = members.segment ?? 1
      let segments = report.cards.map { card -> HTML in
        "<option value=\"\(card.profile.id)\"\(HTML.attribute("selected", when: card.profile.id == chosen))>\(card.profile.id). \(Show.label(card.name)) (\(Show.count(card.profile.size)))</option>"
      }
      html += "<h3>下载成员 Download members (CSV)</h3>\n"
      html += MembersForm.form(
        action: "/segments/\(urlPart(report.name))/members", id: "segment-members-form", choices: columns,
        caller: caller,
        fields: """
          <input type="hidden" name="version" value="\(report.version)">
          <label>Segment <select name="segment">\(segments)</select></label>
          """, submit: "Download members (CSV)")
    }
    return html + "</section>\n"
  }

  static func metric(_ label: String, _ value: String, _ sub: String, class name: String = "") -> HTML {
    "<div class=\"metric \(name)\"><div class=\"l\">\(label)</div><div class=\"v\">\(value)</div><div class=\"s\">\(sub)</div></div>"
  }
}
