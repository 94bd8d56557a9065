#!/usr/bin/env python3
"""Runs a compiled Segmenta profile query on DuckDB, PostgreSQL and Spark, renders the profile from each
engine's statistics and compares it with the workspace's own profile.

    check_profile.py --segmenta BIN --workspace WS --name NAME [--spec profile.yaml] \
        --features features.csv --segments segments.csv --customers customers.csv --dir DIR \
        [--postgres-url URL] [--spark] [--median-kpis 1,3]

The engines get `features` (`segmenta features export`: customer_id, numeric feature columns as 64-bit floats),
`scores` (customer_id, cluster, segment from `segmenta export NAME`, customers without a segment left out) and
`customers` (the customer file: numeric columns as 64-bit floats, the others text, empty cells NULL). DIR holds
profile-ENGINE.sql (`segmenta compile profile --target ENGINE`); each engine's result is written to
DIR/statistics-ENGINE.csv and rendered with `segmenta profile NAME --statistics ... --format json`.

Compared with `segmenta profile NAME --format json`: sizes, counts, traits, top categories, names and actions
identical; means, shares, eta squared, importance and KPIs within 1e-9 relative; medians (--median-kpis) the
same doubles on DuckDB and PostgreSQL and, on Spark (percentile_approx), a value of the segment whose rank is within n / accuracy (+1) of
the median's. Prints one JSON object: per engine, the segments compared, the medians checked and every
difference found (none expected).
"""
import argparse
import json
import math
import pathlib
import subprocess
import sys

import pandas as pd

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from check_rules import duckdb_tables, postgres_tables, spark_tables  # noqa: E402

ACCURACY = 10000
COLUMNS = ["segment", "statistic", "item", "category", "value"]


def tables(features_csv, segments_csv, customers_csv):
    # round_trip: pandas' default parser can read a double's shortest text one unit in the last place off.
    features = pd.read_csv(features_csv, dtype={"customer_id": str}, float_precision="round_trip")
    for column in features.columns[1:]:
        features[column] = features[column].astype("float64")
    segments = pd.read_csv(segments_csv, dtype={"customer_id": str})
    scores = segments.dropna(subset=["segment_id"]).rename(columns={"cluster_id": "cluster", "segment_id": "segment"})
    scores = scores[["customer_id", "cluster", "segment"]].astype({"cluster": "int64", "segment": "int64"})
    customers = pd.read_csv(customers_csv, dtype=str, keep_default_na=False).replace("", None)
    for column in customers.columns[1:]:
        converted = pd.to_numeric(customers[column], errors="coerce")
        if converted.notna().sum() == customers[column].notna().sum() and converted.notna().any():
            customers[column] = customers[column].map(lambda v: math.nan if v is None else float(v)).astype("float64")
    return {"features": features, "scores": scores, "customers": customers}


def query(path):
    return pathlib.Path(path).read_text().rstrip().rstrip(";")


def run_duckdb(frames, sql):
    return duckdb_tables(frames).execute(sql).fetchall()


def run_postgres(frames, sql, url):
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        postgres_tables(connection, frames)
        return connection.execute(sql).fetchall()


def run_spark(frames, sql):
    spark = spark_tables(frames, "segmenta-profile")
    rows = [tuple(row) for row in spark.sql(sql).collect()]
    spark.stop()
    return rows


def write_statistics(rows, path):
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["segment"] = frame["segment"].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    frame.to_csv(path, index=False)


