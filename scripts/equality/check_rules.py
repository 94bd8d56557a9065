#!/usr/bin/env python3
"""Runs compiled Segmenta rules on DuckDB, PostgreSQL and Spark and counts the customers each selects.

    check_rules.py --customers customers.csv --features features.csv --segments NAME=segments.csv ... \
        --rules DIR [--postgres-url URL] [--spark]

The engines get three kinds of table, from the files the workspace was made from and wrote: `customers`
(the customer file joined with the wide table of `segmenta features export`; a feature hides a customer
column of the same name, as in rules; numeric columns as 64-bit floats, the others as text, empty cells
NULL), `segments_NAME` (customer_id, segment_id from `segmenta export NAME`) and `customer_tags` (empty
here). DIR holds rule-N-duckdb.sql, rule-N-postgres.sql and rule-N-spark.sql (`segmenta compile rule
--target ...`). With --tags DIR, DIR/tags-ENGINE.sql (`segmenta compile tags`) is run after the rules on each
engine and the rows of customer_tags are counted by tag. Prints one JSON object: per engine, the number of
customers each rule selects, by N, and with --tags the customers of each tag under "tags".
"""
import argparse
import json
import pathlib
import sys

import pandas as pd


def tables(customers_csv, features_csv, segments, text=()):
    """The engines' tables; the columns named in `text` stay text (phone numbers, addresses)."""
    customers = pd.read_csv(customers_csv, dtype=str, keep_default_na=False).replace("", None)
    features = pd.read_csv(features_csv, dtype={"customer_id": str})
    customers = customers.drop(columns=[c for c in features.columns[1:] if c in customers.columns])
    for column in customers.columns[1:]:
        if column in text:
            continue
        converted = pd.to_numeric(customers[column], errors="coerce")
        if converted.notna().sum() == customers[column].notna().sum():
            customers[column] = converted.astype("float64")
    merged = customers.merge(features, on="customer_id", how="left")
    result = {"customers": merged, "customer_tags": pd.DataFrame({"customer_id": pd.Series(dtype=str),
                                                                   "tag": pd.Series(dtype=str)})}
    for name, path in segments.items():
        frame = pd.read_csv(path, dtype={"customer_id": str}, usecols=["customer_id", "segment_id"])
        result[f"segments_{name}"] = frame.dropna().astype({"segment_id": "int64"})
    return result


def rules(folder, engine):
    found = {}
    for path in sorted(pathlib.Path(folder).glob(f"rule-*-{engine}.sql")):
        found[path.name.split("-")[1]] = path.read_text().rstrip().rstrip(";")
    return found


def statements(path):
    """The statements of a compiled script, split at the semicolons that end its lines."""
    text, found, current = pathlib.Path(path).read_text(), [], []
    for line in text.splitlines():
        current.append(line)
        if line.rstrip().endswith(";"):
            statement = "\n".join(current).rstrip().rstrip(";")
            if any(not part.strip().startswith("--") and part.strip() for part in current):
                found.append(statement)
            current = []
    return found


TAG_COUNTS = "SELECT tag, COUNT(*) FROM customer_tags GROUP BY tag"


def clean(value):
    return None if (isinstance(value, float) and value != value) else value


def duckdb_tables(frames):
    """An in-memory DuckDB connection holding the frames as tables."""
    import duckdb

    connection = duckdb.connect()
    for name, frame in frames.items():
        connection.register(f"{name}_frame", frame)
        connection.execute(f'CREATE TABLE "{name}" AS SELECT * FROM "{name}_frame"')
    return connection


def run_duckdb(frames, queries, tags=None):

    connection = duckdb_tables(frames)
    counts = {n: len(connection.execute(q).fetchall()) for n, q in queries.items()}
    if tags:
        for statement in statements(tags):
            connection.execute(statement)
        counts["tags"] = dict(connection.execute(TAG_COUNTS).fetchall())
    return counts


def postgres_type(series):
    if series.dtype == "int64":
        return "BIGINT"
    return "DOUBLE PRECISION" if series.dtype == "float64" else "TEXT"


def postgres_tables(connection, frames):
    """(Re)creates the frames as tables on a PostgreSQL connection."""
    for name, frame in frames.items():
        columns = ", ".join(f'"{c}" {postgres_type(frame[c])}' for c in frame.columns)
        connection.execute(f'DROP TABLE IF EXISTS "{name}"')
        connection.execute(f'CREATE TABLE "{name}" ({columns})')
        with connection.cursor().copy(f'COPY "{name}" FROM STDIN') as copy:
            for row in frame.itertuples(index=False):
                copy.write_row([clean(v) for v in row])


def run_postgres(frames, queries, url, tags=None):
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        postgres_tables(connection, frames)
        counts = {n: len(connection.execute(q).fetchall()) for n, q in queries.items()}
        if tags:
            for statement in statements(tags):
                connection.execute(statement)
            counts["tags"] = dict(connection.execute(TAG_COUNTS).fetchall())
        return counts


def spark_tables(frames, name):
    """A Spark session (local[2]) with the frames as temporary views."""
    from pyspark.sql import SparkSession
    from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType

    spark = (SparkSession.builder.master("local[2]").appName(name)
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "4").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    for table, frame in frames.items():
        types = {"int64": LongType(), "float64": DoubleType()}
        schema = StructType([StructField(c, types.get(str(frame[c].dtype), StringType())) for c in frame.columns])
        rows = [tuple(clean(v) for v in row) for row in frame.itertuples(index=False)]
        spark.createDataFrame(rows, schema).createOrReplaceTempView(table)
    return spark


def run_spark(frames, queries, tags=None):
    spark = spark_tables(frames, "segmenta-rules")
    counts = {n: spark.sql(q).count() for n, q in queries.items()}
    if tags:
        for statement in statements(tags):
            spark.sql(statement)
        counts["tags"] = {row[0]: row[1] for row in spark.sql(TAG_COUNTS).collect()}
    spark.stop()
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", required=True)
    parser.add_argument("--features", required=True)
    parser.add_argument("--segments", action="append", default=[])
    parser.add_argument("--rules", required=True)
    parser.add_argument("--postgres-url")
    parser.add_argument("--spark", action="store_true")
    parser.add_argument("--tags", help="a folder with tags-duckdb.sql, tags-postgres.sql and tags-spark.sql")
    args = parser.parse_args()
    frames = tables(args.customers, args.features, dict(s.split("=", 1) for s in args.segments))
    def tags(engine):
        return pathlib.Path(args.tags) / f"tags-{engine}.sql" if args.tags else None

    report = {"duckdb": run_duckdb(frames, rules(args.rules, "duckdb"), tags("duckdb"))}
    if args.postgres_url:
        report["postgres"] = run_postgres(frames, rules(args.rules, "postgres"), args.postgres_url, tags("postgres"))
    if args.spark:
        report["spark"] = run_spark(frames, rules(args.rules, "spark"), tags("spark"))
    json.dump(report, sys.stdout)
    print()


if __name__ == "__main__":
    main()
