/// Permutation importance of a churn model: how much the AUC drops when one feature's values are
/// shuffled among the customers.
///
/// For feature j, importanceⱼ = AUC(X, y) − (1/R) Σᵣ AUC(X with column j permuted by the r-th shuffle, y),
/// R = `repeats`: the mean of scikit-learn's `permutation_importance(model, X, y, scoring="roc_auc",
/// n_repeats=R).importances_mean` (Breiman, "Random forests", 2001), with the shuffles drawn from a
/// ``SplitMix64`` seeded by `seed`, so a result repeats exactly for the same seed. Works for either model.
public enum ChurnPermutationImportance {
  /// Each feature's mean AUC drop over `repeats` shuffles of its column, in feature order, on `rows`
  /// (nil: every row) of `columns`.
  public static func compute(
    model: ChurnModel, columns: [[Double]], labels: [Bool], rows: [Int]? = nil, repeats: Int, seed: UInt64
  ) -> [Double] {
    precondition(repeats >= 1, "at least one repeat")
    let chosen = rows ?? Array(labels.indices)
    var subset = columns.map { column in chosen.map { column[$0] } }
    let truth = chosen.map { labels[$0] }
    let baseline = ChurnMetrics.auc(scores: model.scores(columns: subset), labels: truth)
    var rng = SplitMix64(seed: seed)
    var importance = [Double](repeating: 0, count: columns.count)
    for feature in columns.indices {
      let original = subset[feature]
      var drop = 0.0
      for _ in 0..<repeats {
        subset[feature] = original.shuffled(using: &rng)
        drop += baseline - ChurnMetrics.auc(scores: model.scores(columns: subset), labels: truth)
      }
      subset[feature] = original
      importance[feature] = drop / Double(repeats)
    }
    return importance
  }
}
