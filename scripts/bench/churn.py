#!/usr/bin/env python3
"""Churn benchmark: `segmenta churn fit --model gbt` beside scikit-learn's HistGradientBoostingClassifier.

Data: --customers customers (1,000,000) x --features numeric features (40): usage-like lognormal
columns, normal columns and counts, 3 decimals, 2 % missing in four columns; a churn label planted from
falling usage, complaints, short tenure and an interaction (about 20 % churners). Written as one
customer CSV and imported into a fresh workspace (the import is timed and shown, not compared).

Compared, on the same data:
  Segmenta: the whole command `segmenta churn fit --label churned --model gbt --folds 5 --json` on
    the workspace (reading the columns, stratified 5-fold cross-validation, the final fit on all
    customers, storing the model): wall time and peak memory of the process.
  With --folds 1 each side fits once: Segmenta's `churn fit --folds 1` (read, one fit on all customers,
    score them, training AUC, store) against one HistGradientBoostingClassifier(early_stopping=False)
    fit on the matrix in memory, predict_proba on all customers and the training AUC.
  scikit-learn: the same work on the matrix already in memory (float64): StratifiedKFold(5) fits of
    HistGradientBoostingClassifier(early_stopping=False) (its defaults otherwise: 100 iterations,
    31 leaves, learning rate 0.1, 255 bins, min_samples_leaf 20) scored on each held-out fold, then
    one fit on all customers; and, for reference, the one fit alone.
AUC: the mean of the per-fold AUCs on each side (the folds differ: each side draws its own).
Both sides use every core; scikit-learn's OpenMP threads wait passively (OMP_WAIT_POLICY=PASSIVE, set by
churn.sh), its fastest setting on a shared machine. Run through scripts/bench/churn.sh.
"""
import argparse
import json
import os
import pathlib
import subprocess
import tempfile
import time

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

from measure import run_measured

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEGMENTA = ROOT / ".build" / "release" / "segmenta"


def generate(customers, features, seed):
    rng = np.random.default_rng(seed)
    n = customers
    X = np.empty((n, features))
    for j in range(features):
        kind = j % 4
        if kind == 0:
            X[:, j] = rng.lognormal(4.0, 0.8, n)
        elif kind == 1:
            X[:, j] = rng.normal(0.0, 1.0, n)
        elif kind == 2:
            X[:, j] = rng.poisson(1.5, n)
        else:
            X[:, j] = rng.gamma(2.0, 300.0, n)
    X = np.round(X, 3)
    change = X[:, 1]
    complaints = X[:, 2]
    tenure = X[:, 3]
    logit = (-2.0 - 0.9 * change + 0.35 * complaints + 0.8 * (tenure < 250)
             + 0.6 * (X[:, 5] * X[:, 9] > 0.5) - 0.4 * np.log(X[:, 0] / 55.0) + 0.3 * (X[:, 6] > 3))
    labels = rng.random(n) < 1 / (1 + np.exp(-logit))
    for j in (4, 8, 12, 16):
        X[rng.random(n) < 0.02, j] = np.nan
    return X, labels


def write_csv(path, X, labels):
    names = [f"f{j + 1:02d}" for j in range(X.shape[1])]
    with open(path, "w") as out:
        out.write("customer_id," + ",".join(names) + ",churned\n")
        block = 100_000
        for start in range(0, X.shape[0], block):
            part = X[start:start + block]
            text = np.char.mod("%.3f", part)
            text[np.isnan(part)] = ""
            lines = [f"C{start + i + 1}," + ",".join(row) + f",{int(labels[start + i])}\n"
                     for i, row in enumerate(text)]
            out.writelines(lines)


def segmenta(workspace, label, *args):
    return run_measured([str(SEGMENTA), *map(str, args), "--workspace", str(workspace)], label=label)


def sklearn_cross_validated(X, y, folds, seed):
    started = time.perf_counter()
    aucs = []
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(X, y):
        model = HistGradientBoostingClassifier(early_stopping=False, random_state=seed).fit(X[train], y[train])
        aucs.append(roc_auc_score(y[test], model.predict_proba(X[test])[:, 1]))
    cv_seconds = time.perf_counter() - started
    started = time.perf_counter()
    HistGradientBoostingClassifier(early_stopping=False, random_state=seed).fit(X, y)
    final_seconds = time.perf_counter() - started
    return float(np.mean(aucs)), aucs, cv_seconds, final_seconds


