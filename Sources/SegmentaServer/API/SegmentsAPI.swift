import Foundation
import Hummingbird
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// Stored segmentations: versions, profiles, renaming segments, members, export and assignment.
enum SegmentsAPI {
  /// A segmentation with its profile report.
  struct Detail: Encodable, Sendable {
    /// The profile report (as `segmenta profile --format json`): k table, quality, features, segment cards.
    var report: SegmentationReport
    /// Customers per segment, segment 1 first.
    var sizes: [Int]
    /// Every stored version of the segmentation.
    var versions: [SegmentationSummary]
  }

  /// A new name for a segment: `label` ("中文 / English", or one language with `lang`), or `zh` and/or `en`.
  struct RenameForm: Decodable {
    var label: String?
    var lang: String?
    var zh: String?
    var en: String?
    var version: Int?
  }

  /// Options of a segment export.
  struct ExportForm: Decodable {
    var version: Int?
    /// Segment names in zh, en or both.
    var lang: String?
  }

  /// Customers of an uploaded CSV to assign to segments.
  struct AssignForm: Decodable {
    /// The upload holding the CSV (the id column and every feature of the segmentation).
    var upload: String
    var idColumn: String?
    var version: Int?
    var lang: String?
    var delimiter: String?
  }

  /// A refresh: the period to score, the version whose model is applied, and the rule that selects the
  /// customers scored.
  struct RefreshForm: Decodable {
    var period: String?
    var version: Int?
    var `where`: String?
  }

  /// A stability run: the version, the bootstrap resamples, the other seeds and the seed.
  struct StabilityForm: Decodable {
    var version: Int?
    var bootstrap: Int?
    var seeds: Int?
    var seed: UInt64?
  }

  /// An assessment: the matrix spec (YAML text) and the version.
  struct AssessForm: Decodable {
    var spec: String
    var version: Int?
  }

  /// An assessment as the API returns it: the workflow's output and the matrix as SVG.
  struct AssessmentBody: Encodable {
    var segmentation: String
    var version: Int
    var method: String
    var customers: Int
    var assessment: SegmentAssessment
    /// The attractiveness × capability-fit matrix, inline SVG.
    var svg: String

    init(_ output: AssessSegmentsWorkflow.Output) {
      segmentation = output.segmentation
      version = output.version
      method = output.method
      customers = output.customers
      assessment = output.assessment
      svg = AssessmentChart.svg(output.assessment)
    }
  }

  /// The versions compared and the language of the names in a movers download.
  struct MoversForm: Decodable {
    var from: Int?
    var to: Int?
    var lang: String?
  }

