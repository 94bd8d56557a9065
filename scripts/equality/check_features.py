#!/usr/bin/env python3
"""Runs compiled Segmenta wide-table specs on DuckDB, PostgreSQL and Spark and compares every value with the
workspace's own wide table.

    check_features.py --case DIR [--case DIR ...] [--postgres-url URL] [--spark]

Each DIR holds what one `segmenta features build` read and wrote:
  events/*.csv     the event files (their columns are unioned; a column a file lacks is NULL there),
  customers.csv    the imported customer file,
  previous.csv     (optional) `segmenta features export` of the previous period, loaded as table `previous`,
  expected.csv     `segmenta features export` of the period built,
  compile.json     `segmenta compile features --json` (the tables, their column types and the features),
  features-duckdb.sql, features-postgres.sql, features-spark.sql   the compiled queries.

The tables are loaded as text and then cast to the types compile.json names: timestamps as the wall-clock
time the files give (`YYYY-MM-DD HH:MM:SS`: an offset is dropped, not applied, as the workspace reads it),
measures as 64-bit floats, dates as DATE, empty cells NULL. Whole numbers, category codes and 0/1 must be
equal; other numbers equal within 1e-9 relative; missing exactly where the workspace has missing. Prints one
JSON object: per case and engine, rows returned, values compared and the differences (first ten shown).
"""
import argparse
import csv
import json
import math
import pathlib
import re
import sys

TIMESTAMP = re.compile(r"^(\d{4})[-/]?(\d{2})[-/]?(\d{2})(?:[T ]?(\d{2}):?(\d{2})(?::?(\d{2}))?)?")


def wall_clock(text):
    """The wall-clock time of an event timestamp as the workspace reads it, or None when blank."""
    text = (text or "").strip()
    if not text:
        return None
    match = TIMESTAMP.match(text)
    if not match:
        raise ValueError(f"unreadable timestamp {text!r}")
    y, m, d, hh, mm, ss = match.groups()
    return f"{y}-{m}-{d} {hh or '00'}:{mm or '00'}:{min(int(ss or 0), 59):02d}"


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


class Case:
    def __init__(self, folder):
        self.folder = pathlib.Path(folder)
        self.compiled = json.loads((self.folder / "compile.json").read_text())
        self.tables = {}
        for table in self.compiled["tables"]:
            role, columns = table["role"], [(c["name"], c["type"]) for c in table["columns"]]
            if role == "events":
                files = sorted((self.folder / "events").glob("*.csv"))
                rows = []
                for path in files:
                    header, data = read_csv(path)
                    rows += [dict(zip(header, row)) for row in data]
            else:
                header, data = read_csv(self.folder / ("previous.csv" if role == "previous" else "customers.csv"))
                rows = [dict(zip(header, row)) for row in data]
            values = []
            for row in rows:
                record = []
                for name, kind in columns:
                    value = row.get(name, "")
                    if value is None or value.strip() == "":
                        record.append(None)
                    elif kind == "timestamp":
                        record.append(wall_clock(value))
                    else:
                        record.append(value)
                values.append(record)
            self.tables[table["name"]] = (columns, values)
        header, data = read_csv(self.folder / "expected.csv")
        self.features = header[1:]
        self.holds = {f["name"]: f["holds"] for f in self.compiled["features"]}
        self.expected = {row[0]: row[1:] for row in data}

    def query(self, engine):
        return (self.folder / f"features-{engine}.sql").read_text().rstrip().rstrip(";")

    def compare(self, rows):
        """Rows, values compared and differences of an engine's answer."""
        found = {str(row[0]): row[1:] for row in rows}
        differences = []
        compared = 0
        for customer, expected in self.expected.items():
            got = found.get(customer)
            if got is None:
                differences.append(f"customer {customer} missing")
                continue
            for name, want, value in zip(self.features, expected, got):
                compared += 1
                if not same(want, value, self.holds.get(name, "number")):
                    differences.append(f"{customer} {name}: workspace {want or 'missing'}, engine {value}")
        extra = set(found) - set(self.expected)
        differences += [f"customer {c} not in the workspace" for c in sorted(extra)[:3]]
        return {"rows": len(rows), "compared": compared, "differ": len(differences), "first": differences[:10]}


