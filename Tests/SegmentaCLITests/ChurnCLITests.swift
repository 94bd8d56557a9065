import Foundation
import SegmentaCore
import SegmentaTestSupport
import Testing

/// Customers with a planted churn signal, written as a CSV, with the values the tests recompute from.
private struct ChurnCustomers {
  var usageChange: [Double] = []
  var complaints: [Double] = []
  var noise: [Double] = []
  var lastActiveDay: [Int] = []
  var churned: [Bool] = []

  /// Draws `count` customers whose falling usage and complaints raise churn and whose noise does not.
  ///
  /// Values are quarters and whole numbers, so the workspace stores them exactly.
  init(count: Int, seed: UInt64 = 7) {
    var rng = SplitMix64(seed: seed)
    for _ in 0..<count {
      let change = (rng.nextNormal(mean: 0, sd: 1) * 4).rounded() / 4
      let calls = Double(rng.nextPoisson(0.6))
      let logit = -0.8 - 1.6 * change + 0.8 * calls
      usageChange.append(change)
      complaints.append(calls)
      noise.append(Double(rng.next() % 100))
      lastActiveDay.append(1 + Int(rng.next() % 28))
      churned.append(rng.nextUnit() < 1 / (1 + Foundation.exp(-logit)))
    }
  }

  var csv: String {
    var text = "customer_id,phone,usage_change,complaints,noise,last_active,churned\n"
    for index in churned.indices {
      let day = lastActiveDay[index] < 10 ? "0\(lastActiveDay[index])" : "\(lastActiveDay[index])"
      text +=
        "C\(index),1390000\(String(format: "%04d", index)),\(usageChange[index]),\(Int(complaints[index])),"
        + "\(Int(noise[index])),2024-02-\(day),\(churned[index] ? 1 : 0)\n"
    }
    return text
  }

  /// The cross-validated evaluation the library computes on these values, with the CLI's default folds.
  func evaluation(_ columns: [[Double]], labels: [Bool], kind: ChurnModelKind, maxIter: Int = 100) -> ChurnEvaluation {
    var options = ChurnFitOptions()
    options.kind = kind
    options.boosting.maxIterations = maxIter
    let folds = StratifiedFolds.assign(labels: labels, folds: 5, seed: 42)
    return ChurnEvaluation.crossValidate(columns: columns, labels: labels, folds: folds, options: options).evaluation
  }
}

/// A folder holding a workspace with `customers` imported.
private func churnFolder(_ customers: ChurnCustomers) throws -> TemporaryDirectory {
  let directory = TemporaryDirectory()
  directory.write("customers.csv", customers.csv)
  _ = try segmentaOK(["init"], in: directory.path)
  _ = try segmentaOK(["import", "customers", "customers.csv"], in: directory.path)
  return directory
}

/// The per-fold AUCs of a `churn fit --json` output.
private func foldAUCs(_ output: [String: Any]) -> [Double] {
  (output["fold_aucs"] as? [Any] ?? []).compactMap { $0 as? Double }
}

