#!/usr/bin/env python3
"""Runs compiled Segmenta campaign lists on DuckDB, PostgreSQL and Spark and compares them.

    check_campaign.py --customers customers.csv --features features.csv --segments NAME=segments.csv ... \
        [--extra extra.csv] [--statuses statuses.csv] [--contacts contacts.csv] --campaigns DIR \
        [--postgres-url URL] [--spark]

The engines get the tables check_rules.py makes (`customers`: the customer file joined with the wide table,
`segments_NAME`, an empty `customer_tags`), with the columns of --extra (customer_id and more customer columns,
such as another phone column) joined as text and the phone and e-mail columns kept as text; `contact_statuses`
(customer_id, status) from --statuses and `contacts` (customer_id, contacted_at as a TIMESTAMP) from --contacts.
DIR holds campaign-NAME-duckdb.sql, campaign-NAME-postgres.sql and campaign-NAME-spark.sql (`segmenta compile
campaign NAME --target ... --statuses-table contact_statuses --contacts-table contacts --list-table
campaign_list`). Each script is run and its list read back. Prints one JSON object: per campaign, per engine,
the targets, controls, excluded customers by reason and targets and controls per stratum, and under
"identical" whether the engines' lists are the same row for row (with "rows", the list's length).
"""
import argparse
import json
import pathlib
import sys

import pandas as pd

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from check_rules import (  # noqa: E402
    duckdb_tables, postgres_tables, spark_tables, statements, tables)

LIST = "SELECT customer_id, campaign_group, reason, stratum FROM campaign_list"


def frames(args):
    text = {"phone", "email"}
    extra = None
    if args.extra:
        extra = pd.read_csv(args.extra, dtype=str, keep_default_na=False).replace("", None)
        text |= set(extra.columns[1:])
    result = tables(args.customers, args.features, dict(s.split("=", 1) for s in args.segments), text=text)
    if extra is not None:
        customers = result["customers"]
        customers = customers.drop(columns=[c for c in extra.columns[1:] if c in customers.columns])
        result["customers"] = customers.merge(extra, on="customer_id", how="left")
    statuses = (pd.read_csv(args.statuses, dtype=str) if args.statuses
                else pd.DataFrame({"customer_id": pd.Series(dtype=str), "status": pd.Series(dtype=str)}))
    result["contact_statuses"] = statuses[["customer_id", "status"]]
    contacts = (pd.read_csv(args.contacts, dtype=str) if args.contacts
                else pd.DataFrame({"customer_id": pd.Series(dtype=str), "contacted_at": pd.Series(dtype=str)}))
    # The workspace's ISO times (2024-05-01T10:00:00Z) as wall-clock timestamps.
    contacts = contacts[["customer_id", "contacted_at"]].copy()
    contacts["contacted_at"] = contacts["contacted_at"].str.replace("T", " ").str.rstrip("Z")
    result["contacts"] = contacts
    return result


def summary(rows):
    """Targets, controls, excluded by reason and per-stratum counts of a list's rows."""
    report = {"targets": 0, "controls": 0, "excluded": {}, "strata": {}}
    for _, group, reason, stratum in rows:
        if group == "excluded":
            report["excluded"][reason] = report["excluded"].get(reason, 0) + 1
            continue
        report["targets" if group == "target" else "controls"] += 1
        if stratum is not None:
            counts = report["strata"].setdefault(str(int(stratum)), {"targets": 0, "controls": 0})
            counts["targets" if group == "target" else "controls"] += 1
    if not report["strata"]:
        del report["strata"]
    return report


def normalised(rows):
    return sorted((str(c), g, r, None if s is None else int(s)) for c, g, r, s in rows)


def run_duckdb(data, scripts):
    connection = duckdb_tables(data)
    lists = {}
    for name, path in scripts.items():
        for statement in statements(path):
            connection.execute(statement)
        lists[name] = normalised(connection.execute(LIST).fetchall())
    return lists


def run_postgres(data, scripts, url):
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        frames_ = dict(data)
        contacts = frames_.pop("contacts")
        postgres_tables(connection, frames_)
        connection.execute('DROP TABLE IF EXISTS "contacts"')
        connection.execute('CREATE TABLE "contacts" ("customer_id" TEXT, "contacted_at" TIMESTAMP)')
        with connection.cursor().copy('COPY "contacts" FROM STDIN') as copy:
            for row in contacts.itertuples(index=False):
                copy.write_row(list(row))
        lists = {}
        for name, path in scripts.items():
            for statement in statements(path):
                connection.execute(statement)
            lists[name] = normalised(connection.execute(LIST).fetchall())
        return lists


def run_spark(data, scripts):
    data = dict(data)
    data["contacts_text"] = data.pop("contacts")
    spark = spark_tables(data, "segmenta-campaigns")
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW contacts AS "
              "SELECT customer_id, CAST(contacted_at AS TIMESTAMP) AS contacted_at FROM contacts_text")
    lists = {}
    for name, path in scripts.items():
        for statement in statements(path):
            spark.sql(statement)
        lists[name] = normalised(tuple(row) for row in spark.sql(LIST).collect())
    spark.stop()
    return lists


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", required=True)
    parser.add_argument("--features", required=True)
    parser.add_argument("--segments", action="append", default=[])
    parser.add_argument("--extra")
    parser.add_argument("--statuses")
    parser.add_argument("--contacts")
    parser.add_argument("--campaigns", required=True)
    parser.add_argument("--postgres-url")
    parser.add_argument("--spark", action="store_true")
    args = parser.parse_args()
    data = frames(args)
    folder = pathlib.Path(args.campaigns)
    names = sorted({p.name[len("campaign-"):-len("-duckdb.sql")] for p in folder.glob("campaign-*-duckdb.sql")})

    def scripts(engine):
        return {name: folder / f"campaign-{name}-{engine}.sql" for name in names}

    lists = {"duckdb": run_duckdb(data, scripts("duckdb"))}
    if args.postgres_url:
        lists["postgres"] = run_postgres(data, scripts("postgres"), args.postgres_url)
    if args.spark:
        lists["spark"] = run_spark(data, scripts("spark"))
    report = {}
    for name in names:
        report[name] = {engine: summary(found[name]) for engine, found in lists.items()}
        first = lists["duckdb"][name]
        report[name]["identical"] = all(found[name] == first for found in lists.values())
        report[name]["rows"] = len(first)
    json.dump(report, sys.stdout)
    print()


if __name__ == "__main__":
    main()
