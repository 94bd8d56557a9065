#!/usr/bin/env python3
"""Segmentation benchmark: Segmenta's k-means kernels beside scikit-learn, same data, same run.

  (a) 20 Lloyd iterations, k = 10, on 1,000,000 x 32 standardized float32 rows from the same
      initial centres (scikit-learn: KMeans(init=centres, n_init=1, max_iter=20, tol=0));
  (b) k-means++ initialisation, k = 10, on the same rows (scikit-learn: kmeans_plusplus);
  (c) automatic k over 2..15 on 100,000 rows: for each k a k-means fit (3 starts), the silhouette
      on a 10,000-row sample, Calinski-Harabasz and Davies-Bouldin on all rows, which is what
      `segmenta segment --k auto` computes; scikit-learn runs the same loop.

Both sides use every core of the machine (scikit-learn through its OpenMP/BLAS threads). Segmenta
runs through the Benchmarks/ harness built in release mode. Prints seconds, the ratio and the
inertias. Run through scripts/bench/segmentation.sh.
"""
import json
import os
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

ROOT = pathlib.Path(__file__).resolve().parents[2]
HARNESS = ROOT / "Benchmarks" / ".build" / "release" / "SegmentaBench"


def harness(*args):
    out = subprocess.run([str(HARNESS), *map(str, args)], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def standardized_blobs(rows, columns, centres, seed):
    X, _ = make_blobs(n_samples=rows, n_features=columns, centers=centres, cluster_std=2.5, random_state=seed)
    return StandardScaler().fit_transform(X).astype(np.float32)


def main():
    folder = pathlib.Path(tempfile.mkdtemp(prefix="segmenta-seg-bench-"))
    print(f"Segmenta segmentation benchmark: {os.cpu_count()} cores, scikit-learn {sklearn.__version__}, data in {folder}")
    X = standardized_blobs(1_000_000, 32, 12, 7)
    X.tofile(folder / "big.f32")
    rng = np.random.default_rng(3)
    centres = X[rng.choice(len(X), 10, replace=False)]
    centres.tofile(folder / "centres.f32")
    results = {}

    # (a) Lloyd.
    t = time.perf_counter()
    km = KMeans(n_clusters=10, init=centres, n_init=1, max_iter=20, tol=0, algorithm="lloyd").fit(X)
    sk = time.perf_counter() - t
    ours = harness("lloyd", folder / "big.f32", len(X), 32, folder / "centres.f32", 10, 20)
    results["lloyd"] = dict(sklearn_s=sk, segmenta_s=ours["seconds"], sklearn_inertia=float(km.inertia_),
                            segmenta_inertia=ours["inertia"], sklearn_iterations=int(km.n_iter_),
                            segmenta_iterations=ours["iterations"])

    # (b) k-means++.
    t = time.perf_counter()
    init, _ = kmeans_plusplus(X, n_clusters=10, random_state=0)
    sk = time.perf_counter() - t
    ours = harness("init", folder / "big.f32", len(X), 32, 10, 0)
    results["kmeans++"] = dict(sklearn_s=sk, segmenta_s=ours["seconds"], segmenta_inertia=ours["inertia"])

    # (c) Automatic k with quality measures.
    Y = standardized_blobs(100_000, 32, 8, 11)
    Y.tofile(folder / "small.f32")
    t = time.perf_counter()
    table = []
    for k in range(2, 16):
        fit = KMeans(n_clusters=k, n_init=3, random_state=k).fit(Y)
        table.append((k, silhouette_score(Y, fit.labels_, sample_size=10_000, random_state=0),
                      calinski_harabasz_score(Y, fit.labels_), davies_bouldin_score(Y, fit.labels_)))
    sk = time.perf_counter() - t
    ours = harness("autok", folder / "small.f32", len(Y), 32, 2, 15, 3, 42)
    best_sk = max(table, key=lambda row: row[1])[0]
    results["auto_k"] = dict(sklearn_s=sk, segmenta_s=ours["seconds"], sklearn_best_k=best_sk, segmenta_k=ours["k"])

    print()
    print(f"{'step':<44}{'Segmenta s':>12}{'sklearn s':>12}{'ratio':>8}")
    names = {"lloyd": "(a) 20 Lloyd iterations, 1M x 32, k=10", "kmeans++": "(b) k-means++, 1M x 32, k=10",
             "auto_k": "(c) auto k 2..15, 100k x 32, with quality"}
    for key, r in results.items():
        print(f"{names[key]:<44}{r['segmenta_s']:>12.3f}{r['sklearn_s']:>12.3f}{r['segmenta_s'] / r['sklearn_s']:>8.3f}")
    lloyd = results["lloyd"]
    print(f"(a) inertia: Segmenta {lloyd['segmenta_inertia']:.6e}, scikit-learn {lloyd['sklearn_inertia']:.6e}, "
          f"difference {abs(lloyd['segmenta_inertia'] / lloyd['sklearn_inertia'] - 1) * 100:.4f} %")
    print(f"(c) chosen k: Segmenta {results['auto_k']['segmenta_k']}, scikit-learn's best silhouette at k = {best_sk}")
    print("ratio = Segmenta time / scikit-learn time (lower is better)")
    (folder / "results.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
