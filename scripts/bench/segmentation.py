#!/usr/bin/env python3
"""Segmentation benchmark: Segmenta beside scikit-learn, faiss and DuckDB, same data, same run.

Kernels (Benchmarks/ harness, on 1,000,000 x 32 standardized float32 rows, median of --repeat):
  (a) 20 Lloyd iterations, k = 10, from the same initial centres (scikit-learn: KMeans(init=centres,
      n_init=1, max_iter=20, tol=0));
  (b) initialisation, k = 10, on the same rows: what `segment` starts Lloyd from (its default
      starts on the start sample); scikit-learn: kmeans_plusplus;
  (c) automatic k over 2..15 on 100,000 rows: for each k a k-means fit (3 starts), the silhouette
      on a 10,000-row sample, Calinski-Harabasz and Davies-Bouldin on all rows, which is what
      `segmenta segment --k auto` computes; scikit-learn runs the same loop.
Commands (the `segmenta` executable; wall time and peak memory of each process, see measure.py;
one run each, except (e), where every timing is the median of --repeat runs):
  (d) the command-line path on --customers customers: `segmenta import customers` of a wide table
      computed in a warehouse (32 skewed usage columns with 8 planted groups, plus city, brand and
      gender; widetable.py), `segmenta segment --k auto` (k 2..15, 3 starts each) and `--k 8`, each
      followed by `segmenta profile --format html`. Beside it, the same data read by DuckDB into
      numpy and prepared and clustered by scikit-learn (p1/p99 clipping, log1p of skewed columns,
      z-scores, KMeans k = 8 with 3 starts, silhouette on 10,000 rows, Calinski-Harabasz,
      Davies-Bouldin): the reference for the `--k 8` step.
  (e) the whole `segment --k 10 --log off --winsorize off --scale zscore --json` command (default
      starts and iterations) on the same imported wide table, beside the same 32 columns held in
      memory as float32: scikit-learn StandardScaler + KMeans(10, random_state=0) (lloyd, n_init
      'auto' = 1); KMeans(10, n_init=10) (time and inertia); faiss.Kmeans(d, 10) with its defaults
      (niter 25, at most 256 points per centre) scale-and-fit, its inertia on all rows. Segmenta's
      inertia comes from its --json; it is also recomputed from its exported clusters in
      StandardScaler's space, and its stored centres and scales are compared with StandardScaler's
      (population standard deviation on both sides).
  (f) automatic k on a planted table (planted.py: 10 lognormal groups of unequal size down to
      2.5 %, --customers rows, or 100,000 with --quick): import, `segment --k auto --k-range 2..15
      --json` with default preprocessing; wall time, chosen k and the adjusted Rand index of the
      exported clusters against the planted groups. Beside it, scikit-learn: log1p, StandardScaler,
      KMeans(k, n_init=3) for k in 2..15 (3 full-data starts; --sklearn-starts),
      silhouette on a 10,000-row sample, the best silhouette chosen; its time, k and ARI; both
      k tables.
  (g) initialisation: (b)'s ratio against the target (<= 0.25 x scikit-learn's kmeans_plusplus); (b)
      times what `segment` initialises Lloyd with (its default starts, on the start sample).
  (h) Lloyd pass vs memory bandwidth: the machine's read bandwidth (numpy sum over 1 GiB of float32,
      best of 5, on one thread and on all cores), the floor of one pass over 1M x 32 float32
      (bytes / bandwidth) and (a)'s seconds per iteration against it (target <= 2 x the floor).
  (i) peak memory of (e)'s `segment` against 2 x the float32 matrix + 100 MiB.
  (j) with --big only: --big-customers (10,000,000) x 32 wide table: `import customers`, then
      `segment --k 10` (a fit on a sample above --sample-limit, then all rows assigned): wall time
      and peak memory of each; free disk and memory are checked first.
Finally a summary of every target of issue 12 item 5 (and item 3's faiss and inertia targets):
measured value, target, met or NOT met. The customer import against DuckDB (item 2) is measured by
scripts/bench/foundation.sh.

Both sides use every core (scikit-learn and faiss through their OpenMP/BLAS threads). Run through
scripts/bench/segmentation.sh; `--parts abc`, `--parts efghij` etc. choose parts; --data FOLDER
keeps and reuses the generated data (CSV files, matrices; workspaces are always made afresh).
"""
import argparse
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import sklearn
from sklearn.cluster import KMeans, kmeans_plusplus
from sklearn.datasets import make_blobs
from sklearn.metrics import (adjusted_rand_score, calinski_harabasz_score, davies_bouldin_score,
                             silhouette_score)
from sklearn.preprocessing import StandardScaler

from measure import run_measured
from planted import SHARES, generate_planted_table
from widetable import generate_wide_table

ROOT = pathlib.Path(__file__).resolve().parents[2]
HARNESS = ROOT / "Benchmarks" / ".build" / "release" / "SegmentaBench"
SEGMENTA = ROOT / ".build" / "release" / "segmenta"
MIB = 2 ** 20
FAISS_SEED = 1234  # faiss.Kmeans' own default seed
REFERENCE_ROWS = 1_000_000  # the size issue 12's targets are stated for


