#!/usr/bin/env python3
"""Customer-value benchmark, Segmenta against the reference tools on the same data in one run.

a. CLV fit on the summaries of N customers (default 1,000,000): `segmenta value clv` (BG/NBD +
   Gamma-Gamma fits and every customer's P(alive), expected purchases, spend and 12-month CLV,
   stored) against lifetimes 0.11.3's BetaGeoFitter + GammaGammaFitter fits alone on the same
   summaries (target ≤ 0.1×), and against those fits plus lifetimes computing the same per-customer
   predictions (`customer_lifetime_value` and the rest). The summaries lifetimes would compute from
   the same transactions would take longer still.
b. RFM summary of M transactions (default 10,000,000): `segmenta value build` (reads the file,
   summarises every customer) against DuckDB's SQL computing the same per-customer summary
   (distinct purchase days, first and last day, total and repeat-day value) from the same CSV.
   Target ≤ 1×.
c. Cross-views over the stored results, each whole command against DuckDB's SQL doing the same on
   the same values read from Parquet (written beforehand, like the workspace's stored columns):
   `value pareto --column total_value` (rank, cumulative shares, tiers, stored) against a window
   sum and GROUP BY; `value retention --by value_tier,rfm --value total_value --churn none` against
   a join and GROUP BY of the same labels; `value lifecycle` (two 30-day spend periods built by
   `features build`, tenure from the customer file) against the same CASE over a join. The counts
   of both sides are printed and must agree.

Run with scripts/bench/value.sh (it builds the release binary and the Python environment).
"""
import argparse
import os
import pathlib
import subprocess
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEGMENTA = ROOT / ".build" / "release" / "segmenta"