  static func register(_ routes: Routes, state: ServerState) {
    let limit = state.configuration.maxBodyBytes
    routes.list(
      "/api/v1/segmentations", .readDashboards,
      "Every stored version of every segmentation, by name then version, the latest flagged (`latest=true`: only those).",
      state: state
    ) { request in ListSegmentationsWorkflow(latestOnly: try request.queryFlag("latest") ?? false) }
    routes.add(
      .get, "/api/v1/segmentations/:name", .readDashboards,
      "A segmentation (`version`, default the latest): its profile report, segment sizes and versions "
        + "(`spec`: an upload holding a profile spec)."
    ) { request, context, caller in
      let name = try context.parameter("name")
      let version = try request.queryInteger("version", in: 1...1_000_000)
      let spec = try request.queryText("spec").map { id throws(SegmentaError) in try state.uploads.path(of: id) }
      let report: SegmentationReport
      if let spec {
        report = try await state.read(
          ProfileWorkflow(name: name, version: version, specPath: spec, format: .json), caller: caller,
          command: request.auditCommand
        ).report
      } else {
        // Without a spec, the kept report of the version with its current segment names.
        let names = try await state.read(
          SegmentNamesWorkflow(name: name, version: version), caller: caller, command: request.auditCommand)
        report = SegmentReportCache.named(
          try await state.reports.report(name: name, version: names.version, context: state.base), names)
      }
      let versions = try await state.read(ListSegmentationsWorkflow(), caller: caller, command: request.auditCommand)
      return JSONBody.response(
        Detail(
          report: report, sizes: report.cards.map(\.profile.size),
          versions: versions.filter { $0.name == report.name }))
    }
    routes.add(
      .put, "/api/v1/segmentations/:name/segments/:segment/name", .segment,
      "Give a segment a name of one's own: `label` (\"中文 / English\", or one language with `lang`), or `zh` and/or `en`."
    ) { request, context, caller in
      let name = try context.parameter("name")
      let segment = try context.positiveParameter("segment")
      var request = request
      let form = try await request.decodeJSON(RenameForm.self, limit: limit)
      var renames: [(String, SegmentNameLanguage)] = []
      if let label = form.label {
        renames.append((label, try language(form.lang)))
      } else {
        if let zh = form.zh { renames.append((zh, .zh)) }
        if let en = form.en { renames.append((en, .en)) }
      }
      guard !renames.isEmpty else {
        throw SegmentaError(.invalidRequest, "give the new name as label, or as zh and/or en", field: "label")
      }
      var output: RenameSegmentWorkflow.Output?
      for (label, language) in renames {
        output = try await state.write(
          RenameSegmentWorkflow(name: name, segment: segment, label: label, language: language, version: form.version),
          caller: caller, command: request.auditCommand)
      }
      return JSONBody.response(output)
    }
    routes.add(
      .get, "/api/v1/segmentations/:name/members", .readDashboards,
      "A page of a segmentation's customers (`segment`, `version`, `offset`, `limit`, `features`): id, cluster, "
        + "segment and feature values; never personal data."
    ) { request, context, caller in
      let paging = try Paging(request)
      let workflow = SegmentMembersWorkflow(
        name: try context.parameter("name"), version: try request.queryInteger("version", in: 1...1_000_000),
        segment: try request.queryInteger("segment", in: 1...1_000_000), offset: paging.offset, limit: paging.limit,
        featureCount: try request.queryInteger("features", in: 0...50) ?? 4)
      return JSONBody.response(try await state.read(workflow, caller: caller, command: request.auditCommand))
    }
    routes.add(
      .post, "/api/v1/segmentations/:name/export", .exportData,
      "Every customer with their cluster and segment as a CSV download; audited."
    ) { request, context, caller in
      let name = try context.parameter("name")
      var request = request
      let form = try await request.decodeJSONIfPresent(ExportForm.self, limit: limit) ?? ExportForm()
      let language = try language(form.lang)
      return try await CSVTransfer.download(
        filename: "segments-\(name).csv", state: state, caller: caller, request: request
      ) { path in ExportSegmentsWorkflow(name: name, version: form.version, out: path, language: language) }
    }
    routes.add(
      .post, "/api/v1/segmentations/:name/assign", .segment,
      "Assign the customers of an uploaded CSV to the segmentation's segments; a CSV download."
    ) { request, context, caller in
      let name = try context.parameter("name")
      var request = request
      let form = try await request.decodeJSON(AssignForm.self, limit: limit)
      let input = try state.uploads.path(of: form.upload)
      let language = try language(form.lang)
      guard let dialect = CSVDialect(delimiterName: form.delimiter ?? ",") else {
        throw SegmentaError(
          .invalidRequest, "delimiter takes one character (or tab, comma, semicolon, pipe)", field: "delimiter")
      }
      let idColumn = try APIInput.checked(form.idColumn, field: "id_column") ?? "customer_id"
      return try await CSVTransfer.download(
        filename: "assigned-\(name).csv", audited: false, state: state, caller: caller, request: request
      ) { path in
        AssignSegmentsWorkflow(
          name: name, version: form.version, input: input, out: path, idColumn: idColumn, dialect: dialect,
          language: language)
      }
    }
  }

