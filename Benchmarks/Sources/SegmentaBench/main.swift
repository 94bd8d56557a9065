// Times Segmenta's clustering kernels on a float32 matrix written by scripts/bench/segmentation.py.
//
//   SegmentaBench lloyd   DATA ROWS COLUMNS CENTRES K ITERATIONS
//   SegmentaBench init    DATA ROWS COLUMNS K SEED   (the default starts, as `segment` runs them)
//   SegmentaBench autok   DATA ROWS COLUMNS KMIN KMAX RESTARTS SEED
//   SegmentaBench rules   FOLDER ROWS RULE REPEAT
//   SegmentaBench segmenter COLUMNS.f64 ROWS COLUMNS K|auto KMIN KMAX SEED [TRUTH.i32]
//
// For `rules`, FOLDER holds one raw little-endian float64 file per numeric column (<name>.f64,
// NaN for missing) and one text file per text column (<name>.txt, one value per line, empty for
// missing), written by scripts/bench/rules.py.
// DATA and CENTRES are raw little-endian float32, row-major. Prints one JSON object.
import Foundation
import SegmentaCore

func readMatrix(_ path: String, rows: Int, columns: Int) -> FeatureMatrix {
  guard let data = FileManager.default.contents(atPath: path), data.count == rows * columns * 4 else {
    fatalError("\(path) does not hold \(rows) × \(columns) float32 values")
  }
  let values = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
  return FeatureMatrix(rows: rows, columns: columns, unpadded: values)
}

func seconds(_ body: () -> Void) -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func emit(_ object: [String: Any]) {
  let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
  print(String(decoding: data, as: UTF8.self))
}

