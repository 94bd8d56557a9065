#!/usr/bin/env python3
"""Foundation benchmark: customer import and wide-table build, Segmenta beside DuckDB.

Generates (with DuckDB, deterministically) a customer file of 1,000,000 rows x 40 columns and event
files of 10,000,000 and 20,000,000 rows (each customer calls within a circle of 40 numbers, as real
customers do), then measures in the same run on the same files:

  1. import: `segmenta import customers` vs DuckDB `CREATE TABLE ... AS SELECT * FROM read_csv(...)`
     into a database file;
  2. wide table: `segmenta features build` with a 20-feature spec vs the same aggregates as one
     hand-written DuckDB GROUP BY over read_csv(...) stored in a database file, and vs the query
     `segmenta compile features --target duckdb` writes for the same spec, run by DuckDB over the same
     file (with the customers DuckDB imported in step 1, as the workspace has its own);
  3. memory: the same spec without its distinct count at both event counts, to show that peak
     memory follows the number of customers, not of events (a distinct count holds one entry per
     distinct (customer, value) pair).

Each step runs in its own process; wall time is measured around the process and peak memory is the
process's maximum resident set size (wait4). Both tools use every core of the machine. Finally the
two wide tables are compared value by value.

Run through scripts/bench/foundation.sh, which installs DuckDB in a private virtualenv and builds
Segmenta in release mode. Options: --customers N --events N[,N...] (or none: the import only) --keep (keep the
data folder).
"""
import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

from measure import run_measured

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEGMENTA = ROOT / ".build" / "release" / "segmenta"

SPEC = """
version: 1
events: {customer_id: customer_id, timestamp: ts, type: event_type}
reference_date: 2024-03-31
calendar: {weekend: [sat, sun], peak_hours: "08:00-18:00"}
features:
  - {name: calls, aggregate: count, where: {type: call}}
  - {name: sms, aggregate: count, where: {type: sms}}
  - {name: sessions, aggregate: count, where: {type: data}}
  - {name: call_seconds, aggregate: sum, of: duration, where: {type: call}}
  - {name: own_seconds, aggregate: sum, of: duration, where: {type: call, network: own}}
  - {name: rival_seconds, aggregate: sum, of: duration, where: {type: call, network: rival}}
  - {name: long_calls, aggregate: count, where: {type: call, duration: {ge: 300}}}
  - {name: peak_seconds, aggregate: sum, of: duration, where: {type: call}, split: peak}
  - {name: offpeak_seconds, aggregate: sum, of: duration, where: {type: call}, split: offpeak}
  - {name: weekend_seconds, aggregate: sum, of: duration, where: {type: call}, split: weekend}
  - {name: weekday_seconds, aggregate: sum, of: duration, where: {type: call}, split: weekday}
  - {name: mean_call_seconds, aggregate: mean, of: duration, where: {type: call}}
  - {name: max_call_seconds, aggregate: max, of: duration, where: {type: call}}
  - {name: amount, aggregate: sum, of: amount}
  - {name: data_bytes, aggregate: sum, of: bytes, where: {type: data}}
  - {name: last30_seconds, aggregate: sum, of: duration, where: {type: call}, window_days: 30}
  - {name: call_partners, aggregate: distinct, of: party, where: {type: call}}
  - {name: recency, aggregate: recency}
  - {name: weekend_ratio, ratio: [weekend_seconds, weekday_seconds]}
  - {name: own_share, share: [own_seconds, call_seconds]}
"""

