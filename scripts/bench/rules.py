#!/usr/bin/env python3
"""Rule evaluation benchmark: a ten-condition rule over 1,000,000 customers, Segmenta's column-wise
evaluator against the same selection in numpy and in pandas, on the same data in the same run.

Data: 8 numeric columns (about 5 % missing each) and a city column, seeded. The rule

    arpu > 80 and (minutes >= 100 or data_mb >= 500) and city in ["北京", "上海", "广州", "深圳"]
    and tenure between 6 and 120 and at_least(2, sms > 20, roaming > 0, intl > 5, broker >= 1)
    and arpu / minutes < 2

has ten conditions. Missing values make a condition unknown, which never selects a customer, in both
Segmenta (three-valued logic) and numpy/pandas (NaN comparisons are false); the rule has no `not`,
so both select exactly the same customers, which the script checks. Times are medians of --repeat
runs; Segmenta's time includes compiling the rule and reading the columns it needs from memory, not
loading the files.

Run through scripts/bench/rules.sh (`--rows`, `--repeat`).
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import tempfile
import time

import numpy as np
import pandas as pd

ROOT = pathlib.Path(__file__).resolve().parents[2]
HARNESS = ROOT / "Benchmarks" / ".build" / "release" / "SegmentaBench"
RULE = ('arpu > 80 and (minutes >= 100 or data_mb >= 500) and city in ["北京", "上海", "广州", "深圳"] '
        'and tenure between 6 and 120 and at_least(2, sms > 20, roaming > 0, intl > 5, broker >= 1) '
        'and arpu / minutes < 2')
CITIES = np.array(["北京", "上海", "广州", "深圳", "武汉", "成都", "杭州", "重庆", "西安", "南京"])


def make_data(rows, seed=20261123):
    rng = np.random.default_rng(seed)
    columns = {
        "arpu": rng.lognormal(4.3, 0.5, rows), "minutes": rng.lognormal(4.5, 1.0, rows),
        "data_mb": rng.lognormal(5.0, 1.5, rows), "tenure": rng.integers(0, 200, rows).astype(float),
        "sms": rng.poisson(15, rows).astype(float), "roaming": rng.poisson(0.3, rows).astype(float),
        "intl": rng.exponential(3, rows), "broker": rng.poisson(0.2, rows).astype(float),
    }
    columns["minutes"][rng.random(rows) < 0.01] = 0.0  # division by zero in arpu / minutes
    for values in columns.values():
        values[rng.random(rows) < 0.05] = np.nan
    city = CITIES[rng.integers(0, len(CITIES), rows)].astype(object)
    city[rng.random(rows) < 0.05] = None
    return columns, city


def numpy_select(c, city):
    with np.errstate(divide="ignore", invalid="ignore"):
        at_least = ((c["sms"] > 20).astype(np.int8) + (c["roaming"] > 0) + (c["intl"] > 5) + (c["broker"] >= 1)) >= 2
        return ((c["arpu"] > 80) & ((c["minutes"] >= 100) | (c["data_mb"] >= 500))
                & np.isin(city, ["北京", "上海", "广州", "深圳"])
                & (c["tenure"] >= 6) & (c["tenure"] <= 120) & at_least & (c["arpu"] / c["minutes"] < 2))


def pandas_select(df):
    at_least = ((df.sms > 20).astype("int8") + (df.roaming > 0) + (df.intl > 5) + (df.broker >= 1)) >= 2
    return ((df.arpu > 80) & ((df.minutes >= 100) | (df.data_mb >= 500))
            & df.city.isin(["北京", "上海", "广州", "深圳"]) & df.tenure.between(6, 120) & at_least
            & (df.arpu / df.minutes < 2))


def timed(repeat, run):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    columns, city = make_data(args.rows)
    with tempfile.TemporaryDirectory(prefix="segmenta-rules-bench-") as folder:
        for name, values in columns.items():
            values.astype("<f8").tofile(os.path.join(folder, f"{name}.f64"))
        with open(os.path.join(folder, "city.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join("" if v is None else v for v in city))
        out = subprocess.run([str(HARNESS), "rules", folder, str(args.rows), RULE, str(args.repeat)], check=True,
                             capture_output=True, text=True).stdout
        ours = json.loads(out)
    np_seconds, np_mask = timed(args.repeat, lambda: numpy_select(columns, city))
    df = pd.DataFrame({**columns, "city": pd.array(city, dtype="string")})
    pd_seconds, pd_mask = timed(args.repeat, lambda: pandas_select(df))
    np_matches = int(np_mask.sum())
    pd_matches = int(pd_mask.fillna(False).sum())
    print(f"Rule evaluation benchmark: {args.rows:,} customers, ten conditions, {os.cpu_count()} cores, "
          f"numpy {np.__version__}, pandas {pd.__version__} (median of {args.repeat})")
    print(f"rule: {RULE}")
    print(f"{'':28}{'seconds':>10}{'matches':>12}{'ratio':>8}")
    print(f"{'Segmenta':28}{ours['seconds']:>10.4f}{ours['matches']:>12,}{1:>8.2f}")
    print(f"{'numpy':28}{np_seconds:>10.4f}{np_matches:>12,}{ours['seconds'] / np_seconds:>8.2f}")
    print(f"{'pandas':28}{pd_seconds:>10.4f}{pd_matches:>12,}{ours['seconds'] / pd_seconds:>8.2f}")
    print(f"Segmenta compiled the rule in {ours['compile_seconds'] * 1000:.2f} ms; "
          f"ratio = Segmenta time / other time (lower is better).")
    if not (ours["matches"] == np_matches == pd_matches):
        raise SystemExit(f"the selections differ: Segmenta {ours['matches']}, numpy {np_matches}, pandas {pd_matches}")


if __name__ == "__main__":
    main()