let arguments = CommandLine.arguments
switch arguments[1] {
case "lloyd":
  let matrix = readMatrix(arguments[2], rows: Int(arguments[3])!, columns: Int(arguments[4])!)
  let k = Int(arguments[6])!
  let centres = readMatrix(arguments[5], rows: k, columns: matrix.columns)
  let iterations = Int(arguments[7])!
  var result: KMeansResult?
  let options = KMeansOptions(k: k, maxIterations: iterations, tolerance: 0)
  let elapsed = seconds { result = KMeans.lloyd(matrix, centres: centres.values, k: k, options: options) }
  emit(["seconds": elapsed, "inertia": result!.inertia, "iterations": result!.iterations])
case "init":
  let matrix = readMatrix(arguments[2], rows: Int(arguments[3])!, columns: Int(arguments[4])!)
  let k = Int(arguments[5])!
  // What `segment` initialises Lloyd with: the best of its default starts (on the start sample for
  // large data), with scikit-learn's tolerance.
  let options = KMeansOptions(k: k, restarts: SegmentationOptions().restarts, seed: UInt64(arguments[6])!)
  var centres: [Float] = []
  let elapsed = seconds { centres = KMeans.initialCentres(matrix, options: options) }
  let labels = KMeans.assign(matrix, centres: centres, k: k)
  let inertia = KMeans.inertia(matrix, centres: centres, labels: labels, k: k)
  emit(["seconds": elapsed, "inertia": inertia])
case "autok":
  let rows = Int(arguments[3])!
  let columns = Int(arguments[4])!
  let matrix = readMatrix(arguments[2], rows: rows, columns: columns)
  // The matrix is already standardized: hand it to the segmenter as raw columns with no preprocessing.
  let columnValues = (0..<columns).map { column in
    (name: "f\(column)", values: (0..<rows).map { Double(matrix[$0, column]) })
  }
  var options = SegmentationOptions(
    kRange: Int(arguments[5])!...Int(arguments[6])!, seed: UInt64(arguments[8])!, restarts: Int(arguments[7])!)
  options.preprocessing = PreprocessingOptions(winsorize: nil, log: .off, scaling: .none)
  var result: Segmentation?
  let elapsed = seconds { result = try! Segmenter.run(columnValues, options: options) }
  emit([
    "seconds": elapsed, "k": result!.k,
    "table": result!.kTable.map { ["k": $0.k, "silhouette": $0.silhouette, "inertia": $0.inertia] },
  ])
case "segmenter":
  // Raw float64 columns (column after column), preprocessed and segmented with the defaults, as
  // `segmenta segment` does; with TRUTH (int32 labels) the adjusted Rand index of the clusters.
  let rows = Int(arguments[3])!
  let columns = Int(arguments[4])!
  guard let data = FileManager.default.contents(atPath: arguments[2]), data.count == rows * columns * 8 else {
    fatalError("\(arguments[2]) does not hold \(rows) × \(columns) float64 values")
  }
  let values = data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
  let columnValues = (0..<columns).map { column in
    (name: "f\(column)", values: Array(values[(column * rows)..<((column + 1) * rows)]))
  }
  var options = SegmentationOptions(
    k: arguments[5] == "auto" ? nil : Int(arguments[5])!, kRange: Int(arguments[6])!...Int(arguments[7])!,
    seed: UInt64(arguments[8])!)
  if let restarts = ProcessInfo.processInfo.environment["RESTARTS"] { options.restarts = Int(restarts)! }
  if ProcessInfo.processInfo.environment["PLAIN"] != nil {
    options.preprocessing = PreprocessingOptions(winsorize: nil, log: .off, scaling: .zscore)
  }
  var result: Segmentation?
  var stages: [(String, Double)] = []
  var last = DispatchTime.now().uptimeNanoseconds
  var stage = "start"
  let elapsed = seconds {
    result = try! Segmenter.run(columnValues, options: options) { next in
      let now = DispatchTime.now().uptimeNanoseconds
      stages.append((stage, Double(now - last) / 1e9))
      last = now
      stage = next
    }
  }
  stages.append((stage, Double(DispatchTime.now().uptimeNanoseconds - last) / 1e9))
  var output: [String: Any] = [
    "seconds": elapsed, "k": result!.k, "rule": result!.kRule, "inertia": result!.chosen.inertia,
    "stages": stages.map { "\($0.0): \(String(format: "%.3f", $0.1))" },
    "table": result!.kTable.map { ["k": $0.k, "silhouette": $0.silhouette, "inertia": $0.inertia] },
  ]
  if arguments.count > 9, let truth = FileManager.default.contents(atPath: arguments[9]) {
    let labels = truth.withUnsafeBytes { Array($0.bindMemory(to: Int32.self)) }
    output["ari"] = ClusterQuality.adjustedRandIndex(labels, result!.clusters)
  }
  emit(output)
case "kernels":
  let matrix = readMatrix(arguments[2], rows: Int(arguments[3])!, columns: Int(arguments[4])!)
  let k = Int(arguments[6])!
  let centres = readMatrix(arguments[5], rows: k, columns: matrix.columns)
  var labels: [Int32] = []
  var result: [String: Any] = [:]
  for round in 0..<3 {
    result["assign\(round)"] = seconds { labels = KMeans.assign(matrix, centres: centres.values, k: k) }
    result["inertia\(round)"] = seconds { _ = KMeans.inertia(matrix, centres: centres.values, labels: labels, k: k) }
  }
  emit(result)
case "rules":
  let folder = URL(fileURLWithPath: arguments[2])
  let rows = Int(arguments[3])!
  let repeats = Int(arguments[5])!
  var data = ColumnData(rowCount: rows)
  for file in try! FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
    let url = folder.appendingPathComponent(file)
    let name = (file as NSString).deletingPathExtension
    if file.hasSuffix(".f64") {
      let bytes = try! Data(contentsOf: url)
      data.numbers[name] = bytes.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
    } else if file.hasSuffix(".txt") {
      let lines = try! String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
      data.texts[name] = RuleTextColumn(lines.prefix(rows).map { $0.isEmpty ? nil : String($0) })
    }
  }
  let schema = RuleSchema(
    fields: Dictionary(
      uniqueKeysWithValues: data.numbers.keys.map { ($0, RuleFieldType.number) }
        + data.texts.keys.map { ($0, RuleFieldType.text) }))
  var compiled: CompiledRule?
  let compile = seconds { compiled = try! CompiledRule(arguments[4], schema: schema) }
  let (times, matches) = timeRule(compiled!, data: data, repeats: repeats)
  emit(["compile_seconds": compile, "seconds": times.sorted()[times.count / 2], "matches": matches])
default:
  fatalError("unknown benchmark \(arguments[1])")
}

/// Columns held in memory, for the rule benchmark.
struct ColumnData: RuleData {
  var rowCount: Int
  var numbers: [String: [Double]] = [:]
  var texts: [String: RuleTextColumn] = [:]
  func numbers(_ field: String) throws -> [Double] { numbers[field]! }
  func texts(_ field: String) throws -> RuleTextColumn { texts[field]! }
  func segments(_ segmentation: String) throws -> [Int32] { [] }
  func tag(_ name: String) throws -> [Bool] { [] }
}

/// Times `repeats` evaluations of `rule` (a fresh evaluator each time: columns are fetched again,
/// as a command would) and counts the selected customers of the last.
func timeRule(_ rule: CompiledRule, data: ColumnData, repeats: Int) -> (times: [Double], matches: Int) {
  var times: [Double] = []
  var selected: [Bool] = []
  for _ in 0..<repeats {
    var evaluator = RuleEvaluator(data: data)
    let start = DispatchTime.now().uptimeNanoseconds
    selected = try! evaluator.matches(rule)
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
  }
  var matches = 0
  for value in selected where value { matches += 1 }
  return (times, matches)
}