DUCKDB_WIDE = """
CREATE TABLE wide AS
SELECT customer_id,
  count(*) FILTER (WHERE event_type = 'call') AS calls,
  count(*) FILTER (WHERE event_type = 'sms') AS sms,
  count(*) FILTER (WHERE event_type = 'data') AS sessions,
  coalesce(sum(duration) FILTER (WHERE event_type = 'call'), 0) AS call_seconds,
  coalesce(sum(duration) FILTER (WHERE event_type = 'call' AND network = 'own'), 0) AS own_seconds,
  coalesce(sum(duration) FILTER (WHERE event_type = 'call' AND network = 'rival'), 0) AS rival_seconds,
  count(*) FILTER (WHERE event_type = 'call' AND duration >= 300) AS long_calls,
  coalesce(sum(duration) FILTER (WHERE event_type = 'call' AND hour(ts) >= 8 AND hour(ts) < 18), 0) AS peak_seconds,
  coalesce(sum(duration) FILTER (WHERE event_type = 'call' AND NOT (hour(ts) >= 8 AND hour(ts) < 18)), 0) AS offpeak_seconds,
  coalesce(sum(duration) FILTER (WHERE event_type = 'call' AND isodow(ts) IN (6, 7)), 0) AS weekend_seconds,
  coalesce(sum(duration) FILTER (WHERE event_type = 'call' AND isodow(ts) NOT IN (6, 7)), 0) AS weekday_seconds,
  avg(duration) FILTER (WHERE event_type = 'call') AS mean_call_seconds,
  max(duration) FILTER (WHERE event_type = 'call') AS max_call_seconds,
  coalesce(sum(amount), 0) AS amount,
  coalesce(sum(bytes) FILTER (WHERE event_type = 'data'), 0) AS data_bytes,
  coalesce(sum(duration) FILTER (WHERE event_type = 'call' AND ts >= TIMESTAMP '2024-03-01'), 0) AS last30_seconds,
  count(DISTINCT party) FILTER (WHERE event_type = 'call') AS call_partners,
  date_diff('day', max(ts)::DATE, DATE '2024-03-31') AS recency
FROM read_csv('{events}', header = true, columns = {columns})
WHERE ts < TIMESTAMP '2024-03-31'
GROUP BY customer_id;
CREATE TABLE wide_final AS
SELECT *, CASE WHEN weekday_seconds = 0 THEN NULL ELSE weekend_seconds / weekday_seconds END AS weekend_ratio,
  CASE WHEN call_seconds = 0 THEN CASE WHEN own_seconds = 0 THEN 0 ELSE NULL END
       ELSE own_seconds / call_seconds END AS own_share
FROM wide;
"""


EVENT_COLUMNS = """{
  'customer_id': 'VARCHAR', 'ts': 'TIMESTAMP', 'event_type': 'VARCHAR', 'duration': 'BIGINT',
  'amount': 'DOUBLE', 'bytes': 'BIGINT', 'network': 'VARCHAR', 'party': 'VARCHAR'}"""


def compiled_wide(folder, events_csv, compiled_sql):
    """DuckDB statements that run Segmenta's compiled wide-table query over the event file, reading the
    customers DuckDB imported in step 1, into the table `wide_final`."""
    columns = EVENT_COLUMNS
    return (
        f"ATTACH '{folder}/duck_import.db' AS imported (READ_ONLY);\n"
        "CREATE VIEW customers AS SELECT customer_id FROM imported.customers;\n"
        f"CREATE VIEW events AS SELECT * FROM read_csv('{events_csv}', header = true, columns = {columns});\n"
        f"CREATE TABLE wide_final AS\n{compiled_sql.rstrip().rstrip(';')};\n"
    )


def duckdb_child(code):
    return [sys.executable, "-c", "import duckdb, sys\n" + code]


def duckdb_wide(database, statements, label):
    """Runs `statements` (which create `wide_final`) in a fresh DuckDB database file; returns (seconds, peak MB)."""
    if database.exists():
        database.unlink()
    seconds, peak, _ = run_measured(
        duckdb_child(
            f"con = duckdb.connect('{database}')\n"
            f"con.execute({statements!r})\n"
            "print(con.execute('SELECT count(*) FROM wide_final').fetchone()[0])"
        ),
        label=label,
    )
    return seconds, peak


def generate(folder, customers, event_counts):
    import duckdb

    con = duckdb.connect()
    columns = ["'C' || lpad((i + 1)::VARCHAR, 8, '0') AS customer_id"]
    for k in range(10):
        columns.append(f"(hash(i, {k}) % 1000)::BIGINT AS int_{k}")
    for k in range(10):
        columns.append(f"round(((hash(i, {100 + k}) % 1000000) / 100.0), 2) AS dec_{k}")
    for k in range(8):
        columns.append(f"'cat_' || (hash(i, {200 + k}) % {5 + 3 * k})::VARCHAR AS cat_{k}")
    for k in range(4):
        columns.append(f"(DATE '2015-01-01' + (hash(i, {300 + k}) % 3000)::INTEGER)::VARCHAR AS date_{k}")
    for k in range(4):
        columns.append(f"CASE WHEN hash(i, {400 + k}) % 2 = 0 THEN 'yes' ELSE 'no' END AS flag_{k}")
    columns.append("['北京', '上海', '广州', '深圳', '成都'][(hash(i, 502) % 5 + 1)::INTEGER] AS city")
    columns.append("(13800000000 + hash(i, 500) % 100000000)::VARCHAR AS phone")
    columns.append("CASE WHEN hash(i, 501) % 3 = 0 THEN '' ELSE 'user' || i::VARCHAR || '@example.com' END AS email")
    assert len(columns) == 40
    con.execute(
        f"COPY (SELECT {', '.join(columns)} FROM range({customers}) t(i)) TO '{folder}/customers.csv' (HEADER, DELIMITER ',')"
    )
    for count in event_counts:
        con.execute(
            f"""COPY (
            SELECT 'C' || lpad(((hash(i, 1) % {customers}) + 1)::VARCHAR, 8, '0') AS customer_id,
              strftime(TIMESTAMP '2024-01-01' + to_seconds((hash(i, 2) % (90 * 86400))::BIGINT), '%Y-%m-%d %H:%M:%S') AS ts,
              CASE hash(i, 3) % 10 WHEN 0 THEN 'data' WHEN 1 THEN 'data' WHEN 2 THEN 'sms' WHEN 3 THEN 'sms' WHEN 4 THEN 'sms'
                ELSE 'call' END AS event_type,
              (hash(i, 4) % 900)::BIGINT AS duration,
              round((hash(i, 5) % 10000) / 100.0, 2) AS amount,
              (hash(i, 6) % 5000000)::BIGINT AS bytes,
              CASE hash(i, 7) % 4 WHEN 0 THEN 'own' WHEN 1 THEN 'rival' WHEN 2 THEN 'fixed' ELSE 'phs' END AS network,
              (13900000000 + hash(hash(i, 1) % {customers}, hash(i, 8) % 40) % 100000000)::VARCHAR AS party
            FROM range({count}) t(i)
          ) TO '{folder}/events_{count}.csv' (HEADER, DELIMITER ',')"""
        )


