#!/usr/bin/env bash
# The scale benchmark (docs/scale.md, "The loop at scale"): builds Segmenta in release mode, prepares Spark
# (pyspark 3.5.3 from PyPI, Java 17) with scripts/equality/env.sh, generates CUSTOMERS customers and about 20
# events each with Spark into DATA (once; kept for later runs), then runs the loop on Spark in local[2] and the
# workspace path on the same data with scripts/bench/scale.py.
#
#   bash scripts/bench/scale.sh DATA WORK [CUSTOMERS]      (default 10,000,000 customers, about 200M events)
#
# SEGMENTA_BENCH_NO_BUILD=1 uses the release binary as it is; options after CUSTOMERS go to scale.py
# (--sample N, --skip-workspace, --skip-spark, --driver-memory 12g).
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${1:?usage: scale.sh DATA WORK [CUSTOMERS]}
work=${2:?usage: scale.sh DATA WORK [CUSTOMERS]}
customers=${3:-10000000}
if [ "${SEGMENTA_BENCH_NO_BUILD:-0}" != 1 ]; then
  swift build -c release --product segmenta
fi
venv=$(scripts/equality/env.sh)
export PATH="$venv/bin:$PATH"   # spark-sql
if [ ! -f "$data/csv/events.csv" ]; then
  "$venv/bin/python" scripts/bench/scale_data.py --customers "$customers" --out "$data" \
    --csv-customers "$customers"
fi
exec "$venv/bin/python" scripts/bench/scale.py --data "$data" --work "$work" --master "local[2]" "${@:4}"
