import Foundation
import GRDB
import SegmentaCore
import SegmentaTestSupport

@testable import SegmentaStore
@testable import SegmentaWorkflows

/// A workflow context over a new in-memory workspace, for user `tester`.
func makeContext() throws -> WorkflowContext {
  WorkflowContext(workspace: try Workspace.inMemory(), user: "tester")
}

/// The workspace a context works on.
func store(_ context: WorkflowContext) throws -> Workspace {
  try context.workspace()
}

/// Imports CSV text through the import workflow (written to `name` in `directory` first).
@discardableResult
func importCSV(
  _ text: String, into context: WorkflowContext, directory: TemporaryDirectory, name: String = "customers.csv",
  options: CustomerImportOptions = CustomerImportOptions(), rejects: String? = nil
) throws -> CustomerImportSummary {
  try importBytes(Array(text.utf8), into: context, directory: directory, name: name, options: options, rejects: rejects)
}

/// Imports raw bytes through the import workflow.
@discardableResult
func importBytes(
  _ bytes: [UInt8], into context: WorkflowContext, directory: TemporaryDirectory, name: String = "customers.csv",
  options: CustomerImportOptions = CustomerImportOptions(), rejects: String? = nil
) throws -> CustomerImportSummary {
  let path = directory.write(name, bytes: bytes)
  return try ImportCustomersWorkflow(path: path, options: options, rejectsPath: rejects).run(context).summary
}

/// Everything the workspace holds, as text, to check that a failed import changed nothing.
func snapshot(_ workspace: Workspace) throws -> String {
  try workspace.contentDump()
}

/// The customers as [id: [column name: value]]: whole numbers as integers, decimals as doubles,
/// dates, timestamps and text as text, missing values as NULL.
func customers(_ workspace: Workspace) throws -> [String: [String: DatabaseValue]] {
  let columns = try workspace.customerColumns()
  let keys = try workspace.customerKeys()
  let ids = try workspace.customerIDs(keys: keys)
  let texts = try workspace.customerText(columns: columns.map(\.name), keys: keys)
  let numbers = try workspace.customerValues(columns: columns.map(\.name), keys: keys)
  var result: [String: [String: DatabaseValue]] = [:]
  for (row, id) in ids.enumerated() {
    var values: [String: DatabaseValue] = [:]
    for column in columns {
      guard let text = texts[column.name]?[row] else {
        values[column.name] = .null
        continue
      }
      switch column.type {
      case .integer, .boolean: values[column.name] = Int64(text)?.databaseValue ?? .null
      case .decimal: values[column.name] = numbers[column.name]?.values[row].databaseValue ?? .null
      case .date, .timestamp, .text: values[column.name] = text.databaseValue
      }
    }
    result[id] = values
  }
  return result
}

/// A progress reporter that keeps every report, to check what long work says.
final class RecordingProgress: ProgressReporter, @unchecked Sendable {
  private let lock = NSLock()
  private var reports: [WorkflowProgress] = []

  func report(_ progress: WorkflowProgress) { lock.withLock { reports.append(progress) } }

  /// The reports so far, in order.
  var recorded: [WorkflowProgress] { lock.withLock { reports } }
}

/// `count` customers in three planted groups on `calls`, `sms` and `data` (far apart), with a city.
func plantedCustomersCSV(count: Int) -> String {
  var lines = ["customer_id,calls,sms,data,city"]
  for i in 0..<count {
    let group = i % 3
    let jitter = Double(i % 7) * 0.1
    let values = [[10.0, 200, 5], [300.0, 10, 50], [50.0, 40, 900]][group].map { $0 * (1 + jitter / 10) }
    lines.append("C\(i),\(values[0]),\(values[1]),\(values[2]),\(["北京", "上海", "深圳"][group])")
  }
  return lines.joined(separator: "\n") + "\n"
}

/// A workflow context over a new workspace file in `directory` (for checks that need a real path).
func makeFileContext(_ directory: TemporaryDirectory, user: String = "tester") throws -> WorkflowContext {
  let path = directory.file("ws.db")
  _ = try Workspace.create(at: path)
  return WorkflowContext(workspacePath: path, user: user, command: "segmenta test")
}

/// A small segmented workspace: 90 planted customers with a phone and an e-mail column, a
/// segmentation `usage` (k = 3), a tag `busy` applied, a campaign `c1` selected.
func makeSegmentedContext(_ directory: TemporaryDirectory, file: Bool = false) throws -> WorkflowContext {
  let context = file ? try makeFileContext(directory) : try makeContext()
  var lines = ["customer_id,calls,sms,data,city,phone,email,sms_opt_out"]
  for (index, line) in plantedCustomersCSV(count: 90).split(separator: "\n").dropFirst().enumerated() {
    lines.append("\(line),1380000\(String(format: "%04d", index)),c\(index)@example.com,no")
  }
  try importCSV(lines.joined(separator: "\n") + "\n", into: context, directory: directory)
  let spec = directory.write(
    "features.yaml",
    "features:\n  - name: calls_f\n    customer: calls\n  - name: data_f\n    customer: data\n")
  _ = try BuildFeaturesWorkflow(specPath: spec, eventPaths: [], period: "P1").run(context)
  var options = SegmentationOptions(k: 3, seed: 1)
  options.preprocessing.winsorize = nil
  _ = try SegmentWorkflow(name: "usage", features: .named(["calls", "sms", "data"]), options: options).run(context)
  let busy = TagDefinition(
    name: "busy", category: .business, label: FeatureLabel(zh: "忙", en: "Busy"), description: "", rule: "calls > 100")
  _ = try DefineTagsWorkflow(source: .definitions([busy], source: "t.yaml")).run(context)
  _ = try ApplyTagsWorkflow().run(context)
  let campaign = CampaignSpec(
    name: "c1", product: "p", offer: "o", target: "calls > 0", channel: .sms, costPerContact: 1, controlShare: 0.2,
    seed: 3)
  _ = try CreateCampaignWorkflow(source: .campaign(campaign)).run(context)
  _ = try SelectCampaignWorkflow(name: "c1").run(context)
  return context
}