@Suite("segmenta churn fit, score and report")
struct ChurnCLITests {
  @Test("fit --json: both models' auc and fold_aucs equal the library's on the same data and folds")
  func fitMatchesLibrary() throws {
    let customers = ChurnCustomers(count: 600)
    let directory = try churnFolder(customers)
    let columns = [customers.usageChange, customers.complaints, customers.noise]

    let logistic = try jsonObject(
      try segmentaOK(
        ["churn", "fit", "--label", "churned", "--features", "usage_change,complaints,noise", "--json"],
        in: directory.path))
    let expected = customers.evaluation(columns, labels: customers.churned, kind: .logistic)
    #expect(logistic["version"] as? Int == 1 && logistic["model"] as? String == "logistic")
    #expect(logistic["customers"] as? Int == 600)
    #expect(logistic["churners"] as? Int == customers.churned.filter { $0 }.count)
    let auc = try #require(logistic["auc"] as? Double)
    #expect(abs(auc - expected.auc) < 1e-9, "CLI \(auc), library \(expected.auc)")
    let folds = foldAUCs(logistic)
    #expect(folds.count == 5)
    for (ours, library) in zip(folds, expected.foldAUCs) { #expect(abs(ours - library) < 1e-9) }
    #expect(abs(auc - folds.reduce(0, +) / 5) < 1e-12)
    #expect(auc > 0.7)
    let importance = try #require(logistic["importance"] as? [[String: Any]])
    #expect(importance.first?["feature"] as? String == "usage_change")

    let boosted = try jsonObject(
      try segmentaOK(
        [
          "churn", "fit", "--label", "churned", "--features", "usage_change,complaints,noise", "--model", "gbt",
          "--max-iter", "20", "--json",
        ], in: directory.path))
    let trees = customers.evaluation(columns, labels: customers.churned, kind: .gbt, maxIter: 20)
    #expect(boosted["version"] as? Int == 2 && boosted["model"] as? String == "gbt")
    let treeAUC = try #require(boosted["auc"] as? Double)
    #expect(abs(treeAUC - trees.auc) < 1e-9, "CLI \(treeAUC), library \(trees.auc)")
    for (ours, library) in zip(foldAUCs(boosted), trees.foldAUCs) { #expect(abs(ours - library) < 1e-9) }
    let gains = try #require(boosted["gains"] as? [[String: Any]])
    #expect(gains.compactMap { $0["customers"] as? Int }.reduce(0, +) == 600)
    #expect(gains.count == 10 && abs((boosted["top_decile_lift"] as? Double ?? 0) - trees.topDecileLift) < 1e-9)
  }

  @Test("fit --folds 1: one fit on every customer; the AUC is the training AUC the library gives")
  func singleFit() throws {
    let customers = ChurnCustomers(count: 300, seed: 12)
    let directory = try churnFolder(customers)
    let output = try jsonObject(
      try segmentaOK(
        [
          "churn", "fit", "--label", "churned", "--features", "usage_change,complaints", "--model", "gbt",
          "--max-iter", "10", "--folds", "1", "--json",
        ], in: directory.path))
    var options = ChurnFitOptions()
    options.kind = .gbt
    options.boosting.maxIterations = 10
    let columns = [customers.usageChange, customers.complaints]
    let model = ChurnModel.fit(
      kind: .gbt, columns: columns, labels: customers.churned, rows: Array(customers.churned.indices),
      options: options)
    let training = ChurnMetrics.auc(scores: model.scores(columns: columns), labels: customers.churned)
    #expect(output["folds"] as? Int == 1 && foldAUCs(output).count == 1)
    #expect(abs((foldAUCs(output).first ?? -1) - training) < 1e-12)
    #expect(abs((output["auc"] as? Double ?? -1) - training) < 1e-12)
    #expect((output["notes"] as? [String])?.contains { $0.contains("no cross-validation") } == true)
    let report = try segmentaOK(["churn", "report"], in: directory.path)
    #expect(report.contains("| AUC (training customers, no cross-validation) |"))
    let none = try segmenta(["churn", "fit", "--label", "churned", "--folds", "0"], in: directory.path)
    #expect(none.status == 2 && none.stderr.contains("--folds must be between 1 and 20"))
  }

  @Test("fit --importance permutation: the AUC drop ranks the planted features above noise, in output and report")
  func permutationImportance() throws {
    let directory = try churnFolder(ChurnCustomers(count: 400, seed: 13))
    let output = try jsonObject(
      try segmentaOK(
        [
          "churn", "fit", "--label", "churned", "--features", "usage_change,complaints,noise", "--model", "gbt",
          "--max-iter", "20", "--importance", "permutation", "--repeats", "3", "--json",
        ], in: directory.path))
    #expect((output["importance_kind"] as? String)?.hasPrefix("permutation importance") == true)
    let importance = try #require(output["importance"] as? [[String: Any]])
    #expect(Set(importance.compactMap { $0["feature"] as? String }) == ["usage_change", "complaints", "noise"])
    #expect(importance.first?["feature"] as? String == "usage_change")
    let drops = importance.compactMap { $0["importance"] as? Double }
    #expect(drops.count == 3 && drops[0] > 0.05 && drops[0] > 2 * drops[1])
    let report = try segmentaOK(["churn", "report"], in: directory.path)
    #expect(report.contains("permutation importance: drop of the AUC") && report.contains("mean of 3 shuffles"))
    let bad = try segmenta(
      ["churn", "fit", "--label", "churned", "--importance", "permutation", "--repeats", "0"], in: directory.path)
    #expect(bad.status == 2 && bad.stderr.contains("--repeats must be between 1 and 100"))
  }

  @Test("fit --inactive-days: churners are the customers inactive for N days before the latest activity")
  func inactivityLabel() throws {
    let customers = ChurnCustomers(count: 300, seed: 8)
    let directory = try churnFolder(customers)
    let output = try jsonObject(
      try segmentaOK(
        ["churn", "fit", "--inactive-days", "10", "--features", "usage_change,noise", "--json"], in: directory.path))
    let latest = customers.lastActiveDay.max() ?? 0
    let inactive = customers.lastActiveDay.map { latest - $0 >= 10 }
    #expect(output["label"] as? String == "inactive for 10+ days (last_active)")
    #expect(output["churners"] as? Int == inactive.filter { $0 }.count && output["customers"] as? Int == 300)
    let expected = customers.evaluation(
      [customers.usageChange, customers.noise], labels: inactive, kind: .logistic)
    #expect(abs((output["auc"] as? Double ?? -1) - expected.auc) < 1e-9)
    let text = try segmentaOK(
      ["churn", "fit", "--inactive-days", "10", "--activity-column", "last_active", "--features", "noise"],
      in: directory.path)
    #expect(text.contains("Fitted churn model version 2 (logistic) on 300 customers"))
    #expect(text.contains("over 5 folds") && text.contains("cumulative gain"))
  }

  @Test("fit refuses a personal column and names an unknown one; with --json the error is JSON on stdout")
  func fitRefusals() throws {
    let directory = try churnFolder(ChurnCustomers(count: 120, seed: 9))
    let personal = try segmenta(
      ["churn", "fit", "--label", "churned", "--features", "usage_change,phone"], in: directory.path)
    #expect(personal.status == 1 && personal.stderr.contains("phone") && personal.stderr.contains("personal"))
    let unknown = try segmenta(
      ["churn", "fit", "--label", "churned", "--features", "usage_change,nope"], in: directory.path)
    #expect(unknown.status == 1 && unknown.stderr.contains("'nope'"), "\(unknown.stderr)")
    let label = try segmenta(["churn", "fit", "--label", "gone"], in: directory.path)
    #expect(label.status == 1 && label.stderr.contains("no customer column 'gone'"))
    let json = try segmenta(
      ["churn", "fit", "--label", "churned", "--features", "usage_change,nope", "--json"], in: directory.path)
    #expect(json.status == 1 && json.stderr.isEmpty)
    let error = try #require(try jsonObject(json.stdout)["error"] as? [String: Any])
    #expect((error["message"] as? String)?.contains("'nope'") == true && error["code"] as? String != nil)
    let usage = try segmenta(
      ["churn", "fit", "--label", "churned", "--inactive-days", "3", "--json"], in: directory.path)
    #expect(usage.status == 2 && usage.stderr.isEmpty)
    let usageError = try #require(try jsonObject(usage.stdout)["error"] as? [String: Any])
    #expect(usageError["code"] as? String == "invalid_request")
    let labelJSON = try segmenta(["churn", "fit", "--label", "gone", "--json"], in: directory.path)
    let labelError = try #require(try jsonObject(labelJSON.stdout)["error"] as? [String: Any])
    #expect(labelError["code"] as? String == "not_found" && labelError["field"] as? String == "label")
  }

  @Test("score: churn_score >= 0.5 and segment(churn_risk) = \"high\" select the same customers")
  func scoreAgreesWithRules() throws {
    let directory = try churnFolder(ChurnCustomers(count: 400, seed: 10))
    _ = try segmentaOK(
      ["churn", "fit", "--label", "churned", "--model", "gbt", "--max-iter", "15"], in: directory.path)
    let scored = try jsonObject(try segmentaOK(["churn", "score", "--json"], in: directory.path))
    #expect(scored["customers"] as? Int == 400 && scored["column"] as? String == "churn_score")
    let bands = try #require(scored["bands"] as? [String: Int])
    #expect(bands.values.reduce(0, +) == 400 && (bands["high"] ?? 0) > 0)
    func matches(_ rule: String) throws -> Int {
      let output = try jsonObject(try segmentaOK(["rule", "check", rule, "--count", "--json"], in: directory.path))
      #expect(output["valid"] as? Bool == true)
      return output["matches"] as? Int ?? -1
    }
    let high = try matches("segment(churn_risk) = \"high\"")
    #expect(high == bands["high"])
    #expect(try matches("churn_score >= 0.5") == high)
    #expect(try matches("churn_score >= 0.2 and churn_score < 0.5") == bands["medium"])
    #expect(try matches("segment(churn_risk) = \"low\"") == bands["low"])
    let text = try segmentaOK(["churn", "score"], in: directory.path)
    #expect(text.contains("Scored 400 customers with churn model version 1") && text.contains("churn_risk version 2"))
  }

  @Test("report writes md/html/json and refuses to overwrite the workspace, its journal or a non-regular file")
  func reportAndOutputGuard() throws {
    let directory = try churnFolder(ChurnCustomers(count: 200, seed: 11))
    _ = try segmentaOK(["churn", "fit", "--label", "churned"], in: directory.path)
    let markdown = try segmentaOK(["churn", "report"], in: directory.path)
    #expect(markdown.contains("| AUC (mean of 5 folds) |"))
    let wrote = try segmentaOK(["churn", "report", "--format", "html", "--out", "churn.html"], in: directory.path)
    #expect(wrote.contains("Wrote the html churn report of model version 1"))
    let page = try String(contentsOfFile: directory.file("churn.html"), encoding: .utf8)
    #expect(page.contains("class=\"gains-chart\"") && !page.contains("<script"))
    let json = try jsonObject(try segmentaOK(["churn", "report", "--json"], in: directory.path))
    #expect(json["version"] as? Int == 1 && (json["fold_aucs"] as? [Any])?.count == 5)

    let before = try Data(contentsOf: URL(fileURLWithPath: directory.file("segmenta.db")))
    try FileManager.default.createDirectory(atPath: directory.file("folder"), withIntermediateDirectories: false)
    try FileManager.default.createSymbolicLink(atPath: directory.file("link.html"), withDestinationPath: "segmenta.db")
    for out in ["segmenta.db", "segmenta.db-wal", "./segmenta.db", "link.html", "folder", "/dev/null"] {
      let result = try segmenta(["churn", "report", "--format", "html", "--out", out], in: directory.path)
      #expect(result.status == 1, "\(out)")
      #expect(result.stderr.contains("--out '\(out)'"), "\(out): \(result.stderr)")
    }
    let refused = try segmenta(["churn", "report", "--out", "segmenta.db", "--json"], in: directory.path)
    let error = try #require(try jsonObject(refused.stdout)["error"] as? [String: Any])
    #expect((error["message"] as? String)?.contains("writing there would destroy it") == true)
    #expect(try Data(contentsOf: URL(fileURLWithPath: directory.file("segmenta.db"))) == before)
  }
}
