#!/usr/bin/env python3
"""Stability and comparison benchmark: `segmenta segments stability` and `segmenta segments compare`
beside the same work done with scikit-learn, scipy and pandas, on the same data, in one run.

Data: --customers rows (default 200,000) x 16 columns of 8 planted groups, as scripts/bench/som.py
generates them (shares 22 ... 6 %, every column standard normal noise around a base level, group j
higher by 2.5 on its columns 2j and 2j + 1), written as a customer CSV that `segmenta import
customers` stores in a fresh workspace (timed apart). `--log off --winsorize off` make Segmenta's
preprocessing exactly StandardScaler, so both sides cluster the same matrix.

Stability. Segmenta: `segment --name km --k 8 --log off --winsorize off` (timed apart), then the whole
command `segments stability km --bootstrap B --seeds S --json` (read the features, prepare them, B
k-means fits of a bootstrap resample with 10 starts each, Hennig's cluster-wise Jaccard, S fits of all
rows with other seeds and their adjusted Rand index, store). Reference: pandas reads the CSV,
StandardScaler, KMeans(8, n_init=10, random_state=0) fits all rows (timed apart: the reference
partition), then the same loop: B resamples with replacement, KMeans(8, n_init=10) on each, the mean
over resamples of each segment's best Jaccard against the resample's clusters (positions counted with
their repeats, as fpc's clusterboot does), and S KMeans fits with other seeds scored by
adjusted_rand_score. The ratio compares the stability command with the loop (read, scale, fits,
Jaccard, ARI).

Comparison. Segmenta: `segment --name km6 --k 6 ...` (timed apart), then the whole command `segments
compare km km6 --json`. Reference: the two segmentations' customer files (written by `segmenta export`,
not timed), pandas read_csv of both, merge on customer_id, crosstab, adjusted_rand_score and scipy's
linear_sum_assignment maximising the customers kept together, with each matched pair's Jaccard. The
adjusted Rand index and the matched share must agree to 1e-12.

Run through scripts/bench/stability.sh; --data FOLDER keeps the generated CSV between runs.
"""
import argparse
import json
import pathlib
import shutil
import tempfile
import time

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import StandardScaler

from measure import run_measured
from som import planted_values, write_csv

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEGMENTA = ROOT / ".build" / "release" / "segmenta"
K = 8


def segmenta(workspace, label, *args):
    return run_measured([str(SEGMENTA), *map(str, args), "--workspace", str(workspace)], label=label)


def best_jaccard(reference, segments, positions, labels):
    """Each reference segment's best Jaccard with a new cluster over the resampled positions (repeats
    counted); NaN for a segment without a member among them."""
    old = reference[positions]
    new_count = labels.max() + 1
    both = np.zeros((segments, new_count), dtype=np.int64)
    np.add.at(both, (old, labels), 1)
    old_size = both.sum(1)
    new_size = both.sum(0)
    union = old_size[:, None] + new_size[None, :] - both
    with np.errstate(invalid="ignore", divide="ignore"):
        best = np.where(union > 0, both / np.maximum(union, 1), 0.0).max(1)
    return np.where(old_size > 0, best, np.nan)


def reference_stability(csv, resamples, seeds, seed):
    timings = {}
    started = time.perf_counter()
    frame = pd.read_csv(csv)
    X = StandardScaler().fit_transform(frame.drop(columns="customer_id").to_numpy(dtype=np.float64))
    timings["read + StandardScaler"] = time.perf_counter() - started
    step = time.perf_counter()
    reference = KMeans(K, n_init=10, random_state=0).fit_predict(X)
    partition_seconds = time.perf_counter() - step
    loop_started = time.perf_counter()
    rng = np.random.default_rng(seed)
    per_resample = []
    for b in range(resamples):
        positions = rng.integers(0, len(X), len(X))
        labels = KMeans(K, n_init=10, random_state=1000 + b).fit_predict(X[positions])
        per_resample.append(best_jaccard(reference, K, positions, labels))
    timings[f"{resamples} resample fits + Jaccard"] = time.perf_counter() - loop_started
    step = time.perf_counter()
    agreement = [adjusted_rand_score(reference, KMeans(K, n_init=10, random_state=2000 + s).fit_predict(X))
                 for s in range(seeds)]
    timings[f"{seeds} seed fits + ARI"] = time.perf_counter() - step
    jaccard = np.nanmean(np.array(per_resample), axis=0)
    seconds = timings["read + StandardScaler"] + time.perf_counter() - loop_started
    return seconds, partition_seconds, timings, jaccard, agreement