def same(want, value, holds):
    if want == "":
        return value is None
    if value is None:
        return False
    expected, got = float(want), float(value)
    if not math.isfinite(got):
        return False
    if holds != "number":
        return expected == got
    return abs(expected - got) <= 1e-9 * max(abs(expected), abs(got)) or expected == got


SQL_TYPES = {
    "duckdb": {"text": "VARCHAR", "double": "DOUBLE", "timestamp": "TIMESTAMP", "date": "DATE"},
    "postgres": {"text": "TEXT", "double": "DOUBLE PRECISION", "timestamp": "TIMESTAMP", "date": "DATE"},
    "spark": {"text": "STRING", "double": "DOUBLE", "timestamp": "TIMESTAMP", "date": "DATE"},
}


def typed(engine, columns, quote):
    return ", ".join(f"CAST({quote}{n}{quote} AS {SQL_TYPES[engine][t]}) AS {quote}{n}{quote}" for n, t in columns)


def run_duckdb(case):
    import duckdb

    import pandas as pd

    connection = duckdb.connect()
    for name, (columns, values) in case.tables.items():
        frame = pd.DataFrame(values, columns=[n for n, _ in columns], dtype=object)
        connection.register(f"{name}_frame", frame)
        connection.execute(f'CREATE TABLE "{name}_text" AS SELECT * FROM "{name}_frame"')
        connection.execute(f'CREATE TABLE "{name}" AS SELECT {typed("duckdb", columns, chr(34))} FROM "{name}_text"')
    return case.compare(connection.execute(case.query("duckdb")).fetchall())


def run_postgres(case, url):
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        for name, (columns, values) in case.tables.items():
            connection.execute(f'DROP TABLE IF EXISTS "{name}", "{name}_text"')
            connection.execute(f'CREATE TABLE "{name}_text" ({", ".join(f"{chr(34)}{n}{chr(34)} TEXT" for n, _ in columns)})')
            with connection.cursor().copy(f'COPY "{name}_text" FROM STDIN') as copy:
                for row in values:
                    copy.write_row(row)
            connection.execute(
                f'CREATE TABLE "{name}" AS SELECT {typed("postgres", columns, chr(34))} FROM "{name}_text"')
        return case.compare(connection.execute(case.query("postgres")).fetchall())


def run_spark(cases):
    from pyspark.sql import SparkSession
    from pyspark.sql.types import StringType, StructField, StructType

    spark = (SparkSession.builder.master("local[2]").appName("segmenta-features")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.shuffle.partitions", "4").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    results = {}
    for label, case in cases.items():
        for name, (columns, values) in case.tables.items():
            schema = StructType([StructField(n, StringType()) for n, _ in columns])
            spark.createDataFrame([tuple(v) for v in values], schema).createOrReplaceTempView(f"{name}_text")
            spark.sql(f"SELECT {typed('spark', columns, '`')} FROM `{name}_text`").createOrReplaceTempView(name)
        results[label] = case.compare([tuple(row) for row in spark.sql(case.query("spark")).collect()])
    spark.stop()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", action="append", required=True)
    parser.add_argument("--postgres-url")
    parser.add_argument("--spark", action="store_true")
    args = parser.parse_args()
    cases = {pathlib.Path(folder).name: Case(folder) for folder in args.case}
    report = {label: {"customers": len(case.expected), "duckdb": run_duckdb(case)} for label, case in cases.items()}
    if args.postgres_url:
        for label, case in cases.items():
            report[label]["postgres"] = run_postgres(case, args.postgres_url)
    if args.spark:
        for label, result in run_spark(cases).items():
            report[label]["spark"] = result
    json.dump(report, sys.stdout, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