def run(args, cwd):
    started = time.perf_counter()
    subprocess.run([str(SEGMENTA), *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def generate(folder, customers, transactions, seed=20261130):
    """Customers and transactions over 365 days: skewed spend (lognormal), Poisson-gamma counts."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    ids = np.array([f"C{i:08d}" for i in range(customers)])
    with open(folder / "customers.csv", "w") as f:
        f.write("customer_id\n")
        f.write("\n".join(ids) + "\n")
    rate = rng.gamma(0.5, 2.0, customers)
    weights = rate / rate.sum()
    who = rng.choice(customers, size=transactions, p=weights)
    first = rng.integers(0, 300, customers)
    day = np.minimum(364, first[who] + rng.integers(0, 365, transactions) % (365 - first[who]))
    amount = np.round(rng.lognormal(3.0, 1.0, transactions), 2)
    base = np.datetime64("2024-01-01")
    dates = (base + day.astype("timedelta64[D]")).astype(str)
    with open(folder / "transactions.csv", "w") as f:
        f.write("customer_id,date,amount\n")
        for start in range(0, transactions, 1_000_000):
            end = min(transactions, start + 1_000_000)
            f.write("\n".join(f"{c},{d},{a}" for c, d, a in zip(ids[who[start:end]], dates[start:end], amount[start:end])))
            f.write("\n")


def customer_profiles(folder, seed=20261201):
    """customers-profile.csv: the customers with a tenure in months (15 % under three months)."""
    path = folder / "customers-profile.csv"
    if path.exists():
        return path
    rng = np.random.default_rng(seed)
    ids = [line.strip() for line in open(folder / "customers.csv")][1:]
    tenure = np.where(rng.random(len(ids)) < 0.15, rng.integers(0, 3, len(ids)), rng.integers(3, 121, len(ids)))
    with open(path, "w") as f:
        f.write("customer_id,tenure_months\n")
        f.write("\n".join(f"{c},{t}" for c, t in zip(ids, tenure)) + "\n")
    return path


SPEND_SPEC = """events:
  customer_id: customer_id
  timestamp: date
features:
  - name: spend_30d
    label: {zh: 近30天消费, en: Spend in the last 30 days}
    aggregate: sum
    of: amount
    window_days: 30
"""


def run_json(args, cwd):
    """Runs a command with --json; returns its seconds and its parsed output."""
    import json
    started = time.perf_counter()
    done = subprocess.run([str(SEGMENTA), *args, "--json"], cwd=cwd, check=True, capture_output=True, text=True)
    return time.perf_counter() - started, json.loads(done.stdout)


def cross_views(folder, workspace, threads):
    """Part c: pareto, retention and lifecycle against DuckDB on the same values."""
    import duckdb
    ws = ["--workspace", str(workspace)]
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    tx = f"read_csv('{folder / 'transactions.csv'}', header = true, columns = {{'customer_id': 'VARCHAR', 'date': 'DATE', 'amount': 'DOUBLE'}})"
    # The inputs DuckDB reads, written before timing: per-customer total value (as `value build`
    # sums it), tenure, and the 30-day spend of the two periods for every customer.
    con.execute(f"COPY (SELECT customer_id, SUM(amount) AS total_value FROM {tx} GROUP BY customer_id) "
                f"TO '{folder / 'total_value.parquet'}'")
    con.execute(f"COPY (SELECT * FROM read_csv('{folder / 'customers-profile.csv'}', header = true, "
                f"columns = {{'customer_id': 'VARCHAR', 'tenure_months': 'DOUBLE'}})) TO '{folder / 'tenure.parquet'}'")
    for period, end in [("2024-11", "2024-12-01"), ("2024-12", "2024-12-31")]:
        con.execute(f"""COPY (
            SELECT c.customer_id, COALESCE(SUM(t.amount), 0) AS spend_30d
            FROM read_csv('{folder / 'customers.csv'}', header = true, columns = {{'customer_id': 'VARCHAR'}}) c
            LEFT JOIN {tx} t ON t.customer_id = c.customer_id
              AND t.date >= DATE '{end}' - INTERVAL 30 DAY AND t.date < DATE '{end}'
            GROUP BY c.customer_id) TO '{folder / f'spend-{period}.parquet'}'""")

    print("c. Cross-views over stored results")
    ours, result = run_json(["value", "pareto", "--column", "total_value", *ws], folder)
    started = time.perf_counter()
    duck_tiers = con.execute(f"""
        WITH ranked AS (
          SELECT total_value, SUM(total_value) OVER (ORDER BY total_value DESC, customer_id
                   ROWS UNBOUNDED PRECEDING) / SUM(total_value) OVER () AS share
          FROM '{folder / 'total_value.parquet'}' WHERE total_value IS NOT NULL)
        SELECT CASE WHEN share - total_value / (SELECT SUM(total_value) FROM '{folder / 'total_value.parquet'}') < 0.80
                    THEN 1 WHEN share - total_value / (SELECT SUM(total_value) FROM '{folder / 'total_value.parquet'}') < 0.95
                    THEN 2 ELSE 3 END AS tier, COUNT(*), SUM(total_value)
        FROM ranked GROUP BY tier ORDER BY tier""").fetchall()
    duck = time.perf_counter() - started
    ours_counts = [tier["customers"] for tier in result["tiers"]]
    print(f"  segmenta value pareto: {ours:.2f} s   duckdb window + GROUP BY: {duck:.2f} s   ratio {ours / duck:.2f}x"
          f"   tiers {ours_counts} / {[row[1] for row in duck_tiers]}")

    subprocess.run([str(SEGMENTA), "value", "rfm", *ws], cwd=folder, check=True, stdout=subprocess.DEVNULL)
    for name in ["value_tier", "rfm"]:
        subprocess.run([str(SEGMENTA), "export", name, "--lang", "en", "--out", str(folder / f"{name}.csv"), *ws],
                       cwd=folder, check=True, stdout=subprocess.DEVNULL)
        con.execute(f"COPY (SELECT customer_id, segment_name FROM read_csv('{folder / f'{name}.csv'}', header = true, "
                    f"all_varchar = true) WHERE segment_name <> '') TO '{folder / f'{name}.parquet'}'")
    ours, result = run_json(["value", "retention", "--by", "value_tier,rfm", "--value", "total_value",
                             "--churn", "none", *ws], folder)
    started = time.perf_counter()
    cells = con.execute(f"""
        SELECT v.segment_name, r.segment_name, COUNT(*), SUM(t.total_value)
        FROM '{folder / 'value_tier.parquet'}' v
        JOIN '{folder / 'rfm.parquet'}' r USING (customer_id)
        LEFT JOIN '{folder / 'total_value.parquet'}' t USING (customer_id)
        GROUP BY ALL ORDER BY 3 DESC""").fetchall()
    duck = time.perf_counter() - started
    ours_cells = sorted(cell["customers"] for cell in result["table"]["cells"] if cell["customers"] > 0)
    agree = ours_cells == sorted(row[2] for row in cells)
    print(f"  segmenta value retention: {ours:.2f} s   duckdb join + GROUP BY: {duck:.2f} s   ratio {ours / duck:.2f}x"
          f"   {len(ours_cells)} cells, counts {'equal' if agree else 'DIFFER'}")

    for period, end in [("2024-11", "2024-12-01"), ("2024-12", "2024-12-31")]:
        (folder / "spend.yaml").write_text(SPEND_SPEC)
        subprocess.run([str(SEGMENTA), "features", "build", "--spec", "spend.yaml", "--events", "transactions.csv",
                        "--as-of", end, "--period", period, "--replace", *ws],
                       cwd=folder, check=True, stdout=subprocess.DEVNULL)
    ours, result = run_json(["value", "lifecycle", "--tenure", "tenure_months", "--usage", "spend_30d",
                             "--from", "2024-11", "--to", "2024-12", *ws], folder)
    started = time.perf_counter()
    stages = con.execute(f"""
        SELECT CASE WHEN t.tenure_months < 3 THEN 'new'
                    WHEN b.spend_30d <= 0 THEN 'lapsed'
                    WHEN a.spend_30d <= 0 THEN 'growing'
                    WHEN (b.spend_30d - a.spend_30d) / a.spend_30d >= 0.2 THEN 'growing'
                    WHEN (b.spend_30d - a.spend_30d) / a.spend_30d <= -0.2 THEN 'declining'
                    ELSE 'stable' END AS stage, COUNT(*)
        FROM '{folder / 'tenure.parquet'}' t
        JOIN '{folder / 'spend-2024-11.parquet'}' a USING (customer_id)
        JOIN '{folder / 'spend-2024-12.parquet'}' b USING (customer_id)
        GROUP BY stage""").fetchall()
    duck = time.perf_counter() - started
    theirs = {row[0]: row[1] for row in stages}
    mine = {stage["stage"]: stage["customers"] for stage in result["stages"]}
    differing = sum(abs(theirs.get(k, 0) - v) for k, v in mine.items()) // 2
    # Spend sums added in another order can differ in the last bit, which moves a customer whose change
    # is exactly ±20 % across the boundary: count those customers.
    boundary = con.execute(f"""
        SELECT COUNT(*) FROM '{folder / 'spend-2024-11.parquet'}' a
        JOIN '{folder / 'spend-2024-12.parquet'}' b USING (customer_id)
        WHERE a.spend_30d > 0 AND abs(abs((b.spend_30d - a.spend_30d) / a.spend_30d) - 0.2) < 1e-9""").fetchone()[0]
    if differing == 0:
        verdict = "equal"
    elif differing <= boundary:
        verdict = f"equal but for {differing} of the {boundary} customers whose change is exactly ±20 %"
    else:
        verdict = f"DIFFER from {theirs}"
    print(f"  segmenta value lifecycle: {ours:.2f} s   duckdb join + CASE + GROUP BY: {duck:.2f} s   "
          f"ratio {ours / duck:.2f}x   stages {mine} ({verdict})")


def lifetimes_fit(folder, months=12, discount=0.01):
    """lifetimes' two fits, then every customer's P(alive), expected purchases over the horizon,
    expected spend and 12-month CLV (what `segmenta value clv` computes and stores)."""
    import pandas as pd
    from lifetimes import BetaGeoFitter, GammaGammaFitter
    summary = pd.read_csv(folder / "summary.csv")
    started = time.perf_counter()
    failure = None
    fits = None
    try:
        bgf = BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
        repeat = summary[summary["frequency"] > 0]
        ggf = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
        fits = time.perf_counter() - started
        print(f"  lifetimes: r={bgf.params_['r']:.4f} alpha={bgf.params_['alpha']:.4f} "
              f"a={bgf.params_['a']:.4f} b={bgf.params_['b']:.4f}")
        f, r, t, m = summary["frequency"], summary["recency"], summary["T"], summary["monetary_value"]
        bgf.conditional_probability_alive(f, r, t)
        bgf.conditional_expected_number_of_purchases_up_to_time(months * 30, f, r, t)
        ggf.conditional_expected_average_profit(f, m)
        clv = ggf.customer_lifetime_value(bgf, f, r, t, m, time=months, discount_rate=discount, freq="D")
        print(f"  lifetimes: mean {months}-month CLV {clv.mean():.4f}")
    except Exception as error:  # lifetimes' ConvergenceError, overflow
        failure = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
    return fits, time.perf_counter() - started, failure


def duckdb_summary(folder, threads):
    import duckdb
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    started = time.perf_counter()
    con.execute(f"""
        CREATE TABLE s AS
        WITH days AS (
          SELECT customer_id, CAST(date AS DATE) AS day, SUM(amount) AS value
          FROM read_csv('{folder / 'transactions.csv'}', header = true,
                        columns = {{'customer_id': 'VARCHAR', 'date': 'DATE', 'amount': 'DOUBLE'}})
          GROUP BY ALL),
        ranked AS (SELECT *, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY day) AS n FROM days)
        SELECT customer_id, COUNT(*) - 1 AS frequency, MAX(day) - MIN(day) AS recency,
               DATE '2024-12-30' - MIN(day) AS T,
               COALESCE(AVG(value) FILTER (WHERE n > 1), 0) AS monetary_value, SUM(value) AS total_value
        FROM ranked GROUP BY customer_id""")
    rows = con.execute("SELECT COUNT(*) FROM s").fetchone()[0]
    return time.perf_counter() - started, rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--transactions", type=int, default=10_000_000)
    parser.add_argument("--data", default="/tmp/segmenta-value-bench")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--parts", default="abc", help="b, a, c or any of them (c alone reuses the workspace)")
    options = parser.parse_args()
    folder = pathlib.Path(options.data)
    if not (folder / "transactions.csv").exists():
        print(f"generating {options.customers:,} customers and {options.transactions:,} transactions in {folder}")
        generate(folder, options.customers, options.transactions)
    workspace = folder / "bench.db"
    customer_profiles(folder)
    if options.parts == "c":
        cross_views(folder, workspace, options.threads)
        return
    for suffix in ["", "-wal", "-shm"]:
        pathlib.Path(str(workspace) + suffix).unlink(missing_ok=True)
    run(["init", "--workspace", str(workspace)], folder)
    run(["import", "customers", "customers-profile.csv", "--workspace", str(workspace)], folder)

    print("b. RFM summary of the transactions")
    ours_build = run(["value", "build", "--transactions", "transactions.csv", "--as-of", "2024-12-30",
                      "--workspace", str(workspace)], folder)
    duck, rows = duckdb_summary(folder, options.threads)
    print(f"  segmenta value build: {ours_build:.2f} s   duckdb: {duck:.2f} s ({rows:,} customers)   "
          f"ratio {ours_build / duck:.2f}x (target <= 1x)")

    print("a. CLV fit on the customers' summaries")
    ours_clv = run(["value", "clv", "--workspace", str(workspace)], folder)
    subprocess.run([str(SEGMENTA), "value", "report", "--format", "json", "--out", str(folder / "report.json"),
                    "--workspace", str(workspace)], cwd=folder, check=True, stdout=subprocess.DEVNULL)
    import duckdb
    # The same summaries for lifetimes, from DuckDB's table above (equal to Segmenta's by construction).
    con = duckdb.connect()
    con.execute(f"""
        COPY (
          WITH days AS (
            SELECT customer_id, CAST(date AS DATE) AS day, SUM(amount) AS value
            FROM read_csv('{folder / 'transactions.csv'}', header = true,
                          columns = {{'customer_id': 'VARCHAR', 'date': 'DATE', 'amount': 'DOUBLE'}})
            GROUP BY ALL),
          ranked AS (SELECT *, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY day) AS n FROM days)
          SELECT COUNT(*) - 1 AS frequency, MAX(day) - MIN(day) AS recency, DATE '2024-12-30' - MIN(day) AS T,
                 COALESCE(AVG(value) FILTER (WHERE n > 1), 0) AS monetary_value
          FROM ranked GROUP BY customer_id) TO '{folder / 'summary.csv'}' (HEADER)""")
    fits, whole, failure = lifetimes_fit(folder)
    with open(folder / "report.json") as f:
        import json
        ours = json.load(f)
    mean_clv = next((v for k, v in _walk(ours) if k == "mean_clv"), None)
    if mean_clv is not None:
        print(f"  segmenta: mean 12-month CLV {mean_clv:.4f}")
    if failure:
        print(f"  segmenta value clv: {ours_clv:.2f} s   lifetimes failed after {whole:.2f} s: {failure}")
    else:
        print(f"  segmenta value clv: {ours_clv:.2f} s   lifetimes fits alone: {fits:.2f} s (ratio "
              f"{ours_clv / fits:.3f}x, target <= 0.1x)   lifetimes fits + the same predictions: {whole:.2f} s "
              f"(ratio {ours_clv / whole:.3f}x)")
    if "c" in options.parts:
        cross_views(folder, workspace, options.threads)


def _walk(value):
    """Every (key, value) pair of a JSON document, depth first."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)

if __name__ == "__main__":
    main()
