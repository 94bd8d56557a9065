#!/usr/bin/env python3
"""Runs a compiled Segmenta value query on DuckDB, PostgreSQL and Spark and compares it with the workspace.

    check_value.py --transactions topups.csv --expected value.csv \
        [--duckdb value.sql] [--postgres value.sql --postgres-url URL] [--spark value.sql]

topups.csv is the transaction file `segmenta value build` read (customer_id, date as YYYY-MM-DD, amount);
value.csv what the workspace stores per customer, as `segmenta rule members ... --columns customer_id,...
--out value.csv` writes the value-table columns (empty cells missing; first_purchase and last_purchase as
dates). Each engine loads the transactions as a table named `transactions` (customer_id text, date DATE,
amount a 64-bit float), runs the query `segmenta compile value --target ...` wrote and is compared customer
by customer with the workspace on every column of value.csv: counts and scores (frequency, transactions,
days_since_last, r_score, f_score, m_score, rfm_score) and dates exactly, other numbers within 1e-9
relative, missing exactly. Prints one JSON object: per engine the rows returned and, per column, the
customers that differ (or are missing), with a few examples, and the largest relative difference of each
column compared within 1e-9.
"""
import argparse
import datetime
import json
import math
import pathlib
import sys

import pandas as pd

EXACT = {"frequency", "transactions", "days_since_last", "r_score", "f_score", "m_score", "rfm_score"}
DATES = {"first_purchase", "last_purchase"}
RELATIVE = 1e-9


def transactions_frame(path):
    frame = pd.read_csv(path, dtype={"customer_id": str, "date": str})
    frame = frame[["customer_id", "date", "amount"]].copy()
    frame["date"] = pd.to_datetime(frame["date"].str.slice(0, 10), format="%Y-%m-%d").dt.date
    frame["amount"] = frame["amount"].astype("float64")
    return frame


def query_text(path):
    return pathlib.Path(path).read_text().rstrip().rstrip(";")


def as_day(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (datetime.date, datetime.datetime, pd.Timestamp)):
        return str(value)[:10]
    return str(value)[:10]


def as_number(value):
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def compare(result, expected):
    result = result.copy()
    result["customer_id"] = result["customer_id"].astype(str)
    engine = {row["customer_id"]: row for row in result.to_dict("records")}
    report = {"rows": int(len(result)), "columns": {}, "examples": {}, "max_relative": {}}
    for column in expected.columns[1:]:
        differ = []
        largest = 0.0
        for row in expected.to_dict("records"):
            got = engine.get(row["customer_id"])
            if got is None or column not in got:
                differ.append(row["customer_id"])
                continue
            if column in DATES:
                same = as_day(row[column]) == as_day(got[column])
            else:
                want, have = as_number(row[column]), as_number(got[column])
                if want is None or have is None:
                    same = want is None and have is None
                elif column in EXACT:
                    same = want == have
                else:
                    same = math.isclose(want, have, rel_tol=RELATIVE, abs_tol=0) or want == have
                    if want != have:
                        largest = max(largest, abs(want - have) / max(abs(want), abs(have)))
            if not same:
                differ.append(row["customer_id"])
        report["columns"][column] = len(differ)
        if column not in EXACT and column not in DATES:
            report["max_relative"][column] = largest
        if differ:
            report["examples"][column] = [
                {"customer_id": c, "workspace": str(expected.loc[expected["customer_id"] == c, column].iloc[0]),
                 "engine": str(engine[c][column]) if c in engine and column in engine[c] else None}
                for c in differ[:3]]
    report["differ"] = sum(report["columns"].values())
    return report


def run_duckdb(sql, frame):
    import duckdb

    connection = duckdb.connect()
    connection.register("transactions_frame", frame)
    connection.execute(
        "CREATE TABLE transactions AS SELECT customer_id, CAST(date AS DATE) AS date, "
        "CAST(amount AS DOUBLE) AS amount FROM transactions_frame")
    return connection.execute(query_text(sql)).df()


def run_postgres(sql, frame, url):
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP TABLE IF EXISTS transactions")
        connection.execute("CREATE TABLE transactions (customer_id TEXT, date DATE, amount DOUBLE PRECISION)")
        with connection.cursor().copy("COPY transactions FROM STDIN") as copy:
            for row in frame.itertuples(index=False):
                copy.write_row(list(row))
        cursor = connection.execute(query_text(sql))
        names = [d.name for d in cursor.description]
        return pd.DataFrame(cursor.fetchall(), columns=names)


def run_spark(sql, frame):
    from pyspark.sql import SparkSession
    from pyspark.sql.types import DateType, DoubleType, StringType, StructField, StructType

    spark = (SparkSession.builder.master("local[2]").appName("segmenta-equality")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "4").config("spark.sql.session.timeZone", "UTC")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    schema = StructType([StructField("customer_id", StringType()), StructField("date", DateType()),
                         StructField("amount", DoubleType())])
    spark.createDataFrame([tuple(row) for row in frame.itertuples(index=False)], schema) \
        .createOrReplaceTempView("transactions")
    rows = spark.sql(query_text(sql)).collect()
    spark.stop()
    return pd.DataFrame([row.asDict() for row in rows])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--transactions", required=True)
    parser.add_argument("--expected", required=True)
    parser.add_argument("--duckdb")
    parser.add_argument("--postgres")
    parser.add_argument("--postgres-url")
    parser.add_argument("--spark")
    args = parser.parse_args()
    frame = transactions_frame(args.transactions)
    expected = pd.read_csv(args.expected, dtype={"customer_id": str}, keep_default_na=True)
    report = {"customers": int(len(expected)), "columns": list(expected.columns[1:])}
    if args.duckdb:
        report["duckdb"] = compare(run_duckdb(args.duckdb, frame), expected)
    if args.postgres:
        report["postgres"] = compare(run_postgres(args.postgres, frame, args.postgres_url), expected)
    if args.spark:
        report["spark"] = compare(run_spark(args.spark, frame), expected)
    json.dump(report, sys.stdout)
    print()


if __name__ == "__main__":
    main()
