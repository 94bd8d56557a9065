#!/usr/bin/env python3
"""Scores a feature table with compiled Segmenta models on other engines and compares the clusters.

    check_model.py --features features.csv --expected segments.csv \
        [--duckdb model.sql] [--postgres model.sql --postgres-url URL] [--spark model.sql] [--pmml model.pmml]

features.csv is what `segmenta features export` writes (customer_id and the feature columns, empty cells
missing); segments.csv what `segmenta export` writes (customer_id, cluster_id, segment_id, segment_name).
Each engine loads the features as a table named `features` (every feature a 64-bit float, NULL when the cell
is empty), runs the compiled query (or, for PMML, scores every row with pypmml) and is compared customer by
customer with the workspace. Prints one JSON object: per engine the rows returned and the customers whose
cluster, segment or segment name differ (or are missing).
"""
import argparse
import json
import pathlib
import sys

import pandas as pd


def features_frame(path):
    frame = pd.read_csv(path, dtype={"customer_id": str})
    for column in frame.columns[1:]:
        frame[column] = frame[column].astype("float64")
    return frame


def compare(result, expected, names=True):
    result = result.copy()
    result["customer_id"] = result["customer_id"].astype(str)
    merged = expected.merge(result, on="customer_id", how="left", suffixes=("", "_engine"))
    differs = merged["cluster"].isna() | (merged["cluster"].astype("float64") != merged["cluster_id"])
    differs |= merged["segment"].astype("float64") != merged["segment_id"]
    if names:
        differs |= merged["segment_name_engine"] != merged["segment_name"]
    return {"rows": int(len(result)), "differ": int(differs.sum()),
            "examples": merged.loc[differs, "customer_id"].head(5).tolist()}


def query_text(path):
    return pathlib.Path(path).read_text().rstrip().rstrip(";")


def run_duckdb(sql, frame):
    import duckdb

    connection = duckdb.connect()
    connection.register("features_frame", frame)
    connection.execute("CREATE TABLE features AS SELECT * FROM features_frame")
    return connection.execute(query_text(sql)).df()


def run_postgres(sql, frame, url):
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        columns = ", ".join(['"customer_id" TEXT'] + [f'"{c}" DOUBLE PRECISION' for c in frame.columns[1:]])
        connection.execute("DROP TABLE IF EXISTS features")
        connection.execute(f"CREATE TABLE features ({columns})")
        with connection.cursor().copy("COPY features FROM STDIN") as copy:
            for row in frame.itertuples(index=False):
                copy.write_row([None if (isinstance(v, float) and v != v) else v for v in row])
        cursor = connection.execute(query_text(sql))
        names = [d.name for d in cursor.description]
        return pd.DataFrame(cursor.fetchall(), columns=names)


def run_spark(sql, frame):
    from pyspark.sql import SparkSession
    from pyspark.sql.types import DoubleType, StringType, StructField, StructType

    spark = (SparkSession.builder.master("local[2]").appName("segmenta-equality")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    schema = StructType([StructField("customer_id", StringType())]
                        + [StructField(c, DoubleType()) for c in frame.columns[1:]])
    rows = [tuple(None if (isinstance(v, float) and v != v) else v for v in row)
            for row in frame.itertuples(index=False)]
    spark.createDataFrame(rows, schema).createOrReplaceTempView("features")
    result = spark.sql(query_text(sql)).toPandas()
    spark.stop()
    return result


def run_pmml(path, frame):
    from pypmml import Model

    model = Model.fromFile(str(path))
    scored = model.predict(frame.drop(columns="customer_id"))
    return pd.DataFrame({"customer_id": frame["customer_id"], "cluster": scored["cluster"].astype(int),
                         "segment": scored["segment"].astype(int)})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--features", required=True)
    parser.add_argument("--expected", required=True)
    parser.add_argument("--duckdb")
    parser.add_argument("--postgres")
    parser.add_argument("--postgres-url")
    parser.add_argument("--spark")
    parser.add_argument("--pmml")
    args = parser.parse_args()
    frame = features_frame(args.features)
    expected = pd.read_csv(args.expected, dtype={"customer_id": str, "segment_name": str})
    report = {"customers": int(len(expected))}
    if args.duckdb:
        report["duckdb"] = compare(run_duckdb(args.duckdb, frame), expected)
    if args.postgres:
        report["postgres"] = compare(run_postgres(args.postgres, frame, args.postgres_url), expected)
    if args.spark:
        report["spark"] = compare(run_spark(args.spark, frame), expected)
    if args.pmml:
        report["pmml"] = compare(run_pmml(args.pmml, frame), expected, names=False)
    json.dump(report, sys.stdout)
    print()


if __name__ == "__main__":
    main()