def reference_compare(first_csv, second_csv):
    started = time.perf_counter()
    a = pd.read_csv(first_csv, usecols=["customer_id", "segment_id"])
    b = pd.read_csv(second_csv, usecols=["customer_id", "segment_id"])
    both = a.merge(b, on="customer_id", suffixes=("_a", "_b"))
    table = pd.crosstab(both["segment_id_a"], both["segment_id_b"])
    ari = adjusted_rand_score(both["segment_id_a"], both["segment_id_b"])
    counts = table.to_numpy()
    rows, columns = linear_sum_assignment(counts, maximize=True)
    kept = counts[rows, columns]
    union = counts.sum(1)[rows] + counts.sum(0)[columns] - kept
    jaccard = kept / union
    matched_share = kept.sum() / counts.sum()
    return time.perf_counter() - started, ari, matched_share, jaccard, counts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--bootstrap", type=int, default=20)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--data", type=pathlib.Path, default=None, help="keep the generated CSV here")
    args = parser.parse_args()

    folder = args.data or pathlib.Path(tempfile.mkdtemp(prefix="segmenta-stability-"))
    folder.mkdir(parents=True, exist_ok=True)
    csv = folder / f"som-{args.customers}.csv"
    if not csv.exists():
        values, _ = planted_values(args.customers)
        write_csv(csv, values)
    workspace = folder / "stability.db"
    for leftover in list(folder.glob("stability.db*")) + list(folder.glob("export-*.csv")):
        leftover.unlink()
    segmenta(workspace, "init", "init")
    import_seconds, _, _ = segmenta(workspace, "import", "import", "customers", csv)
    plain = ("--log", "off", "--winsorize", "off", "--json")
    fit_seconds, _, _ = segmenta(workspace, "segment", "segment", "--name", "km", "--k", K, *plain)
    fit6_seconds, _, _ = segmenta(workspace, "segment", "segment", "--name", "km6", "--k", 6, *plain)

    seconds, peak, out = segmenta(
        workspace, "stability", "segments", "stability", "km", "--bootstrap", args.bootstrap, "--seeds", args.seeds,
        "--json")
    ours = json.loads(out)
    reference_seconds, partition_seconds, timings, jaccard, agreement = reference_stability(
        csv, args.bootstrap, args.seeds, 7)

    print(f"Stability, {args.customers:,} customers x 16 columns, k = {K}, {args.bootstrap} bootstrap resamples, "
          f"{args.seeds} other seeds, 10 starts per fit")
    print(f"  import customers (not compared): {import_seconds:.2f} s; `segment --k {K}` (not compared): "
          f"{fit_seconds:.2f} s; scikit-learn's reference partition (not compared): {partition_seconds:.2f} s")
    print(f"  Segmenta `segments stability km --bootstrap {args.bootstrap} --seeds {args.seeds}`: {seconds:.2f} s, "
          f"peak {peak:.0f} MB")
    print("    Jaccard by segment: " + ", ".join(f"{s['jaccard']:.3f}" for s in ours["segments"])
          + f"; seeds agree ARI {ours['mean_seed_agreement']:.3f}")
    print(f"  scikit-learn 1.9 KMeans(n_init=10) loop with numpy Jaccard and adjusted_rand_score: "
          f"{reference_seconds:.2f} s")
    print("    " + ", ".join(f"{name} {value:.2f}" for name, value in timings.items()))
    print("    Jaccard by segment (largest first): "
          + ", ".join(f"{v:.3f}" for v in sorted(jaccard, reverse=True)) + f"; seeds agree ARI "
          f"{np.mean(agreement):.3f}")
    print(f"  time ratio Segmenta / scikit-learn: {seconds / reference_seconds:.3f}")

    first_csv, second_csv = folder / "export-km.csv", folder / "export-km6.csv"
    segmenta(workspace, "export", "export", "km", "--out", first_csv)
    segmenta(workspace, "export", "export", "km6", "--out", second_csv)
    compare_seconds, compare_peak, out = segmenta(workspace, "compare", "segments", "compare", "km", "km6", "--json")
    compared = json.loads(out)
    reference_seconds, ari, matched_share, _, counts = reference_compare(first_csv, second_csv)
    equal = (abs(compared["adjusted_rand_index"] - ari) <= 1e-12
             and abs(compared["matched_share"] - matched_share) <= 1e-12
             and sorted(map(sorted, compared["table"])) == sorted(map(sorted, counts.tolist())))
    print(f"Comparison, km (k = {K}) against km6 (k = 6; `segment --k 6` {fit6_seconds:.2f} s, not compared)")
    print(f"  Segmenta `segments compare km km6`: {compare_seconds:.3f} s, peak {compare_peak:.0f} MB; "
          f"ARI {compared['adjusted_rand_index']:.6f}, matched share {compared['matched_share']:.6f}")
    print(f"  pandas read_csv x2 + merge + crosstab, adjusted_rand_score, linear_sum_assignment: "
          f"{reference_seconds:.3f} s; ARI {ari:.6f}, matched share {matched_share:.6f}")
    print(f"  time ratio Segmenta / reference: {compare_seconds / reference_seconds:.3f}; "
          f"cross-table, ARI and matched share equal: {'yes' if equal else 'NO'}")
    if args.data is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
