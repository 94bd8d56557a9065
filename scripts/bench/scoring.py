#!/usr/bin/env python3
"""Scoring benchmark: a stored segmentation scoring a wide-table file, Segmenta beside DuckDB.

Generates (widetable.py, with DuckDB) a warehouse wide table of --customers rows (32 skewed usage
columns with 8 planted groups, plus city, brand and gender), imports it and fits `segment --k 8`
on every numeric column. Then, in the same run on the same CSV file, each in its own process:

  1. `segmenta assign NAME --input wide.csv --out scores.csv`: read, preprocess (imputation,
     winsorising bounds, log1p, scaling, weights), nearest centre, names, written as CSV;
  2. DuckDB running the query `segmenta compile model NAME --target duckdb` writes for the same
     model, over read_csv of the same file, into a CSV file (COPY … TO);

and checks that both give every customer the same segment. Prints wall time, peak memory and the
ratio (Segmenta / DuckDB; lower is better). Options: --customers N (default 1,000,000), --data DIR
(keep the generated data there), --repeat N (median of N runs of each step, default 3).
"""
import argparse
import csv
import json
import os
import pathlib
import shutil
import statistics
import sys
import subprocess
import tempfile

from measure import run_measured
from widetable import generate_wide_table

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEGMENTA = ROOT / ".build" / "release" / "segmenta"


def segments(path, id_column, segment_column):
    with open(path, newline="", encoding="utf-8") as file:
        return {row[id_column]: row[segment_column] for row in csv.DictReader(file)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--data", default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import duckdb

    folder = pathlib.Path(args.data or tempfile.mkdtemp(prefix="segmenta-scoring-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"Segmenta scoring benchmark — {os.cpu_count()} cores, DuckDB {duckdb.__version__}, data in {folder}")
    wide = folder / "wide.csv"
    if not wide.exists():
        generate_wide_table(wide, args.customers)
    workspace = folder / "scoring.db"
    for leftover in folder.glob("scoring.db*"):
        leftover.unlink()
    subprocess.run([SEGMENTA, "init", "--workspace", workspace], check=True, capture_output=True)
    subprocess.run([SEGMENTA, "import", "customers", wide, "--workspace", workspace], check=True, capture_output=True)
    fitted = json.loads(subprocess.run(
        [SEGMENTA, "segment", "--workspace", workspace, "--name", "usage", "--k", "8", "--features", "all",
         "--seed", "1", "--json"], check=True, capture_output=True, text=True).stdout)
    sql = subprocess.run(
        [SEGMENTA, "compile", "model", "usage", "--workspace", workspace, "--target", "duckdb", "--table", "wide"],
        check=True, capture_output=True, text=True).stdout.rstrip().rstrip(";")
    (folder / "usage.sql").write_text(sql + ";\n")

    ours_out = folder / "scores.csv"
    duck_out = folder / "duckdb_scores.csv"
    ours, duck = [], []
    for _ in range(args.repeat):
        for leftover in (ours_out, duck_out):
            if leftover.exists():
                leftover.unlink()
        ours.append(run_measured(
            [SEGMENTA, "assign", "usage", "--workspace", workspace, "--input", wide, "--out", ours_out, "--lang", "en",
             "--json"], label="segmenta assign"))
        code = (
            "con = duckdb.connect()\n"
            f"con.execute(\"CREATE VIEW wide AS SELECT * FROM read_csv('{wide}', header = true)\")\n"
            f"con.execute({f'COPY ({sql}) TO {str(duck_out)!r} (HEADER, DELIMITER {chr(39)},{chr(39)})'!r})\n"
        )
        duck.append(run_measured([sys.executable, "-c", "import duckdb\n" + code], label="duckdb compiled model"))
    ours_segments = segments(ours_out, "customer_id", "segment_id")
    duck_segments = segments(duck_out, "customer_id", "segment")
    differing = sum(1 for key, value in ours_segments.items() if duck_segments.get(key) != value)
    seconds, duck_seconds = statistics.median(r[0] for r in ours), statistics.median(r[0] for r in duck)
    peak, duck_peak = max(r[1] for r in ours), max(r[1] for r in duck)
    features = len(fitted.get("features", [])) or 32
    print()
    print(f"{'step':<52}{'rows':>11}{'seconds':>10}{'peak MB':>10}")
    print(f"{'segmenta assign (read, score, name, write CSV)':<52}{len(ours_segments):>11,}{seconds:>10.2f}{peak:>10.0f}")
    print(f"{'DuckDB 2.0.0, compiled model over read_csv → CSV':<52}{len(duck_segments):>11,}{duck_seconds:>10.2f}"
          f"{duck_peak:>10.0f}")
    print(f"ratio Segmenta / DuckDB: {seconds / duck_seconds:.2f} (median of {args.repeat} runs each; "
          f"{features} features, k = 8)")
    print(f"customers whose segment differs: {differing:,} of {len(ours_segments):,}")
    results = dict(customers=len(ours_segments), segmenta_s=seconds, segmenta_peak_mb=peak, duckdb_s=duck_seconds,
                   duckdb_peak_mb=duck_peak, differing=differing, runs=args.repeat)
    (folder / "results.json").write_text(json.dumps(results, indent=1))
    if differing:
        raise SystemExit("the compiled model and assign disagree")
    if not args.data:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
