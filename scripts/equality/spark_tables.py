#!/usr/bin/env python3
"""Makes the Parquet tables `segmenta spark tags` is checked on, from a workspace's exported files, with DuckDB.

    spark_tables.py --customers customers.csv --features features.csv --segments NAME=segments.csv ... --out DIR

Writes DIR/tagged.parquet: the customer file joined with the wide table of `segmenta features export`, as
check_rules.py makes its `customers` table (a feature hides a customer column of the same name; numeric columns as
64-bit floats, the others as text, phone and e-mail columns as text, empty cells NULL), and DIR/segments_NAME.parquet (customer_id, segment_id) for
each segmentation.
"""
import argparse
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from check_rules import tables  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", required=True)
    parser.add_argument("--features", required=True)
    parser.add_argument("--segments", action="append", default=[])
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    import duckdb

    # Phone numbers and e-mail addresses stay text: a campaign's list checks their form.
    frames = tables(args.customers, args.features, dict(s.split("=", 1) for s in args.segments),
                    text={"phone", "email"})
    out = pathlib.Path(args.out)
    connection = duckdb.connect()
    for name, frame in frames.items():
        if name == "customer_tags":
            continue
        target = out / ("tagged.parquet" if name == "customers" else f"{name}.parquet")
        connection.register("frame", frame)
        connection.execute(f"COPY (SELECT * FROM frame) TO '{target}' (FORMAT parquet)")
        connection.unregister("frame")
        print(target)


if __name__ == "__main__":
    main()
