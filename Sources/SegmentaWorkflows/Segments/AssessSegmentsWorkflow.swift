import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta segments assess NAME --spec matrix.yaml`: every segment of a version placed on the
/// attractiveness × capability-fit matrix (docs/b2b.md) and ranked; stored with the version so the
/// profile report and the dashboard show it, and drawn as SVG with `--out`.
package struct AssessSegmentsWorkflow: Workflow {
  /// The segmentation.
  package var name: String
  /// Its version (default: the latest).
  package var version: Int?
  package var spec: SpecSource
  /// Where to write the matrix as SVG, if anywhere.
  package var out: String?

  package init(name: String, version: Int? = nil, spec: SpecSource, out: String? = nil) {
    self.name = name
    self.version = version
    self.spec = spec
    self.out = out
  }

  /// What `segments assess --json` prints.
  package struct Output: Sendable, Codable, Equatable {
    package var segmentation: String
    package var version: Int
    package var method: String
    package var customers: Int
    package var assessment: SegmentAssessment
    /// The SVG file written, if any.
    package var file: String?
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let target = try out.map { out throws(SegmentaError) in
      try context.checkOutput(out, option: "--out", inputs: [spec.path])
    }
    let matrix = try SegmentaError.catching {
      try MatrixSpecParser.parse(try spec.text(what: "the matrix spec"), file: spec.name)
    }
    let workspace = try context.workspace(for: .write)
    context.progress.report(.status("assessing \(name)", "reading the segments' KPIs"))
    let stored = try workspace.segmentation(named: name, version: version)
    let assessment = try Self.assess(matrix, segmentation: stored, workspace: workspace)
    let output = Output(
      segmentation: stored.name, version: stored.version, method: stored.model.method,
      customers: stored.customerKeys.count, assessment: assessment, file: out)
    try SegmentaError.catching {
      try workspace.saveSegmentationResult(
        name: stored.name, version: stored.version, kind: "assessment",
        json: Data(try ReportJSON.encode(assessment, compact: true).utf8))
      if let target { try TextOutput.write(AssessmentChart.svg(assessment), to: target) }
    }
    return output
  }

  /// Scores every segment of `segmentation`: the KPI criteria as a profile computes them, the
  /// capabilities from their columns' values over each segment's customers.
  static func assess(_ matrix: MatrixSpec, segmentation: StoredSegmentation, workspace: Workspace)
    throws(SegmentaError) -> SegmentAssessment
  {
    var kpis: [KPIDefinition] = []
    var kpiIndex: [Int: Int] = [:]
    for (index, criterion) in matrix.criteria.enumerated() {
      if case .kpi(let measure) = criterion.measure {
        kpiIndex[index] = kpis.count
        kpis.append(KPIDefinition(label: criterion.label, measure: measure))
      }
    }
    let report = try SegmentaError.catching {
      try ProfileWorkflow.report(
        workspace: workspace, segmentation: segmentation,
        spec: ProfileSpec(kpis: kpis, categories: [], playbook: Playbook(rules: [])))
    }
    let table = try workspace.wideTableIfBuilt(period: segmentation.period)
    let segmentCount = segmentation.model.segmentCount
    var capabilityScores: [[Double]] = []
    for capability in matrix.capabilities {
      guard let dimension = capability.dimension else {
        capabilityScores.append(
          capability.segmentScores(values: [], segments: segmentation.groups, segmentCount: segmentCount))
        continue
      }
      let resolved: [CubeModel.Dimension]
      do {
        resolved = try CubeDimensions.resolve([dimension], workspace: workspace, table: table)
      } catch {
        throw SegmentaError(
          error.code, "capability '\(capability.name)' is scored by '\(dimension)': " + error.message, field: "by")
      }
      let values = try CubeDimensions.read(
        resolved, keys: segmentation.customerKeys, workspace: workspace, table: table)[0]
      capabilityScores.append(
        capability.segmentScores(values: values, segments: segmentation.groups, segmentCount: segmentCount))
    }
    let facts = report.cards.enumerated().map { position, card in
      let segment = card.profile.id - 1
      return SegmentAssessment.SegmentFacts(
        segment: card.profile.id, name: card.name, customers: card.profile.size,
        values: matrix.criteria.indices.map { index in kpiIndex[index].flatMap { card.profile.kpis[$0].value } },
        capabilities: capabilityScores.map { segment < $0.count ? $0[segment] : 0 })
    }
    return SegmentAssessment(spec: matrix, segments: facts)
  }

  /// The assessment stored for a version, if `segments assess` made one.
  package static func stored(name: String, version: Int, in workspace: Workspace) throws(SegmentaError)
    -> SegmentAssessment?
  {
    guard let data = try workspace.segmentationResult(name: name, version: version, kind: "assessment") else {
      return nil
    }
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try? decoder.decode(SegmentAssessment.self, from: data)
  }
}

/// The assessment stored for a version (what `segments assess` computed last), for the dashboard and the
/// API's GET.
package struct StoredAssessmentWorkflow: Workflow {
  package var name: String
  package var version: Int?

  package init(name: String, version: Int? = nil) {
    self.name = name
    self.version = version
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> AssessSegmentsWorkflow.Output {
    let workspace = try context.workspace(for: .read)
    let stored = try workspace.segmentation(named: name, version: version, customers: false)
    guard let assessment = try AssessSegmentsWorkflow.stored(name: stored.name, version: stored.version, in: workspace)
    else {
      throw SegmentaError(
        .notFound,
        "'\(stored.name)' version \(stored.version) has not been assessed yet; run "
          + "`segmenta segments assess \(stored.name) --spec matrix.yaml` or POST a matrix spec")
    }
    return AssessSegmentsWorkflow.Output(
      segmentation: stored.name, version: stored.version, method: stored.model.method,
      customers: stored.model.groupSizes.reduce(0, +), assessment: assessment, file: nil)
  }
}