def compare(segmenta_csv, duckdb_db, features):
    import duckdb

    con = duckdb.connect(str(duckdb_db), read_only=True)
    con.execute(f"CREATE TEMP TABLE s AS SELECT * FROM read_csv('{segmenta_csv}', header = true, all_varchar = true)")
    worst = {}
    for name in features:
        row = con.execute(
            f"""SELECT count(*),
                 max(abs(coalesce(TRY_CAST(s.{name} AS DOUBLE), -1e300) - coalesce(w.{name}::DOUBLE, -1e300))
                     / greatest(1.0, abs(coalesce(w.{name}::DOUBLE, 0))))
               FROM s JOIN wide_final w USING (customer_id)"""
        ).fetchone()
        worst[name] = row[1]
    joined = con.execute("SELECT count(*) FROM s JOIN wide_final w USING (customer_id)").fetchone()[0]
    return joined, worst


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--events", default="10000000,20000000")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--data", default=None, help="folder for the generated data (default: a temporary one)")
    args = parser.parse_args()
    # `--events none` measures the customer import only.
    event_counts = [int(x) for x in args.events.split(",") if x not in ("", "none")]
    import duckdb

    folder = pathlib.Path(args.data or tempfile.mkdtemp(prefix="segmenta-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    cores = os.cpu_count()
    print(f"Segmenta foundation benchmark — {cores} cores, DuckDB {duckdb.__version__}, data in {folder}")
    t = time.perf_counter()
    if not (folder / "customers.csv").exists() or any(not (folder / f"events_{n}.csv").exists() for n in event_counts):
        generate(folder, args.customers, event_counts)
    print(f"data ready in {time.perf_counter() - t:.1f} s")
    (folder / "spec.yaml").write_text(SPEC)
    results = {}

    # 1. Customer import.
    for leftover in folder.glob("*.db*"):
        leftover.unlink()
    customers_csv = folder / "customers.csv"
    size_mb = customers_csv.stat().st_size / 1e6
    workspace = folder / "bench.db"
    subprocess.run([SEGMENTA, "init", "--workspace", workspace], check=True, capture_output=True)
    seconds, peak, out = run_measured(
        [SEGMENTA, "import", "customers", customers_csv, "--workspace", workspace, "--json"], label="segmenta import"
    )
    summary = json.loads(out)["summary"]
    assert summary["inserted"] == args.customers, summary
    duck_seconds, duck_peak, _ = run_measured(
        duckdb_child(
            f"con = duckdb.connect('{folder}/duck_import.db')\n"
            f"con.execute(\"CREATE TABLE customers AS SELECT * FROM read_csv('{customers_csv}', header = true)\")\n"
            "print(con.execute('SELECT count(*) FROM customers').fetchone()[0])"
        ),
        label="duckdb import",
    )
    results["import"] = dict(
        rows=args.customers, columns=40, mb=size_mb, segmenta_s=seconds, segmenta_peak_mb=peak,
        duckdb_s=duck_seconds, duckdb_peak_mb=duck_peak,
    )

    # 2. Wide table, at each event count.
    features = [line.split("name: ")[1].split(",")[0] for line in SPEC.splitlines() if "name: " in line]
    for count in event_counts:
        events_csv = folder / f"events_{count}.csv"
        period = f"bench{count}"
        seconds, peak, out = run_measured(
            [SEGMENTA, "features", "build", "--workspace", workspace, "--spec", folder / "spec.yaml",
             "--events", events_csv, "--period", period, "--json"],
            label="segmenta features build",
        )
        report = json.loads(out)
        assert report["period"]["events_read"] == count, report["period"]
        duck_db = folder / f"duck_wide_{count}.db"
        duck_seconds, duck_peak = duckdb_wide(
            duck_db, DUCKDB_WIDE.format(events=events_csv, columns=EVENT_COLUMNS), "duckdb wide table")
        compiled_sql = subprocess.run(
            [SEGMENTA, "compile", "features", "--spec", folder / "spec.yaml", "--target", "duckdb"],
            check=True, capture_output=True, text=True,
        ).stdout
        compiled_db = folder / f"duck_compiled_{count}.db"
        compiled_seconds, compiled_peak = duckdb_wide(
            compiled_db, compiled_wide(folder, events_csv, compiled_sql), "duckdb compiled wide table")
        export = folder / f"segmenta_wide_{count}.csv"
        subprocess.run(
            [SEGMENTA, "features", "export", "--workspace", workspace, "--period", period, "--out", export],
            check=True, capture_output=True,
        )
        joined, worst = compare(export, duck_db, features)
        compiled_joined, compiled_worst = compare(export, compiled_db, features)
        results[f"wide_{count}"] = dict(
            events=count, mb=events_csv.stat().st_size / 1e6, features=len(features), segmenta_s=seconds,
            segmenta_peak_mb=peak, duckdb_s=duck_seconds, duckdb_peak_mb=duck_peak, customers_compared=joined,
            worst_relative_difference=max(worst.values()), compiled_duckdb_s=compiled_seconds,
            compiled_duckdb_peak_mb=compiled_peak, compiled_customers_compared=compiled_joined,
            compiled_worst_relative_difference=max(compiled_worst.values()),
        )

    # 3. Memory: the same spec without its distinct count (whose memory follows distinct
    # (customer, partner) pairs) at both event counts; peak memory should not move.
    no_distinct = folder / "spec_no_distinct.yaml"
    no_distinct.write_text("\n".join(line for line in SPEC.splitlines() if "call_partners" not in line))
    memory = {}
    for count in event_counts:
        seconds, peak, _ = run_measured(
            [SEGMENTA, "features", "build", "--workspace", workspace, "--spec", no_distinct,
             "--events", folder / f"events_{count}.csv", "--period", f"nodistinct{count}"],
            label="segmenta features build without distinct",
        )
        memory[count] = (seconds, peak)
    results["memory_without_distinct"] = {str(k): {"seconds": v[0], "peak_mb": v[1]} for k, v in memory.items()}

    print()
    print(f"{'step':<28}{'rows':>12}{'Segmenta s':>12}{'rows/s':>14}{'peak MB':>10}{'DuckDB s':>10}{'peak MB':>10}{'ratio':>8}")
    for key, r in results.items():
        if key == "memory_without_distinct":
            continue
        rows = r.get("rows", r.get("events"))
        name = "customer import (40 cols)" if key == "import" else f"wide table ({r['features']} features)"
        print(
            f"{name:<28}{rows:>12,}{r['segmenta_s']:>12.2f}{rows / r['segmenta_s']:>14,.0f}{r['segmenta_peak_mb']:>10.0f}"
            f"{r['duckdb_s']:>10.2f}{r['duckdb_peak_mb']:>10.0f}{r['segmenta_s'] / r['duckdb_s']:>8.2f}"
        )
    for count, (seconds, peak) in memory.items():
        print(f"wide table without the distinct count, {count:,} events: {seconds:.2f} s, peak {peak:.0f} MB")
    for key, r in results.items():
        if key.startswith("wide"):
            print(
                f"{key}: the compiled query on DuckDB {r['compiled_duckdb_s']:.2f} s, peak "
                f"{r['compiled_duckdb_peak_mb']:.0f} MB: {r['compiled_duckdb_s'] / r['duckdb_s']:.2f}× the hand-written "
                f"query, Segmenta {r['segmenta_s'] / r['compiled_duckdb_s']:.2f}× it"
            )
            print(
                f"{key}: {r['customers_compared']:,} customers compared with DuckDB, "
                f"worst relative difference {r['worst_relative_difference']:.2e}; "
                f"{r['compiled_customers_compared']:,} with the compiled query, "
                f"worst relative difference {r['compiled_worst_relative_difference']:.2e}"
            )
    (folder / "results.json").write_text(json.dumps(results, indent=1))
    print(f"ratio = Segmenta time / DuckDB time (lower is better); results in {folder / 'results.json'}")
    if not args.keep and not args.data:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
