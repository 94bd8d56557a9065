"""Generates the scale benchmark's data with Spark: customers and usage events in the telecom demo's layout.

Every value is a function of the customer number, the event number and the seed (xxhash64), so the data is
the same whatever the number of partitions or cores. Customers belong to one of eight personas that shift
what they do (calls, SMS, data, roaming, night use), so a segmentation finds groups.

    python scale_data.py --customers 10000000 --events-per-customer 20 --out DIR [--csv-customers N]

writes DIR/customers (Parquet), DIR/events (Parquet) and, with --csv-customers N, DIR/csv/customers.csv and
DIR/csv/events.csv holding the first N customers and their events (for the workspace path).
"""

import argparse
import json
import os
import shutil
import sys
import time

from pyspark.sql import SparkSession

# Per persona: cumulative shares of call, ip_call, sms, vas_sms, data, hotline (forward is the rest).
PERSONAS = [
    [0.60, 0.62, 0.75, 0.77, 0.95, 0.97],  # talkers
    [0.20, 0.22, 0.30, 0.32, 0.96, 0.97],  # data users
    [0.25, 0.27, 0.75, 0.85, 0.95, 0.96],  # texters
    [0.45, 0.60, 0.70, 0.72, 0.90, 0.92],  # ip callers
    [0.40, 0.42, 0.55, 0.80, 0.95, 0.96],  # value-added SMS
    [0.35, 0.37, 0.50, 0.52, 0.70, 0.90],  # service callers
    [0.50, 0.52, 0.62, 0.64, 0.86, 0.88],  # roamers
    [0.30, 0.32, 0.45, 0.47, 0.60, 0.62],  # forwarders
]

CITIES = ["北京", "上海", "广州", "深圳", "成都", "武汉", "西安", "杭州"]
BRANDS = ["全球通", "神州行", "动感地带"]


