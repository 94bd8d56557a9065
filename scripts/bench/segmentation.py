#!/usr/bin/env python3
"""Segmentation benchmark: Segmenta's k-means kernels beside scikit-learn, same data, same run.

  (a) 20 Lloyd iterations, k = 10, on 1,000,000 x 32 standardized float32 rows from the same
      initial centres (scikit-learn: KMeans(init=centres, n_init=1, max_iter=20, tol=0));
  (b) k-means++ initialisation, k = 10, on the same rows (scikit-learn: kmeans_plusplus);
  (c) automatic k over 2..15 on 100,000 rows: for each k a k-means fit (3 starts), the silhouette
      on a 10,000-row sample, Calinski-Harabasz and Davies-Bouldin on all rows, which is what
      `segmenta segment --k auto` computes; scikit-learn runs the same loop;
  (d) the command-line path on 1,000,000 customers: `segmenta import customers` of a wide table
      computed in a warehouse (32 skewed usage columns with 8 planted groups, plus city, brand and
      gender), `segmenta segment --k auto` (k 2..15, 3 starts each) and `--k 8`, each followed by
      `segmenta profile --format html`; wall time and peak memory of every command. Beside it,
      the same data read by DuckDB into numpy and prepared and clustered by scikit-learn (p1/p99
      clipping, log1p of skewed columns, z-scores, KMeans k = 8 with 3 starts, silhouette on 10,000
      rows, Calinski-Harabasz, Davies-Bouldin): the reference for the `--k 8` step.

Both sides use every core of the machine (scikit-learn through its OpenMP/BLAS threads). Segmenta
runs (a)-(c) through the Benchmarks/ harness and (d) through the `segmenta` executable, both built
in release mode. (a)-(c) report the median of --repeat runs (default 3). Prints seconds, the ratio
and the inertias. Run through scripts/bench/segmentation.sh; `--parts abc` or `--parts d` runs a
subset.
"""
import argparse
import json
import os
import statistics
import pathlib
import subprocess
import sys
import tempfile
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans, kmeans_plusplus
from sklearn.datasets import make_blobs
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score
from sklearn.preprocessing import StandardScaler

from measure import run_measured
from widetable import generate_wide_table

ROOT = pathlib.Path(__file__).resolve().parents[2]
HARNESS = ROOT / "Benchmarks" / ".build" / "release" / "SegmentaBench"
SEGMENTA = ROOT / ".build" / "release" / "segmenta"


