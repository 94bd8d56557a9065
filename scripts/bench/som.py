#!/usr/bin/env python3
"""Self-organising map benchmark: `segmenta segment --method som` beside MiniSom 2.3.6, same data, one run.

Data: --customers rows (default 200,000) x 16 columns of 8 planted groups (shares 22, 18, 15, 12, 10,
9, 8 and 6 %): every column has a base level and standard normal noise, and group j is higher by 2.5
on its own columns 2j and 2j + 1. Values are rounded to 3 decimals and written as a customer CSV
(customer_id, v00..v15), which `segmenta import customers` stores in a fresh workspace (timed apart).

Segmenta: the whole command `segmenta segment --name som --method som --grid 10x10 --groups 8
--log off --winsorize off --json` (read the columns, z-scores, the map, Ward merging, silhouette,
Calinski-Harabasz, Davies-Bouldin, names, storing), wall time and peak memory of the process; its
quantisation and topographic errors from --json, and the same errors recomputed here from the
stored map (`segmenta profile som --format json`, the units' weights in the prepared space) on
StandardScaler's z-scores of the same values. `--log off --winsorize off` make the command's
preprocessing exactly StandardScaler (population standard deviation), so both sides map the same
matrix.

MiniSom: StandardScaler().fit_transform on the same values, MiniSom(10, 10, 16, sigma=1.5,
learning_rate=0.5, neighborhood_function="gaussian", random_seed=0), pca_weights_init, then
train(data, N, random_order=True) with N = --minisom-iterations (default: one update per row, the
rows in random order), as MiniSom's BasicUsage example trains; then quantization_error,
topographic_error and every row's winner (`winner` per row, as its Clustering example labels the
rows). Each step is timed; the total is what the ratio uses.

Prints both times, both errors, the ratio (target <= 0.1 x MiniSom's time) and whether Segmenta's
quantisation error is no worse than MiniSom's. Run through scripts/bench/som.sh; --data FOLDER keeps
the generated CSV between runs.
"""
import argparse
import json
import pathlib
import shutil
import tempfile
import time

import numpy as np

from measure import run_measured

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEGMENTA = ROOT / ".build" / "release" / "segmenta"
SHARES = (0.22, 0.18, 0.15, 0.12, 0.10, 0.09, 0.08, 0.06)
COLUMNS = 16
SHIFT = 2.5
SEED = 20261201


def planted_values(rows):
    """(values rows x 16 rounded to 3 decimals, planted group of each row)."""
    rng = np.random.default_rng(SEED)
    means = np.tile(rng.uniform(0.0, 2.0, COLUMNS), (len(SHARES), 1))
    for j in range(len(SHARES)):
        means[j, 2 * j:2 * j + 2] += SHIFT
    truth = rng.choice(len(SHARES), rows, p=SHARES)
    values = np.round(means[truth] + rng.standard_normal((rows, COLUMNS)), 3)
    return values, truth


def write_csv(path, values):
    names = ",".join(f"v{c:02d}" for c in range(COLUMNS))
    with open(path, "w") as out:
        out.write(f"customer_id,{names}\n")
        for start in range(0, len(values), 65536):
            block = values[start:start + 65536]
            out.write("".join(
                f"S{start + i + 1:08d}," + ",".join(f"{v:.3f}" for v in row) + "\n" for i, row in enumerate(block)))


def segmenta(workspace, label, *args):
    return run_measured([str(SEGMENTA), *map(str, args), "--workspace", str(workspace)], label=label)


def standard_scaled(values):
    """StandardScaler().fit_transform (population standard deviation)."""
    return (values - values.mean(axis=0)) / values.std(axis=0)


def map_errors(X, weights, columns):
    """(quantisation error, topographic error) of `weights` (units x features, grid row-major) on X,
    by MiniSom's definitions."""
    squared = (X * X).sum(1)[:, None] - 2 * X @ weights.T + (weights * weights).sum(1)[None, :]
    best_two = np.argsort(squared, axis=1)[:, :2]
    quantization = np.linalg.norm(X - weights[best_two[:, 0]], axis=1).mean()
    rows_a, columns_a = np.divmod(best_two[:, 0], columns)
    rows_b, columns_b = np.divmod(best_two[:, 1], columns)
    topographic = (np.hypot(rows_a - rows_b, columns_a - columns_b) > 1.42).mean()
    return float(quantization), float(topographic)