  /// Refresh and migration: a stored model applied to a new period, and the flows between versions.
  static func registerMigration(_ routes: Routes, state: ServerState) {
    let limit = state.configuration.maxBodyBytes
    routes.add(
      .post, "/api/v1/segmentations/:name/refresh", .segment,
      "Score a period (`period`, default the latest) with a stored version's model (`version`, default the latest) "
        + "into a new version linked to it; `where`: a rule selecting the customers scored."
    ) { request, context, caller in
      let name = try context.parameter("name")
      var request = request
      let form = try await request.decodeJSONIfPresent(RefreshForm.self, limit: limit) ?? RefreshForm()
      let rule = try APIInput.checked(form.where, field: "where").flatMap { $0.isEmpty ? nil : $0 }
      let period = try APIInput.checked(form.period, field: "period").flatMap { $0.isEmpty ? nil : $0 }
      return JSONBody.response(
        try await state.write(
          RefreshSegmentationWorkflow(name: name, version: form.version, period: period, rule: rule), caller: caller,
          command: request.auditCommand))
    }
    routes.add(
      .post, "/api/v1/segmentations/:name/stability", .segment,
      "Measure each segment's stability: mean Jaccard over `bootstrap` resamples (default 20; Hennig's "
        + "clusterboot) and the adjusted Rand index against `seeds` other seeds (default 5); stored with the version."
    ) { request, context, caller in
      let name = try context.parameter("name")
      var request = request
      let form = try await request.decodeJSONIfPresent(StabilityForm.self, limit: limit) ?? StabilityForm()
      let workflow = SegmentStabilityWorkflow(
        name: name, version: form.version, resamples: form.bootstrap ?? 20, seeds: form.seeds ?? 5,
        seed: form.seed ?? 42)
      let measured = try await state.write(workflow, caller: caller, command: request.auditCommand)
      // The kept report of the version gains the stability notes when it is computed again.
      await state.reports.forget(name: measured.segmentation, version: measured.version)
      return JSONBody.response(measured)
    }
    routes.add(
      .get, "/api/v1/segmentations/:name/compare", .readDashboards,
      "Compare with another segmentation (`with`; versions `version` and `with_version`, default the latest): "
        + "cross-table, adjusted Rand index, best matching of segments."
    ) { request, context, caller in
      guard let other = request.query("with"), !other.isEmpty else {
        throw SegmentaError(.invalidRequest, "name the segmentation to compare with in `with`", field: "with")
      }
      let workflow = CompareSegmentationsWorkflow(
        first: try context.parameter("name"), firstVersion: try request.queryInteger("version", in: 1...1_000_000),
        second: other, secondVersion: try request.queryInteger("with_version", in: 1...1_000_000))
      return JSONBody.response(try await state.read(workflow, caller: caller, command: request.auditCommand))
    }
    routes.add(
      .get, "/api/v1/segmentations/:name/stability", .readDashboards,
      "The stability last measured for a version (`version`, default the latest)."
    ) { request, context, caller in
      let workflow = StoredStabilityWorkflow(
        name: try context.parameter("name"), version: try request.queryInteger("version", in: 1...1_000_000))
      return JSONBody.response(try await state.read(workflow, caller: caller, command: request.auditCommand))
    }
    routes.add(
      .post, "/api/v1/segmentations/:name/assess", .segment,
      "Place each segment on the attractiveness × capability-fit matrix of a matrix spec (`spec`, YAML, "
        + "docs/b2b.md; `version`, default the latest): scores, fit, quadrant, rank and the matrix as SVG; "
        + "stored with the version."
    ) { request, context, caller in
      let name = try context.parameter("name")
      var request = request
      let form = try await request.decodeJSON(AssessForm.self, limit: limit)
      let assessed = try await state.write(
        AssessSegmentsWorkflow(name: name, version: form.version, spec: .text(form.spec, name: "spec")),
        caller: caller, command: request.auditCommand)
      // The kept report of the version shows the assessment when it is computed again.
      await state.reports.forget(name: assessed.segmentation, version: assessed.version)
      return JSONBody.response(AssessmentBody(assessed))
    }
    routes.add(
      .get, "/api/v1/segmentations/:name/assess", .readDashboards,
      "The assessment last made for a version (`version`, default the latest), with the matrix as SVG; "
        + "not found until one is made."
    ) { request, context, caller in
      let workflow = StoredAssessmentWorkflow(
        name: try context.parameter("name"), version: try request.queryInteger("version", in: 1...1_000_000))
      return JSONBody.response(
        AssessmentBody(try await state.read(workflow, caller: caller, command: request.auditCommand)))
    }
    routes.add(
      .get, "/api/v1/segmentations/:name/migration", .readDashboards,
      "How customers moved between two versions (`to`, default the latest; `from`, default the version it "
        + "refreshes): flow matrix, row shares, stayers, entries, exits and sizes by version."
    ) { request, context, caller in
      let workflow = SegmentMigrationWorkflow(
        name: try context.parameter("name"), from: try request.queryInteger("from", in: 1...1_000_000),
        to: try request.queryInteger("to", in: 1...1_000_000))
      return JSONBody.response(try await state.read(workflow, caller: caller, command: request.auditCommand))
    }
    routes.add(
      .post, "/api/v1/segmentations/:name/movers", .exportData,
      "The customers who changed segment between two versions (`from`, `to`) as a CSV download; audited."
    ) { request, context, caller in
      let name = try context.parameter("name")
      var request = request
      let form = try await request.decodeJSONIfPresent(MoversForm.self, limit: limit) ?? MoversForm()
      let language = try language(form.lang)
      return try await CSVTransfer.download(
        filename: "movers-\(name).csv", state: state, caller: caller, request: request
      ) { path in SegmentMigrationWorkflow(name: name, from: form.from, to: form.to, out: path, language: language) }
    }
  }

  /// The language of segment names: zh, en or both (the default).
  static func language(_ text: String?) throws(SegmentaError) -> SegmentNameLanguage {
    guard let text else { return .both }
    guard let language = SegmentNameLanguage(rawValue: text) else {
      throw SegmentaError(.invalidRequest, "lang takes zh, en or both", field: "lang")
    }
    return language
  }
}