def segmenta(args, command):
    result = subprocess.run([args.segmenta] + command + ["--workspace", args.workspace], capture_output=True,
                            text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"segmenta {' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout)


def close(a, b):
    return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def compare(expected, actual, path, differences, skip):
    """Every difference between two rendered profiles: numbers within 1e-9 relative (integers exact)."""
    if any(part == path for part in skip):
        return
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(set(expected) | set(actual)):
            compare(expected.get(key), actual.get(key), f"{path}.{key}", differences, skip)
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            differences.append(f"{path}: {len(expected)} items, engine {len(actual)}")
            return
        for index, (a, b) in enumerate(zip(expected, actual)):
            compare(a, b, f"{path}[{index}]", differences, skip)
    elif isinstance(expected, bool) or isinstance(actual, bool) or isinstance(expected, str) or expected is None:
        if expected != actual:
            differences.append(f"{path}: {expected!r}, engine {actual!r}")
    elif isinstance(expected, int) and isinstance(actual, int):
        if expected != actual:
            differences.append(f"{path}: {expected}, engine {actual}")
    elif isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        if not close(float(expected), float(actual)):
            differences.append(f"{path}: {expected!r}, engine {actual!r}")
    else:
        differences.append(f"{path}: {expected!r}, engine {actual!r}")


def profile_part(report):
    """What the statistics decide: features (means, eta squared, importance) and the cards."""
    return {"features": report["features"], "cards": report["cards"], "customers": report["customers"]}


def spark_medians(frames, rows, differences):
    """Checks each Spark median is a value of its segment whose rank is within n / ACCURACY (+1) of the median's."""
    scores = frames["scores"]
    checked = 0
    for segment, statistic, item, _, value in rows:
        if statistic != "median":
            continue
        source = frames["features"] if item in frames["features"].columns else frames["customers"]
        joined = scores.merge(source[["customer_id", item]], on="customer_id", how="left")
        values = sorted(joined.loc[joined["segment"] == segment, item].dropna().astype(float))
        if not values:
            if value is not None:
                differences.append(f"median of {item} in segment {segment}: {value}, but no values")
            continue
        n = len(values)
        low = max(0, math.floor(0.5 * (n - 1) - n / ACCURACY) - 1)
        high = min(n - 1, math.ceil(0.5 * (n - 1) + n / ACCURACY) + 1)
        ranks = [i for i, v in enumerate(values) if v == value]
        if not ranks or ranks[-1] < low or ranks[0] > high:
            differences.append(f"median of {item} in segment {segment}: {value} is not within ranks {low}..{high}")
        checked += 1
    return checked


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for option in ["--segmenta", "--workspace", "--name", "--features", "--segments", "--customers", "--dir"]:
        parser.add_argument(option, required=True)
    parser.add_argument("--spec")
    parser.add_argument("--postgres-url")
    parser.add_argument("--spark", action="store_true")
    parser.add_argument("--median-kpis", type=lambda t: [int(i) for i in t.split(",") if i], default=[],
                        help="0-based indices of the spec's median KPIs (approximate on Spark)")
    args = parser.parse_args()
    frames = tables(args.features, args.segments, args.customers)
    folder = pathlib.Path(args.dir)
    spec = ["--spec", args.spec] if args.spec else []
    expected = profile_part(segmenta(args, ["profile", args.name, "--format", "json"] + spec))
    engines = {"duckdb": lambda sql: run_duckdb(frames, sql)}
    if args.postgres_url:
        engines["postgres"] = lambda sql: run_postgres(frames, sql, args.postgres_url)
    if args.spark:
        engines["spark"] = lambda sql: run_spark(frames, sql)
    report = {}
    for engine, run in engines.items():
        rows = run(query(folder / f"profile-{engine}.sql"))
        statistics = folder / f"statistics-{engine}.csv"
        write_statistics(rows, statistics)
        actual = profile_part(segmenta(
            args, ["profile", args.name, "--format", "json", "--statistics", str(statistics)] + spec))
        differences, skip, medians = [], [], 0
        if engine == "spark":
            # Spark's medians are approximate: checked against the data instead of the workspace's.
            medians = spark_medians(frames, rows, differences)
            for c, card in enumerate(expected["cards"]):
                for k in args.median_kpis:
                    skip.append(f".cards[{c}].profile.kpis[{k}].value")
        else:
            # Exact medians: the same double as the workspace's.
            medians = sum(1 for r in rows if r[1] == "median")
            for c, card in enumerate(expected["cards"]):
                for k in args.median_kpis:
                    path = f".cards[{c}].profile.kpis[{k}].value"
                    a, b = card["profile"]["kpis"][k]["value"], actual["cards"][c]["profile"]["kpis"][k]["value"]
                    if a != b:
                        differences.append(f"{path}: {a!r}, engine {b!r} (not exact)")
        compare(expected, actual, "", differences, skip)
        report[engine] = {"segments": len(actual["cards"]), "rows": len(rows), "medians": medians,
                          "differences": differences[:20], "differ": len(differences)}
    json.dump(report, sys.stdout, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