def sklearn_single_fit(X, y, seed):
    """One fit on every customer, then every customer scored: the work of `churn fit --folds 1`."""
    started = time.perf_counter()
    model = HistGradientBoostingClassifier(early_stopping=False, random_state=seed).fit(X, y)
    auc = roc_auc_score(y, model.predict_proba(X)[:, 1])
    return float(auc), time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--features", type=int, default=40)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data", help="folder to keep (and reuse) the generated CSV in")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = pathlib.Path(args.data or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        X, y = generate(args.customers, args.features, args.seed)
        csv = folder / f"churn-{args.customers}x{args.features}.csv"
        if not csv.exists():
            write_csv(csv, X, y)
        workspace = pathlib.Path(scratch) / "churn.db"
        segmenta(workspace, "init", "init")
        import_seconds, import_peak, _ = segmenta(workspace, "import", "import", "customers", csv, "--json")
        ours_seconds, ours_peak, out = segmenta(
            workspace, "churn fit", "churn", "fit", "--label", "churned", "--model", "gbt",
            "--folds", args.folds, "--seed", args.seed, "--json")
        ours = json.loads(out)
        if args.folds == 1:
            theirs_auc, theirs_seconds = sklearn_single_fit(X, y, args.seed)
        else:
            theirs_auc, theirs_folds, cv_seconds, final_seconds = sklearn_cross_validated(X, y, args.folds, args.seed)
            theirs_seconds = cv_seconds + final_seconds
    if args.folds == 1:
        print(f"churn benchmark: {args.customers:,} customers x {args.features} features, "
              f"{y.mean() * 100:.1f} % churners, one fit each (no cross-validation); scikit-learn {sklearn.__version__}, "
              f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', 'unset')}")
        print(f"  import customers (not compared): {import_seconds:.1f} s, peak {import_peak:.0f} MB")
        print(f"  Segmenta  churn fit --model gbt --folds 1 (whole command: read the columns, one fit on all "
              f"customers, score them all, training AUC, store): {ours_seconds:.1f} s, peak {ours_peak:.0f} MB, "
              f"training AUC {ours['auc']:.4f}")
        print(f"  scikit-learn HistGradientBoostingClassifier(early_stopping=False): one fit on the matrix in memory "
              f"+ predict_proba on all customers + training AUC: {theirs_seconds:.1f} s, training AUC {theirs_auc:.4f}")
        ratio = ours_seconds / theirs_seconds
        print(f"  ratio Segmenta / scikit-learn: {ratio:.2f}x (target <= 1x) -> {'met' if ratio <= 1 else 'NOT met'}; "
              f"AUC difference {ours['auc'] - theirs_auc:+.4f}")
        return
    print(f"churn benchmark: {args.customers:,} customers x {args.features} features, "
          f"{y.mean() * 100:.1f} % churners, {args.folds} folds; scikit-learn {sklearn.__version__}, "
          f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', 'unset')}")
    print(f"  import customers (not compared): {import_seconds:.1f} s, peak {import_peak:.0f} MB")
    print(f"  Segmenta  churn fit --model gbt (whole command: read, {args.folds}-fold CV, final fit, store): "
          f"{ours_seconds:.1f} s, peak {ours_peak:.0f} MB, AUC {ours['auc']:.4f} "
          f"(folds {', '.join(f'{a:.4f}' for a in ours['fold_aucs'])})")
    print(f"  scikit-learn HistGradientBoostingClassifier, same work in memory: {theirs_seconds:.1f} s "
          f"({cv_seconds:.1f} s CV + {final_seconds:.1f} s final fit), AUC {theirs_auc:.4f} "
          f"(folds {', '.join(f'{a:.4f}' for a in theirs_folds)})")
    ratio = ours_seconds / theirs_seconds
    print(f"  ratio Segmenta / scikit-learn: {ratio:.2f}x (target <= 1x) -> {'met' if ratio <= 1 else 'NOT met'}; "
          f"AUC difference {ours['auc'] - theirs_auc:+.4f}")
    print(f"  for reference, one scikit-learn fit on all customers: {final_seconds:.1f} s")


if __name__ == "__main__":
    main()