def main():
    from minisom import MiniSom

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--grid", default="10x10")
    parser.add_argument("--groups", type=int, default=8)
    parser.add_argument("--minisom-iterations", type=int, default=None,
                        help="MiniSom's train(data, N, random_order=True) iterations (default: --customers)")
    parser.add_argument("--data", type=pathlib.Path, default=None, help="keep the generated CSV here")
    args = parser.parse_args()
    grid_rows, grid_columns = map(int, args.grid.lower().split("x"))
    iterations = args.minisom_iterations or args.customers

    folder = args.data or pathlib.Path(tempfile.mkdtemp(prefix="segmenta-som-"))
    folder.mkdir(parents=True, exist_ok=True)
    values, truth = planted_values(args.customers)
    csv = folder / f"som-{args.customers}.csv"
    if not csv.exists():
        write_csv(csv, values)
    workspace = folder / "som.db"
    for leftover in folder.glob("som.db*"):
        leftover.unlink()
    segmenta(workspace, "init", "init")
    import_seconds, _, _ = segmenta(workspace, "import", "import", "customers", csv)

    seconds, peak, out = segmenta(
        workspace, "segment", "segment", "--name", "som", "--method", "som", "--grid", args.grid, "--groups",
        args.groups, "--log", "off", "--winsorize", "off", "--json")
    ours = json.loads(out)
    _, _, report = segmenta(workspace, "profile", "profile", "som", "--format", "json")
    components = json.loads(report)["map"]["components"]
    weights = np.column_stack([np.asarray(c["prepared"], dtype=np.float64) for c in components])

    X = standard_scaled(values)
    recomputed = map_errors(X, weights, grid_columns)

    timings = {}
    started = time.perf_counter()
    scaled = standard_scaled(values)
    timings["StandardScaler"] = time.perf_counter() - started
    step = time.perf_counter()
    som = MiniSom(grid_rows, grid_columns, COLUMNS, sigma=1.5, learning_rate=0.5,
                  neighborhood_function="gaussian", random_seed=0)
    som.pca_weights_init(scaled)
    timings["pca_weights_init"] = time.perf_counter() - step
    step = time.perf_counter()
    som.train(scaled, iterations, random_order=True)
    timings[f"train({iterations:,} iterations)"] = time.perf_counter() - step
    step = time.perf_counter()
    minisom_quantization = float(som.quantization_error(scaled))
    timings["quantization_error"] = time.perf_counter() - step
    step = time.perf_counter()
    minisom_topographic = float(som.topographic_error(scaled))
    timings["topographic_error"] = time.perf_counter() - step
    step = time.perf_counter()
    winners = np.array([som.winner(x) for x in scaled])
    np.ravel_multi_index(winners.T, (grid_rows, grid_columns))
    timings["winner per row"] = time.perf_counter() - step
    minisom_seconds = time.perf_counter() - started

    ratio = seconds / minisom_seconds
    print(f"Self-organising map, {args.customers:,} customers x {COLUMNS} columns, {args.grid} grid, "
          f"{len(SHARES)} planted groups")
    print(f"  import customers (not compared): {import_seconds:.2f} s")
    print(f"  Segmenta `segment --method som --grid {args.grid} --groups {args.groups} --log off --winsorize off`: "
          f"{seconds:.2f} s, peak {peak:.0f} MB")
    print(f"    quantisation error {ours['quantization_error']:.4f}, topographic error {ours['topographic_error']:.4f}"
          f" (recomputed from the stored map on StandardScaler's z-scores: {recomputed[0]:.4f}, {recomputed[1]:.4f})")
    stages = ", ".join(f"{s['stage']} {s['seconds']:.2f}" for s in ours.get("stages", []))
    print(f"    stages (s): {stages}")
    print(f"  MiniSom 2.3.6 (sigma 1.5, learning rate 0.5, PCA init, train random order): {minisom_seconds:.2f} s")
    print("    " + ", ".join(f"{name} {value:.2f}" for name, value in timings.items()))
    print(f"    quantisation error {minisom_quantization:.4f}, topographic error {minisom_topographic:.4f}")
    met_time = ratio <= 0.1
    met_error = ours["quantization_error"] <= minisom_quantization
    print(f"  time ratio Segmenta / MiniSom: {ratio:.3f} (target <= 0.1: {'met' if met_time else 'NOT met'})")
    print(f"  quantisation error Segmenta <= MiniSom: {'met' if met_error else 'NOT met'} "
          f"({ours['quantization_error']:.4f} vs {minisom_quantization:.4f})")
    if args.data is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
