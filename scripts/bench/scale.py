"""The scale benchmark: the whole loop on Spark beside the workspace path, on the same generated data.

Spark path (each step a `segmenta` command, as a data engineer types it):
  spark features  the wide table of every customer from the events (Parquet in, Parquet out)
  spark sample    a seeded sample of the wide table into a workspace
  segment         k-means on the sample, locally
  spark score     every customer assigned by the compiled model
  spark profile   the profile statistics computed in Spark, the report rendered locally
  spark tags      every demo tag as a tag table

Workspace path on the same customers and events (CSV): import customers, features build, segment, profile,
tags define + apply.

Prints each step's wall time, peak memory of the segmenta process and, for Spark steps, Spark's own
metrics (tasks, executor run time, input, shuffle), then the totals and their ratio.

    python scale.py --data DIR --work DIR [--segmenta PATH] [--master local[2]] [--sample 1000000]
                    [--skip-workspace] [--skip-spark]
"""

import argparse
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import run_measured  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = os.path.join(HERE, "scale", "features.yaml")
TAGS = os.path.join(HERE, "scale", "tags.yaml")


def step(rows, label, command, spark=False):
    seconds, peak, out = run_measured(command, label=label)
    result = json.loads(out) if out.strip().startswith("{") else {}
    run = result.get("run") or {}
    metrics = (run.get("metrics") or {}).get("total") or {}
    rows.append({"step": label, "seconds": seconds, "peak_mb": peak,
                 "spark": {"total": metrics, "steps": run.get("steps"), "spark_seconds": run.get("seconds")}
                 if spark else None})
    extra = ""
    if spark and metrics:
        gib = 1024 ** 3
        extra = (f"  tasks {metrics['tasks']}, executor {metrics['executor_run_seconds']:.0f} s, "
                 f"input {metrics['input_bytes'] / gib:.2f} GiB / {metrics['input_records']:,} records, "
                 f"shuffle write {metrics['shuffle_write_bytes'] / gib:.2f} GiB, "
                 f"spill {(metrics['memory_spill_bytes'] + metrics['disk_spill_bytes']) / gib:.2f} GiB")
    print(f"{label:<34} {seconds:9.1f} s {peak:9.0f} MB{extra}", flush=True)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True, help="the folder scale_data.py wrote")
    parser.add_argument("--work", required=True)
    parser.add_argument("--segmenta", default=".build/release/segmenta")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--driver-memory", default="12g")
    parser.add_argument("--sample", type=int, default=1_000_000)
    parser.add_argument("--k", default="8")
    parser.add_argument("--skip-workspace", action="store_true")
    parser.add_argument("--skip-spark", action="store_true")
    arguments = parser.parse_args()
    segmenta = os.path.abspath(arguments.segmenta)
    data = os.path.abspath(arguments.data)
    work = os.path.abspath(arguments.work)
    os.makedirs(work, exist_ok=True)
    spark_options = ["--master", arguments.master, "--driver-memory", arguments.driver_memory]
    report = {"data": data, "spark": [], "workspace": []}

    if not arguments.skip_spark:
        print("Spark path", flush=True)
        folder = os.path.join(work, "spark")
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        workspace = os.path.join(folder, "sample.db")
        rows = report["spark"]
        step(rows, "spark features", [
            segmenta, "spark", "features", "--spec", SPEC, "--events", os.path.join(data, "events"),
            "--customers", os.path.join(data, "customers"), "--out", os.path.join(folder, "features"),
            "--work-dir", os.path.join(folder, "run-features"), *spark_options, "--json"], spark=True)
        step(rows, "init", [segmenta, "init", "--workspace", workspace, "--json"])
        step(rows, f"spark sample ({arguments.sample:,})", [
            segmenta, "spark", "sample", "--workspace", workspace, "--features", os.path.join(folder, "features"),
            "--customers", os.path.join(data, "customers"), "--size", str(arguments.sample), "--seed", "1",
            "--spec", SPEC, "--period", "2024Q1", "--work-dir", os.path.join(folder, "run-sample"),
            *spark_options, "--json"], spark=True)
        step(rows, "segment (sample, local)", [
            segmenta, "segment", "--workspace", workspace, "--name", "usage", "--k", arguments.k, "--seed", "1",
            "--json"])
        step(rows, "spark score", [
            segmenta, "spark", "score", "usage", "--workspace", workspace,
            "--features", os.path.join(folder, "features"), "--out", os.path.join(folder, "scores"),
            "--work-dir", os.path.join(folder, "run-score"), *spark_options, "--json"], spark=True)
        step(rows, "spark profile", [
            segmenta, "spark", "profile", "usage", "--workspace", workspace,
            "--features", os.path.join(folder, "features"), "--scores", os.path.join(folder, "scores"),
            "--customers", os.path.join(data, "customers"), "--out", os.path.join(folder, "profile.html"),
            "--report-format", "html",
            "--work-dir", os.path.join(folder, "run-profile"), *spark_options, "--json"], spark=True)
        step(rows, "tags define", [segmenta, "tags", "define", "--workspace", workspace, "--spec", TAGS, "--json"])
        step(rows, "spark tags", [
            segmenta, "spark", "tags", "--workspace", workspace, "--table", os.path.join(folder, "features"),
            "--tag-table", os.path.join(folder, "tags"),
            "--work-dir", os.path.join(folder, "run-tags"), *spark_options, "--json"], spark=True)
        total = sum(row["seconds"] for row in rows)
        print(f"{'Spark path total':<34} {total:9.1f} s", flush=True)

    if not arguments.skip_workspace:
        print("Workspace path", flush=True)
        folder = os.path.join(work, "workspace")
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        workspace = os.path.join(folder, "segmenta.db")
        csv = os.path.join(data, "csv")
        rows = report["workspace"]
        step(rows, "init", [segmenta, "init", "--workspace", workspace, "--json"])
        step(rows, "import customers", [
            segmenta, "import", "customers", os.path.join(csv, "customers.csv"), "--workspace", workspace, "--json"])
        step(rows, "features build", [
            segmenta, "features", "build", "--spec", SPEC, "--events", os.path.join(csv, "events.csv"), "--period", "2024Q1",
            "--workspace", workspace, "--json"])
        step(rows, "segment (all, local)", [
            segmenta, "segment", "--workspace", workspace, "--name", "usage", "--k", arguments.k, "--seed", "1",
            "--json"])
        step(rows, "profile", [
            segmenta, "profile", "usage", "--workspace", workspace, "--format", "html",
            "--out", os.path.join(folder, "profile.html"), "--json"])
        step(rows, "tags define", [segmenta, "tags", "define", "--workspace", workspace, "--spec", TAGS, "--json"])
        step(rows, "tags apply", [segmenta, "tags", "apply", "--workspace", workspace, "--json"])
        total = sum(row["seconds"] for row in rows)
        print(f"{'Workspace path total':<34} {total:9.1f} s", flush=True)

    if report["spark"] and report["workspace"]:
        spark = sum(row["seconds"] for row in report["spark"])
        local = sum(row["seconds"] for row in report["workspace"])
        print(f"Spark path / workspace path: {spark / local:.2f}×", flush=True)
    with open(os.path.join(work, "scale.json"), "w") as file:
        json.dump(report, file, indent=2)


if __name__ == "__main__":
    main()