def uniform(expression):
    """A uniform number in [0, 1) from xxhash64 of the SQL expressions given."""
    return f"(pmod(xxhash64({expression}), 1000000007) / 1000000007.0)"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, required=True)
    parser.add_argument("--events-per-customer", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", required=True)
    parser.add_argument("--csv-customers", type=int, default=0)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--driver-memory", default="8g")
    arguments = parser.parse_args()

    spark = (
        SparkSession.builder.master(arguments.master)
        .appName("segmenta-scale-data")
        .config("spark.driver.memory", arguments.driver_memory)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    seed = arguments.seed
    n = arguments.customers
    mean = arguments.events_per_customer
    partitions = max(2, n // 250_000)
    started = time.time()
    os.makedirs(arguments.out, exist_ok=True)

    personas = "array(" + ", ".join("array(" + ", ".join(repr(x) for x in p) + ")" for p in PERSONAS) + ")"
    cities = "array(" + ", ".join(f"'{c}'" for c in CITIES) + ")"
    brands = "array(" + ", ".join(f"'{b}'" for b in BRANDS) + ")"
    spark.range(0, n, numPartitions=partitions).createOrReplaceTempView("ids")
    customers = spark.sql(
        f"""
        SELECT concat('C', lpad(CAST(id + 1 AS STRING), 9, '0')) AS customer_id,
               CAST(pmod(xxhash64(id, {seed}, 1), 8) AS INT) AS persona,
               CASE WHEN {uniform(f"id, {seed}, 2")} < 0.5 THEN 'M' ELSE 'F' END AS gender,
               CAST(18 + floor({uniform(f"id, {seed}, 3")} * 58) AS INT) AS age,
               element_at({cities}, CAST(1 + floor({uniform(f"id, {seed}, 4")} * 8) AS INT)) AS city,
               element_at({brands}, CAST(1 + floor({uniform(f"id, {seed}, 5")} * 3) AS INT)) AS brand,
               date_add(DATE '2012-01-01', CAST(floor({uniform(f"id, {seed}, 6")} * 4380) AS INT)) AS start_date,
               round(20 + {uniform(f"id, {seed}, 7")} * 180, 2) AS arpu,
               CAST(floor({uniform(f"id, {seed}, 8")} * {2 * mean - 1}) AS INT) + 1 AS event_count
        FROM ids
        """
    )
    customers.write.mode("overwrite").parquet(os.path.join(arguments.out, "customers"))
    spark.read.parquet(os.path.join(arguments.out, "customers")).createOrReplaceTempView("c")
    customer_seconds = time.time() - started

    events = spark.sql(
        f"""
        WITH e AS (
          SELECT customer_id, persona, posexplode(sequence(1, event_count)) AS (j, ignored)
          FROM c
        ), u AS (
          SELECT customer_id, persona, j,
                 {uniform(f"customer_id, j, {seed}, 11")} AS u_type,
                 {uniform(f"customer_id, j, {seed}, 12")} AS u_time,
                 {uniform(f"customer_id, j, {seed}, 13")} AS u_a,
                 {uniform(f"customer_id, j, {seed}, 14")} AS u_b,
                 {uniform(f"customer_id, j, {seed}, 15")} AS u_c
          FROM e
        ), t AS (
          SELECT *,
                 CASE WHEN u_type < element_at(element_at({personas}, persona + 1), 1) THEN 'call'
                      WHEN u_type < element_at(element_at({personas}, persona + 1), 2) THEN 'ip_call'
                      WHEN u_type < element_at(element_at({personas}, persona + 1), 3) THEN 'sms'
                      WHEN u_type < element_at(element_at({personas}, persona + 1), 4) THEN 'vas_sms'
                      WHEN u_type < element_at(element_at({personas}, persona + 1), 5) THEN 'data'
                      WHEN u_type < element_at(element_at({personas}, persona + 1), 6) THEN 'hotline'
                      ELSE 'forward' END AS event_type,
                 -- night owls (persona 2) shift a third of their events into the small hours
                 CASE WHEN persona = 2 AND u_c < 0.33
                      THEN CAST(floor(u_time * 91) * 86400 + pmod(82800 + CAST(floor(u_a * 28800) AS BIGINT), 86400)
                                AS BIGINT)
                      ELSE CAST(floor(u_time * 91 * 86400) AS BIGINT) END AS second
          FROM u
        )
        SELECT customer_id,
               timestamp_seconds(unix_seconds(TIMESTAMP '2024-01-01 00:00:00') + second) AS timestamp,
               event_type,
               CASE WHEN event_type IN ('call', 'ip_call', 'hotline', 'forward')
                    THEN CAST(10 + floor(u_a * (CASE WHEN persona = 0 THEN 900 ELSE 300 END)) AS DOUBLE)
                    WHEN event_type = 'data' THEN CAST(30 + floor(u_a * 3600) AS DOUBLE) END AS duration,
               CASE WHEN event_type = 'call' AND u_c < 0.01
                    THEN element_at(array('95521', '95536', '95551'), CAST(1 + floor(u_b * 3) AS INT))
                    WHEN event_type IN ('call', 'ip_call', 'sms')
                    THEN concat('13', lpad(CAST(pmod(xxhash64(customer_id, CAST(floor(u_b * 12) AS INT)), 1000000000) AS STRING), 9, '0'))
                    WHEN event_type = 'vas_sms' THEN concat('10658', CAST(floor(u_b * 90) AS INT)) END AS party,
               CASE WHEN event_type IN ('call', 'ip_call', 'sms', 'vas_sms')
                    THEN element_at(array('own', 'own', 'rival', 'fixed', 'phs'), CAST(1 + floor(u_c * 5) AS INT)) END
                 AS party_network,
               CASE WHEN event_type IN ('call', 'ip_call')
                    THEN CASE WHEN u_b < 0.7 THEN 'local' WHEN u_b < 0.97 THEN 'long_distance' ELSE 'international' END
                    END AS scope,
               CASE WHEN event_type = 'call'
                    THEN CASE WHEN persona = 6 AND u_c < 0.5 THEN 'domestic'
                              WHEN persona = 6 AND u_c < 0.6 THEN 'international' ELSE 'none' END END AS roaming,
               CASE WHEN event_type = 'data' THEN CASE WHEN u_b < 0.3 THEN 'wap' ELSE 'gprs' END END AS service,
               CASE WHEN event_type = 'data'
                    THEN CAST(floor(u_b * (CASE WHEN persona = 1 THEN 20000000 ELSE 2000000 END)) AS DOUBLE) END AS bytes,
               CASE WHEN event_type IN ('sms', 'vas_sms') THEN CAST(5 + floor(u_a * 66) AS DOUBLE) END AS length,
               CASE WHEN event_type = 'vas_sms' THEN round(u_a * 5, 2) END AS fee
        FROM t
        """
    )
    events.write.mode("overwrite").parquet(os.path.join(arguments.out, "events"))
    event_seconds = time.time() - started - customer_seconds
    counts = spark.sql(
        f"SELECT COUNT(*) AS n FROM parquet.`{os.path.join(arguments.out, 'events')}`"
    ).collect()[0]["n"]

    if arguments.csv_customers > 0:
        csv = os.path.join(arguments.out, "csv")
        os.makedirs(csv, exist_ok=True)
        limit = f"'C{arguments.csv_customers:09d}'"
        customer_columns = ["customer_id", "gender", "age", "city", "brand", "start_date", "arpu"]
        event_columns = ["customer_id", "timestamp", "event_type", "duration", "party", "party_network", "scope",
                         "roaming", "service", "bytes", "length", "fee"]
        for name, header, columns in [
            ("customers", customer_columns, ", ".join(customer_columns)),
            ("events", event_columns,
             ", ".join("date_format(timestamp, 'yyyy-MM-dd HH:mm:ss') AS timestamp" if c == "timestamp" else c
                       for c in event_columns)),
        ]:
            folder = os.path.join(csv, name + ".parts")
            spark.sql(
                f"SELECT {columns} FROM parquet.`{os.path.join(arguments.out, name)}` WHERE customer_id <= {limit}"
            ).write.mode("overwrite").option("header", "false").option("emptyValue", "").csv(folder)
            with open(os.path.join(csv, name + ".csv"), "wb") as target:
                target.write((",".join(header) + "\n").encode())
                for part in sorted(p for p in os.listdir(folder) if p.startswith("part-")):
                    with open(os.path.join(folder, part), "rb") as source:
                        shutil.copyfileobj(source, target, 1 << 22)
                    os.remove(os.path.join(folder, part))  # the disk holds the file and one part at most
            shutil.rmtree(folder)

    json.dump(
        {"customers": n, "events": counts, "customer_seconds": round(customer_seconds, 1),
         "event_seconds": round(event_seconds, 1), "total_seconds": round(time.time() - started, 1)},
        sys.stdout)
    print()
    spark.stop()


if __name__ == "__main__":
    main()