def harness(*args):
    out = subprocess.run([str(HARNESS), *map(str, args)], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def standardized_blobs(rows, columns, centres, seed):
    X, _ = make_blobs(n_samples=rows, n_features=columns, centers=centres, cluster_std=2.5, random_state=seed)
    return StandardScaler().fit_transform(X).astype(np.float32)


def median_run(repeat, run):
    """Runs `run` (returning (seconds, details)) `repeat` times; the median time and the last details."""
    runs = [run() for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), runs[-1][1]


def kernels(folder, repeat):
    X = standardized_blobs(1_000_000, 32, 12, 7)
    X.tofile(folder / "big.f32")
    rng = np.random.default_rng(3)
    centres = X[rng.choice(len(X), 10, replace=False)]
    centres.tofile(folder / "centres.f32")
    results = {}

    # (a) Lloyd.
    def sk_lloyd():
        t = time.perf_counter()
        km = KMeans(n_clusters=10, init=centres, n_init=1, max_iter=20, tol=0, algorithm="lloyd").fit(X)
        return time.perf_counter() - t, km

    def our_lloyd():
        ours = harness("lloyd", folder / "big.f32", len(X), 32, folder / "centres.f32", 10, 20)
        return ours["seconds"], ours

    sk, km = median_run(repeat, sk_lloyd)
    seconds, ours = median_run(repeat, our_lloyd)
    results["lloyd"] = dict(sklearn_s=sk, segmenta_s=seconds, sklearn_inertia=float(km.inertia_),
                            segmenta_inertia=ours["inertia"], sklearn_iterations=int(km.n_iter_),
                            segmenta_iterations=ours["iterations"])

    # (b) k-means++.
    def sk_init():
        t = time.perf_counter()
        kmeans_plusplus(X, n_clusters=10, random_state=0)
        return time.perf_counter() - t, None

    def our_init():
        ours = harness("init", folder / "big.f32", len(X), 32, 10, 0)
        return ours["seconds"], ours

    sk, _ = median_run(repeat, sk_init)
    seconds, ours = median_run(repeat, our_init)
    results["kmeans++"] = dict(sklearn_s=sk, segmenta_s=seconds, segmenta_inertia=ours["inertia"])

    # (c) Automatic k with quality measures.
    Y = standardized_blobs(100_000, 32, 8, 11)
    Y.tofile(folder / "small.f32")

    def sk_auto():
        t = time.perf_counter()
        table = []
        for k in range(2, 16):
            fit = KMeans(n_clusters=k, n_init=3, random_state=k).fit(Y)
            table.append((k, silhouette_score(Y, fit.labels_, sample_size=10_000, random_state=0),
                          calinski_harabasz_score(Y, fit.labels_), davies_bouldin_score(Y, fit.labels_)))
        return time.perf_counter() - t, table

    def our_auto():
        ours = harness("autok", folder / "small.f32", len(Y), 32, 2, 15, 3, 42)
        return ours["seconds"], ours

    sk, table = median_run(repeat, sk_auto)
    seconds, ours = median_run(repeat, our_auto)
    best_sk = max(table, key=lambda row: row[1])[0]
    results["auto_k"] = dict(sklearn_s=sk, segmenta_s=seconds, sklearn_best_k=best_sk, segmenta_k=ours["k"])

    print()
    print(f"{'step (median of ' + str(repeat) + ')':<44}{'Segmenta s':>12}{'sklearn s':>12}{'ratio':>8}")
    names = {"lloyd": "(a) 20 Lloyd iterations, 1M x 32, k=10", "kmeans++": "(b) k-means++, 1M x 32, k=10",
             "auto_k": "(c) auto k 2..15, 100k x 32, with quality"}
    for key, r in results.items():
        print(f"{names[key]:<44}{r['segmenta_s']:>12.3f}{r['sklearn_s']:>12.3f}{r['segmenta_s'] / r['sklearn_s']:>8.3f}")
    lloyd = results["lloyd"]
    print(f"(a) inertia: Segmenta {lloyd['segmenta_inertia']:.6e}, scikit-learn {lloyd['sklearn_inertia']:.6e}, "
          f"difference {abs(lloyd['segmenta_inertia'] / lloyd['sklearn_inertia'] - 1) * 100:.4f} %")
    print(f"(c) chosen k: Segmenta {results['auto_k']['segmenta_k']}, scikit-learn's best silhouette at k = {best_sk}")
    print("ratio = Segmenta time / scikit-learn time (lower is better)")
    return results


def reference_k8(path):
    """DuckDB reads the CSV into numpy; scikit-learn prepares the 32 columns like Segmenta and fits
    k = 8. Returns (read seconds, prepare-fit-score seconds, silhouette)."""
    import duckdb
    from scipy.stats import skew

    started = time.perf_counter()
    columns = duckdb.sql(f"SELECT * EXCLUDE (customer_id, city, brand, gender) FROM read_csv('{path}')").fetchnumpy()
    X = np.column_stack([np.asarray(v, dtype=np.float64) for v in columns.values()])
    read = time.perf_counter() - started
    started = time.perf_counter()
    for j in range(X.shape[1]):
        low, high = np.percentile(X[:, j], [1, 99])
        X[:, j] = np.clip(X[:, j], low, high)
        if X[:, j].min() >= 0 and skew(X[:, j], bias=False) > 1:
            X[:, j] = np.log1p(X[:, j])
    X = StandardScaler().fit_transform(X).astype(np.float32)
    fit = KMeans(n_clusters=8, n_init=3, random_state=1).fit(X)
    silhouette = silhouette_score(X, fit.labels_, sample_size=10_000, random_state=0)
    calinski_harabasz_score(X, fit.labels_)
    davies_bouldin_score(X, fit.labels_)
    return read, time.perf_counter() - started, silhouette


def cli_path(folder, customers):
    csv = folder / "wide.csv"
    if not csv.exists():
        generate_wide_table(csv, customers)
    # Flush the generator's dirty pages first, so that the import does not pay for writing them.
    os.sync()
    csv_mb = csv.stat().st_size / 1e6
    workspace = folder / "cli.db"
    for leftover in folder.glob("cli.db*"):
        leftover.unlink()
    run = lambda label, *args: run_measured([str(SEGMENTA), *map(str, args), "--workspace", str(workspace)],
                                            label=label)
    steps = []
    steps.append(("init", *run("init", "init")))
    steps.append(("import customers", *run("import", "import", "customers", csv)))
    for name, k in (("auto", "auto"), ("k8", "8")):
        steps.append((f"segment --k {k}", *run("segment", "segment", "--name", name, "--k", k, "--features", "all",
                                                "--seed", "1", "--json")))
        steps.append((f"profile {name} --format html",
                      *run("profile", "profile", name, "--format", "html", "--out", folder / f"{name}.html")))
    auto = json.loads(steps[2][3])
    k8 = json.loads(steps[4][3])
    reference_read, reference_fit, reference_silhouette = reference_k8(csv)
    database_mb = sum(p.stat().st_size for p in folder.glob("cli.db*")) / 1e6
    matrix_mb = customers * 32 * 4 / 1e6

    print()
    print(f"(d) command-line path, {customers:,} customers x (32 numeric + 3 text) columns, CSV {csv_mb:.0f} MB")
    print(f"{'command':<36}{'seconds':>10}{'peak MB':>10}")
    for label, seconds, peak, _ in steps:
        print(f"{label:<36}{seconds:>10.2f}{peak:>10.0f}")
    total_auto = sum(s[1] for s in steps[:4])
    total_k8 = steps[0][1] + steps[1][1] + steps[4][1] + steps[5][1]
    peak = max(s[2] for s in steps)
    print(f"import -> segment --k auto -> profile: {total_auto:.1f} s; with --k 8: {total_k8:.1f} s (target < 30 s)")
    print(f"peak memory {peak:.0f} MB; feature matrix {matrix_mb:.0f} MB (float32), workspace {database_mb:.0f} MB: "
          f"3 x matrix + workspace = {3 * matrix_mb + database_mb:.0f} MB")
    print(f"--k auto chose k = {auto['k']} (silhouette {auto['silhouette']:.3f}); --k 8 silhouette {k8['silhouette']:.3f}")
    print(f"reference: DuckDB reads the CSV into numpy in {reference_read:.2f} s (Segmenta's import into its "
          f"workspace: {steps[1][1]:.2f} s); scikit-learn prepares the columns the same way, fits KMeans(8, n_init=3) "
          f"and scores it in {reference_fit:.2f} s (silhouette {reference_silhouette:.3f}); `segment --k 8` "
          f"(loading from the workspace, preparing, fitting, scoring, profiling, storing): {steps[4][1]:.2f} s, "
          f"ratio {steps[4][1] / reference_fit:.2f}")
    return dict(steps=[dict(command=s[0], seconds=s[1], peak_mb=s[2]) for s in steps], total_auto_s=total_auto,
                total_k8_s=total_k8, reference_read_s=reference_read, reference_fit_s=reference_fit, auto_k=auto["k"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--parts", default="abcd", help="which parts to run (letters a-d; a-c run together)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement in (a)-(c); the median is shown")
    parser.add_argument("--customers", type=int, default=1_000_000, help="customers in (d)")
    parser.add_argument("--data", default=None, help="folder for the generated data (default: a temporary one)")
    args = parser.parse_args()
    folder = pathlib.Path(args.data or tempfile.mkdtemp(prefix="segmenta-seg-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"Segmenta segmentation benchmark: {os.cpu_count()} cores, scikit-learn {sklearn.__version__}, data in {folder}")
    results = {}
    if set("abc") & set(args.parts):
        results["kernels"] = kernels(folder, args.repeat)
    if "d" in args.parts:
        results["cli"] = cli_path(folder, args.customers)
    (folder / "results.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