# ---------------------------------------------------------------------------------------------
# Shared helpers


def harness(*args):
    out = subprocess.run([str(HARNESS), *map(str, args)], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def segmenta(workspace, label, *args):
    """Runs one `segmenta` command on `workspace`; returns (seconds, peak MiB, stdout)."""
    return run_measured([str(SEGMENTA), *map(str, args), "--workspace", str(workspace)], label=label)


def fresh_workspace(path):
    """Deletes `path` and its -wal/-shm files and runs `segmenta init` there."""
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    segmenta(path, "init", "init")


def standardized_blobs(rows, columns, centres, seed):
    X, _ = make_blobs(n_samples=rows, n_features=columns, centers=centres, cluster_std=2.5, random_state=seed)
    return StandardScaler().fit_transform(X).astype(np.float32)


def median_run(repeat, run):
    """Runs `run` (returning (seconds, details)) `repeat` times; the median time and the last details."""
    runs = [run() for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), runs[-1][1]


def timed(body):
    """(seconds, result) of calling `body`."""
    started = time.perf_counter()
    result = body()
    return time.perf_counter() - started, result


def wide_table_csv(folder, customers):
    """The warehouse wide table of `customers` rows (widetable.py), generated once per data folder."""
    csv = folder / f"wide-{customers}.csv"
    if not csv.exists():
        generate_wide_table(csv, customers)
        # Flush the generator's dirty pages first, so that an import does not pay for writing them.
        os.sync()
    return csv


def numeric_columns(csv, exclude):
    """The numeric columns of `csv` (all but `exclude`) read by DuckDB: (names, float64 rows x columns)."""
    import duckdb

    columns = duckdb.sql(f"SELECT * EXCLUDE ({', '.join(exclude)}) FROM read_csv('{csv}')").fetchnumpy()
    return list(columns), np.column_stack([np.asarray(v, dtype=np.float64) for v in columns.values()])


def exported_clusters(workspace, name, rows, folder):
    """Every customer's cluster from `segmenta export NAME`, indexed by row (ids are a letter and the
    1-based row number, as both generators write them)."""
    import duckdb

    path = folder / f"export-{name}.csv"
    segmenta(workspace, f"export {name}", "export", name, "--out", path)
    pairs = duckdb.sql(f"SELECT CAST(substr(customer_id, 2) AS BIGINT) - 1 AS r, cluster_id "
                       f"FROM read_csv('{path}', header = true)").fetchnumpy()
    path.unlink()
    labels = np.full(rows, -1, dtype=np.int64)
    labels[np.asarray(pairs["r"])] = np.asarray(pairs["cluster_id"])
    if (labels < 0).any():
        raise SystemExit(f"export {name} misses {(labels < 0).sum()} customers")
    return labels


def inertia_of_labels(X, labels):
    """Within-cluster sum of squares of `labels` over the rows of X (float64 accumulation)."""
    _, labels = np.unique(labels, return_inverse=True)
    counts = np.bincount(labels).astype(np.float64)
    total = 0.0
    for c in range(X.shape[1]):
        column = X[:, c].astype(np.float64)
        sums = np.bincount(labels, weights=column)
        total += float(column @ column) - float((sums * sums / counts).sum())
    return total


def status(met):
    return "n/a" if met is None else ("met" if met else "NOT met")


class Bench:
    """What the parts share: options, the data folder, the workspaces made in this run, results and
    the summary rows."""

    def __init__(self, args, folder):
        self.args = args
        self.folder = folder
        self.results = {}
        self.summary = []
        self.wide_workspace = None  # (path, import seconds, import peak) once the wide table is imported

    def target(self, item, measured, target, met, note=""):
        self.summary.append(dict(item=item, measured=measured, target=target, status=status(met), note=note))

    def size_note(self, rows):
        return "" if rows == REFERENCE_ROWS else f"at {rows:,} rows; the target is for {REFERENCE_ROWS:,}"

    def imported_wide_workspace(self):
        """A workspace holding the wide table of --customers rows: (d)'s when it ran, else a new one."""
        if self.wide_workspace is None:
            csv = wide_table_csv(self.folder, self.args.customers)
            workspace = self.folder / "wide.db"
            fresh_workspace(workspace)
            seconds, peak, _ = segmenta(workspace, "import", "import", "customers", csv)
            self.wide_workspace = (workspace, seconds, peak)
        return self.wide_workspace


# ---------------------------------------------------------------------------------------------
# (a)-(c): kernels through the harness


def kernels(bench, which):
    """Runs the kernel parts in `which` (a subset of "abc")."""
    folder, repeat = bench.folder, bench.args.repeat
    results = {}
    if set("ab") & which:
        X = standardized_blobs(1_000_000, 32, 12, 7)
        X.tofile(folder / "big.f32")
        rng = np.random.default_rng(3)
        centres = X[rng.choice(len(X), 10, replace=False)]
        centres.tofile(folder / "centres.f32")

    if "a" in which:
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

    if "b" in which:
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

    if "c" in which:
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
    if "lloyd" in results:
        lloyd = results["lloyd"]
        print(f"(a) inertia: Segmenta {lloyd['segmenta_inertia']:.6e}, scikit-learn {lloyd['sklearn_inertia']:.6e}, "
              f"difference {abs(lloyd['segmenta_inertia'] / lloyd['sklearn_inertia'] - 1) * 100:.4f} %; iterations: "
              f"Segmenta {lloyd['segmenta_iterations']}, scikit-learn {lloyd['sklearn_iterations']}")
    if "auto_k" in results:
        print(f"(c) chosen k: Segmenta {results['auto_k']['segmenta_k']}, scikit-learn's best silhouette at "
              f"k = {results['auto_k']['sklearn_best_k']}")
    print("ratio = Segmenta time / scikit-learn time (lower is better)")
    bench.results.setdefault("kernels", {}).update(results)
    return results


# ---------------------------------------------------------------------------------------------
# (d): the command-line path of the README


def reference_k8(path):
    """DuckDB reads the CSV into numpy; scikit-learn prepares the 32 columns like Segmenta and fits
    k = 8. Returns (read seconds, prepare-fit-score seconds, silhouette)."""
    from scipy.stats import skew

    started = time.perf_counter()
    _, X = numeric_columns(path, ["customer_id", "city", "brand", "gender"])
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


def cli_path(bench):
    folder, customers = bench.folder, bench.args.customers
    csv = wide_table_csv(folder, customers)
    csv_mb = csv.stat().st_size / 1e6
    workspace = folder / "wide.db"
    for leftover in folder.glob("wide.db*"):
        leftover.unlink()
    run = lambda label, *args: segmenta(workspace, label, *args)
    steps = []
    steps.append(("init", *run("init", "init")))
    steps.append(("import customers", *run("import", "import", "customers", csv)))
    bench.wide_workspace = (workspace, steps[1][1], steps[1][2])
    for name, k in (("auto", "auto"), ("k8", "8")):
        steps.append((f"segment --k {k}", *run("segment", "segment", "--name", name, "--k", k, "--features", "all",
                                                "--seed", "1", "--json")))
        steps.append((f"profile {name} --format html",
                      *run("profile", "profile", name, "--format", "html", "--out", folder / f"{name}.html")))
    auto = json.loads(steps[2][3])
    k8 = json.loads(steps[4][3])
    reference_read, reference_fit, reference_silhouette = reference_k8(csv)
    database_mb = sum(p.stat().st_size for p in folder.glob("wide.db*")) / 1e6
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
    print("(the customer import against DuckDB's CSV -> table is measured by scripts/bench/foundation.sh)")
    bench.results["cli"] = dict(
        steps=[dict(command=s[0], seconds=s[1], peak_mb=s[2]) for s in steps], total_auto_s=total_auto,
        total_k8_s=total_k8, reference_read_s=reference_read, reference_fit_s=reference_fit, auto_k=auto["k"])


# ---------------------------------------------------------------------------------------------
# (e) and (i): the whole `segment --k 10` command beside scikit-learn and faiss


def wide_matrix(bench):
    """The 32 usage columns of the wide table as float32 rows (cached as .npy in the data folder)."""
    customers = bench.args.customers
    cached = bench.folder / f"wide-{customers}.f32.npy"
    names_file = bench.folder / f"wide-{customers}.columns.json"
    if cached.exists() and names_file.exists():
        return json.loads(names_file.read_text()), np.load(cached)
    seconds, (names, X) = timed(lambda: numeric_columns(wide_table_csv(bench.folder, customers),
                                                        ["customer_id", "city", "brand", "gender"]))
    X = np.ascontiguousarray(X, dtype=np.float32)
    print(f"(e) DuckDB read the {customers:,} x {X.shape[1]} columns into numpy in {seconds:.2f} s (not timed below)")
    np.save(cached, X)
    names_file.write_text(json.dumps(names))
    return names, X


def whole_command(bench):
    import faiss

    customers = bench.args.customers
    workspace, import_s, import_peak = bench.imported_wide_workspace()
    command = ["segment", "--name", "k10", "--k", "10", "--log", "off", "--winsorize", "off", "--scale", "zscore",
               "--json"]
    repeat = bench.args.repeat
    runs = [segmenta(workspace, "segment --k 10", *command) for _ in range(repeat)]
    seconds, peak, out = statistics.median(r[0] for r in runs), max(r[1] for r in runs), runs[-1][2]
    ours = json.loads(out)
    ours_labels = exported_clusters(workspace, "k10", customers, bench.folder)
    names, X = wide_matrix(bench)
    rows, d = X.shape

    # Scaling: Segmenta's stored centre and scale of each feature against StandardScaler's.
    scaler = StandardScaler()
    scale_s, Xs = median_run(repeat, lambda: timed(lambda: scaler.fit_transform(X)))
    Xs = np.ascontiguousarray(Xs, dtype=np.float32)
    by_name = {p["name"]: p for p in ours["preprocessing"]}
    missing = [n for n in names if n not in by_name]
    centre_diff = max(abs(by_name[n]["center"] - scaler.mean_[i]) / max(abs(scaler.mean_[i]), 1e-12)
                      for i, n in enumerate(names) if n in by_name)
    scale_diff = max(abs(by_name[n]["scale"] - scaler.scale_[i]) / scaler.scale_[i]
                     for i, n in enumerate(names) if n in by_name)
    transformed = [p["name"] for p in ours["preprocessing"] if p.get("log1p") or p.get("lower") or p.get("upper")]

    default_s, default_fit = median_run(repeat, lambda: timed(lambda: KMeans(n_clusters=10, random_state=0).fit(Xs)))
    ten_s, ten_fit = timed(lambda: KMeans(n_clusters=10, n_init=10, random_state=0).fit(Xs))

    def faiss_fit():
        km = faiss.Kmeans(d, 10, seed=FAISS_SEED)
        km.train(Xs)
        return km

    faiss_s, faiss_km = median_run(repeat, lambda: timed(faiss_fit))
    assign_s, (distances, _) = timed(lambda: faiss_km.index.search(Xs, 1))
    faiss_inertia = float(distances.astype(np.float64).sum())
    ours_recomputed = inertia_of_labels(Xs, ours_labels)

    sklearn_total = scale_s + default_s
    faiss_total = scale_s + faiss_s
    best_reference = min(faiss_inertia, float(ten_fit.inertia_))
    chosen = next((row for row in ours.get("k_table", []) if row.get("k") == ours["k"]), {})
    matrix_mib = rows * d * 4 / MIB
    peak_target = 2 * matrix_mib + 100

    print()
    print(f"(e) whole command, k = 10, {rows:,} x {d} (the wide table of (d), skewed, 8 planted groups), z-scores only; "
          f"times are medians of {repeat} runs (KMeans n_init=10: one run), peak the largest")
    print(f"    segmenta {' '.join(command)}")
    print(f"{'':<58}{'seconds':>10}{'inertia':>16}{'peak MiB':>10}")
    print(f"{'Segmenta: whole command (read, prepare, fit, score, store)':<58}{seconds:>10.2f}"
          f"{ours['inertia']:>16,.0f}{peak:>10.0f}")
    print(f"{'  its clusters re-scored in StandardScaler space':<58}{'':>10}{ours_recomputed:>16,.0f}")
    print(f"{'scikit-learn StandardScaler (float32 in memory)':<58}{scale_s:>10.2f}")
    print(f"{'scikit-learn KMeans(10, random_state=0): lloyd, 1 start':<58}{default_s:>10.2f}"
          f"{default_fit.inertia_:>16,.0f}")
    print(f"{'  scaler + default fit':<58}{sklearn_total:>10.2f}")
    print(f"{'scikit-learn KMeans(10, n_init=10)':<58}{ten_s:>10.2f}{ten_fit.inertia_:>16,.0f}")
    print(f"{f'faiss {faiss.__version__} Kmeans(d, 10): niter {faiss_km.cp.niter}, {faiss_km.cp.max_points_per_centroid} pts/centre':<58}"
          f"{faiss_s:>10.2f}{faiss_inertia:>16,.0f}")
    print(f"{'  scaler + faiss fit (inertia over all rows)':<58}{faiss_total:>10.2f}")
    print(f"{'  (+ assigning every row with index.search, not counted)':<58}{assign_s:>10.2f}")
    print(f"Segmenta's fit: {chosen.get('iterations', '?')} iterations, silhouette {ours.get('silhouette', float('nan')):.3f}; "
          f"scikit-learn default: {default_fit.n_iter_} iterations; n_init=10: best of 10")
    print(f"scaling: Segmenta z-scores with the population standard deviation, as StandardScaler does; over the "
          f"{len(names)} features its stored centres differ from StandardScaler's by at most {centre_diff:.1e} and its "
          f"scales by at most {scale_diff:.1e} (relative)"
          + (f"; features missing from Segmenta's model: {', '.join(missing)}" if missing else "")
          + (f"; NOTE transformed beyond z-scores: {', '.join(transformed)}" if transformed else ""))
    print(f"inertia in Segmenta's --json {ours['inertia']:,.0f}; its exported clusters scored in StandardScaler's "
          f"space {ours_recomputed:,.0f} ({(ours_recomputed / ours['inertia'] - 1) * 100:+.3f} %)")
    ratio_sklearn = seconds / sklearn_total
    ratio_faiss = seconds / faiss_total
    print(f"ratio Segmenta command / (scaler + scikit-learn default fit) = {ratio_sklearn:.2f} (target <= 0.5, next 0.25)")
    print(f"ratio Segmenta command / faiss scale-and-fit = {ratio_faiss:.2f} (target <= 1)")
    print(f"inertia Segmenta {ours['inertia']:,.0f} vs min(faiss {faiss_inertia:,.0f}, scikit-learn n_init=10 "
          f"{ten_fit.inertia_:,.0f}) = {best_reference:,.0f}: {(ours['inertia'] / best_reference - 1) * 100:+.2f} % "
          f"(target <= 0)")
    starts = chosen.get("starts") or []
    if starts:
        print(f"Segmenta's starts (inertia on its start sample): "
              + ", ".join(f"{value:,.0f}" for value in starts) + f"; kept start {chosen.get('chosen_start')}")
    stages = ours.get("stages") or []
    if stages:
        print("Segmenta's stages: " + ", ".join(f"{stage['stage']} {stage['seconds']:.3f} s" for stage in stages))
    print(f"(i) peak memory of segment: {peak:.0f} MiB; target 2 x {matrix_mib:.0f} MiB matrix + 100 MiB = "
          f"{peak_target:.0f} MiB")

    bench.results["whole_command"] = dict(
        rows=rows, segmenta_s=seconds, segmenta_peak_mib=peak, segmenta_inertia=ours["inertia"],
        segmenta_inertia_rescored=ours_recomputed, scaler_s=scale_s, sklearn_default_s=default_s,
        sklearn_default_inertia=float(default_fit.inertia_), sklearn_n_init10_s=ten_s,
        sklearn_n_init10_inertia=float(ten_fit.inertia_), faiss_fit_s=faiss_s, faiss_assign_s=assign_s, faiss_inertia=faiss_inertia,
        faiss_version=faiss.__version__, centre_diff=centre_diff, scale_diff=scale_diff,
        import_s=import_s, import_peak_mib=import_peak, peak_target_mib=peak_target)
    note = bench.size_note(rows)
    bench.target("(e) segment --k 10 / (scaler + sklearn fit)", f"{ratio_sklearn:.2f} ({seconds:.2f} s / "
                 f"{sklearn_total:.2f} s)", "<= 0.5 (next 0.25)", ratio_sklearn <= 0.5, note)
    bench.target("(e) segment --k 10 / faiss scale-and-fit", f"{ratio_faiss:.2f} ({seconds:.2f} s / {faiss_total:.2f} s)",
                 "<= 1", ratio_faiss <= 1, note)
    bench.target("(e) inertia vs min(faiss, sklearn n_init=10)",
                 f"{ours['inertia']:,.0f} vs {best_reference:,.0f}", "Segmenta <= min",
                 ours["inertia"] <= best_reference, note)
    bench.target("(i) peak memory of segment --k 10", f"{peak:.0f} MiB", f"<= {peak_target:.0f} MiB",
                 peak <= peak_target, note)
    # The features are read a few at a time while they are prepared: read_seconds is the reading.
    loads = [ours["read_seconds"]] if "read_seconds" in ours else [
        stage["seconds"] for stage in stages if "load" in stage["stage"] or "read" in stage["stage"]]
    if loads:
        load_s = sum(loads)
        bench.target("(e) 32 columns loaded into the feature matrix", f"{load_s:.3f} s", "<= 0.15 s (1M x 32)",
                     load_s <= 0.15, note)
    else:
        bench.target("(e) 32 columns loaded into the feature matrix", "no loading stage in segment --json",
                     "<= 0.15 s (1M x 32)", None, "needs a Segmenta change")


# ---------------------------------------------------------------------------------------------
# (f): automatic k on the planted table


def planted_files(folder, rows):
    csv, truth = folder / f"planted-{rows}.csv", folder / f"planted-{rows}.truth.csv"
    if not (csv.exists() and truth.exists()):
        seconds, _ = timed(lambda: generate_planted_table(csv, truth, rows))
        os.sync()
        print(f"(f) generated the planted table ({rows:,} rows) and its truth labels in {seconds:.1f} s")
    return csv, truth


def truth_labels(truth_csv, rows):
    import duckdb

    pairs = duckdb.sql(f"SELECT CAST(substr(customer_id, 2) AS BIGINT) - 1 AS r, planted_group "
                       f"FROM read_csv('{truth_csv}', header = true)").fetchnumpy()
    labels = np.full(rows, -1, dtype=np.int64)
    labels[np.asarray(pairs["r"])] = np.asarray(pairs["planted_group"])
    return labels


def sklearn_automatic_k(X, truth, starts=3):
    """log1p, StandardScaler, KMeans(k, n_init=starts) for k in 2..15, silhouette on 10,000 rows;
    returns (seconds, chosen k, ARI of the chosen fit, table of (k, silhouette, inertia))."""
    started = time.perf_counter()
    Xs = StandardScaler().fit_transform(np.log1p(X)).astype(np.float32)
    table, fits = [], {}
    for k in range(2, 16):
        fit = KMeans(n_clusters=k, n_init=starts, random_state=k).fit(Xs)
        table.append((k, silhouette_score(Xs, fit.labels_, sample_size=10_000, random_state=0), float(fit.inertia_)))
        fits[k] = fit.labels_
    best = max(table, key=lambda row: row[1])[0]
    seconds = time.perf_counter() - started
    return seconds, best, adjusted_rand_score(truth, fits[best]), table


def automatic_k(bench):
    rows = 100_000 if bench.args.quick else bench.args.customers
    csv, truth_csv = planted_files(bench.folder, rows)
    truth = truth_labels(truth_csv, rows)
    workspace = bench.folder / "planted.db"
    fresh_workspace(workspace)
    import_s, import_peak, _ = segmenta(workspace, "import", "import", "customers", csv)
    seconds, peak, out = segmenta(workspace, "segment --k auto", "segment", "--name", "auto", "--k", "auto",
                                  "--k-range", "2..15", "--json")
    ours = json.loads(out)
    ours_ari = adjusted_rand_score(truth, exported_clusters(workspace, "auto", rows, bench.folder))
    read_s, (_, X) = timed(lambda: numeric_columns(csv, ["customer_id"]))
    if bench.args.sklearn_starts > 0:
        sk_s, sk_k, sk_ari, sk_table = sklearn_automatic_k(X, truth, bench.args.sklearn_starts)
    else:  # --sklearn-starts 0: Segmenta only (scikit-learn's loop takes minutes at 1M rows)
        sk_s, sk_k, sk_ari = float("nan"), 0, float("nan")
        sk_table = [(row["k"], float("nan"), float("nan")) for row in ours.get("k_table", [])]

    planted = len(SHARES)
    print()
    print(f"(f) automatic k, planted table {rows:,} x 32: {planted} lognormal groups of "
          f"{', '.join(f'{s * 100:g}' for s in SHARES)} %")
    print(f"{'':<56}{'seconds':>10}{'peak MiB':>10}{'k':>5}{'ARI':>8}")
    print(f"{'Segmenta import customers':<56}{import_s:>10.2f}{import_peak:>10.0f}")
    print(f"{'Segmenta segment --k auto --k-range 2..15 (defaults)':<56}{seconds:>10.2f}{peak:>10.0f}"
          f"{ours['k']:>5}{ours_ari:>8.3f}")
    print(f"{'DuckDB reads the CSV into numpy':<56}{read_s:>10.2f}")
    print(f"{f'scikit-learn log1p + scaler + KMeans(n_init={bench.args.sklearn_starts}) k 2..15':<56}{sk_s:>10.2f}{'':>10}{sk_k:>5}{sk_ari:>8.3f}")
    print(f"Segmenta's rule: {ours.get('k_rule', '?')}")
    ours_table = {row["k"]: row for row in ours.get("k_table", [])}
    print(f"{'k':>4}{'Segmenta silhouette':>21}{'Segmenta inertia':>18}{'sklearn silhouette':>20}{'sklearn inertia':>18}")
    for k, silhouette, inertia in sk_table:
        row = ours_table.get(k, {})
        mark = ("<" if k == ours["k"] else " ") + ("S" if k == sk_k else " ")
        print(f"{k:>4}{row.get('silhouette', float('nan')):>21.4f}{row.get('inertia', float('nan')):>18,.0f}"
              f"{silhouette:>20.4f}{inertia:>18,.0f}  {mark}")
    print("(< Segmenta's choice, S scikit-learn's; each inertia in its own tool's prepared space: Segmenta also "
          "winsorises at p1/p99 and takes log1p only of skewed columns)")
    bench.results["auto_k"] = dict(rows=rows, import_s=import_s, segmenta_s=seconds, segmenta_peak_mib=peak,
                                   segmenta_k=ours["k"], segmenta_ari=ours_ari, sklearn_s=sk_s, sklearn_k=sk_k,
                                   sklearn_ari=sk_ari, duckdb_read_s=read_s)
    note = bench.size_note(rows)
    bench.target("(f) segment --k auto --k-range 2..15 wall", f"{seconds:.2f} s", "<= 15 s", seconds <= 15, note)
    bench.target("(f) chosen k on the planted table", f"{ours['k']} (scikit-learn {sk_k})", f"= {planted}",
                 ours["k"] == planted, note)
    bench.target("(f) ARI against the planted groups", f"{ours_ari:.3f} (scikit-learn {sk_ari:.3f})",
                 ">= 0.95 (item 4's bar)", ours_ari >= 0.95, note)


# ---------------------------------------------------------------------------------------------
# (g), (h): initialisation and the Lloyd pass against their targets


def initialisation(bench):
    init = bench.results["kernels"]["kmeans++"]
    ratio = init["segmenta_s"] / init["sklearn_s"]
    print()
    print(f"(g) initialisation, k-means++ on 1M x 32, k = 10: Segmenta {init['segmenta_s']:.3f} s, scikit-learn "
          f"kmeans_plusplus {init['sklearn_s']:.3f} s, ratio {ratio:.2f} (target <= 0.25)")
    bench.target("(g) initialisation / sklearn kmeans_plusplus", f"{ratio:.2f} ({init['segmenta_s']:.3f} s / "
                 f"{init['sklearn_s']:.3f} s)", "<= 0.25", ratio <= 0.25)


def memory_bandwidth(repeat=5):
    """Read bandwidth in bytes/s: numpy sums over a 1 GiB float32 array, best of `repeat`, on one
    thread and split over every core (numpy releases the GIL while summing); the larger of the two."""
    array = np.ones(2 ** 28, dtype=np.float32)
    parts = np.array_split(array, os.cpu_count() or 1)
    best = {}
    with ThreadPoolExecutor(len(parts)) as pool:
        for label, body in (("one thread", lambda: array.sum()),
                            (f"{len(parts)} threads", lambda: list(pool.map(np.sum, parts)))):
            best[label] = array.nbytes / min(timed(body)[0] for _ in range(repeat))
    return max(best.values()), best


def lloyd_floor(bench):
    lloyd = bench.results["kernels"]["lloyd"]
    bandwidth, by_threads = memory_bandwidth()
    pass_bytes = 1_000_000 * 32 * 4
    floor = pass_bytes / bandwidth
    per_iteration = lloyd["segmenta_s"] / lloyd["segmenta_iterations"]
    ratio = per_iteration / floor
    print()
    print("(h) memory bandwidth (numpy sum over 1 GiB float32, best of 5): "
          + ", ".join(f"{label} {value / 1e9:.1f} GB/s" for label, value in by_threads.items()))
    print(f"    floor of one Lloyd pass over 1M x 32 float32 ({pass_bytes / 1e6:.0f} MB read) = "
          f"{floor * 1e3:.2f} ms at {bandwidth / 1e9:.1f} GB/s")
    print(f"    Segmenta (a): {lloyd['segmenta_s']:.3f} s / {lloyd['segmenta_iterations']} iterations = "
          f"{per_iteration * 1e3:.2f} ms per iteration, {ratio:.2f} x the floor (target <= 2); scikit-learn "
          f"{lloyd['sklearn_s'] / lloyd['sklearn_iterations'] * 1e3:.2f} ms per iteration")
    bench.results["bandwidth"] = dict(bytes_per_s=bandwidth, floor_s=floor, segmenta_iteration_s=per_iteration)
    bench.target("(h) Lloyd iteration / bandwidth floor", f"{ratio:.2f} ({per_iteration * 1e3:.2f} ms / "
                 f"{floor * 1e3:.2f} ms)", "<= 2", ratio <= 2)


# ---------------------------------------------------------------------------------------------
# (j): 10 million customers


def available_memory_mib():
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def big_table(bench):
    rows = bench.args.big_customers
    folder = bench.folder
    csv = folder / f"wide-{rows}.csv"
    # About 230 bytes per row of CSV and 400 of workspace (README: 395 MB for 1M customers), with
    # room for the write-ahead log.
    needed = (0 if csv.exists() else rows * 230) + rows * 400 * 1.5 + 2e9
    free = shutil.disk_usage(folder).free
    print()
    print(f"(j) {rows:,} x 32: {free / 1e9:.0f} GB free on {folder} (about {needed / 1e9:.0f} GB needed), "
          f"{available_memory_mib() / 1024:.1f} GiB memory available")
    if free < needed:
        print(f"(j) skipped: not enough free disk ({free / 1e9:.1f} GB free, about {needed / 1e9:.1f} GB needed)")
        bench.target("(j) big table: import + segment --k 10", f"skipped: disk short ({rows:,} rows)", "completes", None)
        return
    generate_s, _ = timed(lambda: wide_table_csv(folder, rows))
    workspace = folder / "big.db"
    steps = []
    try:
        fresh_workspace(workspace)
        steps.append(("import customers", *segmenta(workspace, "import", "import", "customers", csv)))
        steps.append(("segment --k 10", *segmenta(workspace, "segment --k 10", "segment", "--name", "big", "--k", "10",
                                                  "--json")))
    except SystemExit as failure:
        print(f"(j) failed: {failure}")
    print(f"(j) CSV {csv.stat().st_size / 1e9:.2f} GB (generated or found in {generate_s:.0f} s); workspace "
          f"{sum(p.stat().st_size for p in folder.glob('big.db*')) / 1e9:.2f} GB")
    print(f"{'command':<36}{'seconds':>10}{'peak MiB':>10}")
    for label, seconds, peak, _ in steps:
        print(f"{label:<36}{seconds:>10.2f}{peak:>10.0f}")
    completed = len(steps) == 2
    if completed:
        ours = json.loads(steps[1][3])
        chosen = next((row for row in ours.get("k_table", []) if row.get("k") == ours["k"]), {})
        sampled = ("fitted on a sample (above segment's --sample-limit, default 2,000,000), then every customer "
                   "assigned" if rows > 2_000_000 else "every customer fitted (below the default sample limit of "
                   "2,000,000)")
        print(f"(j) segment: k = {ours['k']}, inertia {ours['inertia']:,.0f}, silhouette {ours['silhouette']:.3f}, "
              f"{chosen.get('iterations', '?')} iterations; {sampled}")
    bench.results["big"] = dict(rows=rows, steps=[dict(command=s[0], seconds=s[1], peak_mib=s[2]) for s in steps])
    measured = f"{rows:,}: " + (", ".join(f"{s[0].split()[0]} {s[1]:.1f} s {s[2]:.0f} MiB" for s in steps) or "failed")
    bench.target("(j) big table: import + segment --k 10", measured, "completes", completed)
    for leftover in folder.glob("big.db*"):
        leftover.unlink()
    if bench.args.data is None:  # a temporary folder: do not leave gigabytes behind
        csv.unlink()


# ---------------------------------------------------------------------------------------------


# Issue 12's targets by the part that measures them, for the summary's "not run" rows.
TARGETS = (("e", "(e) segment --k 10 / (scaler + sklearn fit)", "<= 0.5 (next 0.25)"),
           ("e", "(e) segment --k 10 / faiss scale-and-fit", "<= 1"),
           ("e", "(e) inertia vs min(faiss, sklearn n_init=10)", "Segmenta <= min"),
           ("f", "(f) segment --k auto --k-range 2..15 wall", "<= 15 s"),
           ("f", "(f) chosen k on the planted table", "= 10"),
           ("f", "(f) ARI against the planted groups", ">= 0.95 (item 4's bar)"),
           ("g", "(g) initialisation / sklearn kmeans_plusplus", "<= 0.25"),
           ("h", "(h) Lloyd iteration / bandwidth floor", "<= 2"),
           ("i", "(i) peak memory of segment --k 10", "<= 2 x matrix + 100 MiB"),
           ("j", "(j) big table: import + segment --k 10", "completes"))


def print_summary(bench):
    for part, item, target in TARGETS:
        if not any(row["item"] == item for row in bench.summary):
            bench.target(item, f"not run (part {part})", target, None)
    bench.summary.sort(key=lambda row: row["item"][:3])
    print()
    print("Summary: issue 12's targets (item 5, with item 3's faiss and inertia targets)")
    widths = (47, max(len(row["measured"]) for row in bench.summary) + 2, 24, 9)
    print(f"{'target':<{widths[0]}}{'measured':<{widths[1]}}{'target':<{widths[2]}}{'status':<{widths[3]}}")
    for row in bench.summary:
        print(f"{row['item']:<{widths[0]}}{row['measured']:<{widths[1]}}{row['target']:<{widths[2]}}"
              f"{row['status']:<{widths[3]}}{row['note']}")
    print("customer import <= 1 x DuckDB's CSV -> table (item 2): measured by scripts/bench/foundation.sh")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="abcdefghij", help="which parts to run (letters a-j; (j) also needs --big)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement in (a)-(c) and (e); the median is shown")
    parser.add_argument("--customers", type=int, default=1_000_000, help="customers in (d), (e), (f) and (i)")
    parser.add_argument("--quick", action="store_true", help="(f) on 100,000 planted rows instead of --customers")
    parser.add_argument("--sklearn-starts", type=int, default=3, help="KMeans n_init in (f)'s scikit-learn loop "
                                                                        "(0 leaves the loop out)")
    parser.add_argument("--big", action="store_true", help="run (j): needs time, memory and about 10 GB of disk")
    parser.add_argument("--big-customers", type=int, default=10_000_000, help="customers in (j)")
    parser.add_argument("--data", default=None, help="folder for the generated data, kept and reused "
                                                     "(default: a temporary one)")
    args = parser.parse_args()
    folder = pathlib.Path(args.data or tempfile.mkdtemp(prefix="segmenta-seg-bench-")).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    parts = set(args.parts)
    bench = Bench(args, folder)

    import duckdb
    versions = f"scikit-learn {sklearn.__version__}, DuckDB {duckdb.__version__}"
    if parts & set("ei"):
        import faiss
        versions += f", faiss {faiss.__version__} ({faiss.omp_get_max_threads()} threads)"
    print(f"Segmenta segmentation benchmark: {os.cpu_count()} cores, {versions}, data in {folder}")

    kernel_parts = (parts & set("abc")) | ({"b"} if "g" in parts else set()) | ({"a"} if "h" in parts else set())
    if kernel_parts:
        kernels(bench, kernel_parts)
    if "d" in parts:
        cli_path(bench)
    if parts & set("ei"):
        whole_command(bench)
    if "f" in parts:
        automatic_k(bench)
    if "g" in parts:
        initialisation(bench)
    if "h" in parts:
        lloyd_floor(bench)
    if "j" in parts:
        if args.big:
            big_table(bench)
        else:
            print()
            print("(j) skipped: pass --big to import and segment 10,000,000 customers (about 10 GB of disk)")
    print_summary(bench)
    (folder / "results.json").write_text(json.dumps(dict(results=bench.results, summary=bench.summary), indent=1))


if __name__ == "__main__":
    main()
