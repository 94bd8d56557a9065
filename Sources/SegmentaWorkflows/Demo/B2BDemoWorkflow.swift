import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta demo --b2b`: the company-customer loop of the brief on generated firms: import, wide table
/// of usage, cube segmentation (industry × informatisation level × key purchase factor), the shipped
/// attractiveness × capability matrix, and the profile report with both.
///
/// The same seed always gives the same firms, cells and ranking. The demo workspace is rebuilt from
/// scratch; a workspace or folder the demo did not create is never touched.
package struct B2BDemoWorkflow: Workflow {
  /// What `demo --b2b --json` prints.
  package struct Output: Sendable, Codable {
    package var workspace: String
    package var firms: Int
    package var seed: UInt64
    /// Usage events written.
    package var events: Int
    /// Firms per industry.
    package var industries: [String: Int]
    package var segmentation: SegmentWorkflow.Output
    package var assessment: AssessSegmentsWorkflow.Output
    /// The HTML profile report (cells, KPIs, matrix).
    package var report: String
    /// The matrix as SVG.
    package var matrix: String
    /// Every file written.
    package var files: [String]
    package var seconds: Double
  }

  /// Firms to generate (at least 100).
  package var firms: Int
  package var seed: UInt64
  /// Folder for the generated files and, by default, the demo workspace.
  package var folder: String
  /// The workspace to (re)build (default: `folder/segmenta.db`).
  package var workspacePath: String?

  package init(
    firms: Int = 3_000, seed: UInt64 = 42, folder: String = "segmenta-b2b-demo", workspacePath: String? = nil
  ) {
    self.firms = firms
    self.seed = seed
    self.folder = folder
    self.workspacePath = workspacePath
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let started = Date()
    guard firms >= 100 else { throw SegmentaError(.invalidRequest, "the company demo needs at least 100 firms") }
    try DemoWorkflow.checkFolder(folder)
    context.progress.report(.status("generating company customers", "\(firms) firms"))
    let written = try SegmentaError.catching {
      try B2BDemoWriter.write(B2BDemoGenerator(firms: firms, seed: seed), to: folder)
    }
    func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
    let workspacePath = workspacePath ?? path("segmenta.db")
    try DemoWorkflow.resetDemoWorkspace(at: workspacePath)
    let (store, _) = try Workspace.create(at: workspacePath)
    try store.setInfo("purpose", "demo")
    let demo = WorkflowContext(workspace: store, progress: context.progress, user: "demo", command: context.command)
    _ = try ImportCustomersWorkflow(path: path("firms.csv")).run(demo)
    _ = try BuildFeaturesWorkflow(specPath: path("features.yaml"), eventPaths: [path("usage.csv")], period: "2024Q1")
      .run(demo)
    var request = SegmentRequest(name: "b2b")
    request.method = "cube"
    request.dimensions = DemoSpecs.b2bDimensions.joined(separator: ",")
    let segmentation = try request.workflow().run(demo)
    let matrixPath = path("matrix.svg")
    let assessment = try AssessSegmentsWorkflow(name: "b2b", spec: .file(path("matrix.yaml")), out: matrixPath)
      .run(demo)
    let reportPath = path("b2b.html")
    _ = try ProfileWorkflow(name: "b2b", format: .html, out: reportPath).run(demo)
    return Output(
      workspace: workspacePath, firms: firms, seed: seed, events: written.events, industries: written.industries,
      segmentation: segmentation, assessment: assessment, report: reportPath, matrix: matrixPath,
      files: written.files + [matrixPath, reportPath], seconds: Date().timeIntervalSince(started))
  }
}
