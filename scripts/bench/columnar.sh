#!/usr/bin/env bash
# Columnar customer read benchmark: builds Segmenta in release mode, generates with DuckDB (in
# .venv-bench/, as the other benchmarks) a customer file of 1,000,000 rows × 32 numeric columns
# (16 skewed decimals with two places, 16 whole numbers), imports it, and times reading every column
# of every customer into arrays: `read_seconds` of `segmenta segment --json` (the time its fit spent
# reading the features from the workspace; one cheap k-means pass after it), median of five runs
# after a first one that also opens the file.
# Options: --customers N (default 1000000), --data FOLDER (kept; default a temporary folder).
set -euo pipefail
cd "$(dirname "$0")/../.."
customers=1000000
data=""
while [ $# -gt 0 ]; do
  case "$1" in
    --customers) customers="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
swift build -c release --product segmenta
if [ ! -x .venv-bench/bin/python ]; then
  python3 -m venv .venv-bench
fi
.venv-bench/bin/pip install --quiet --disable-pip-version-check "duckdb==2.0.0"
folder="${data:-$(mktemp -d -t segmenta-columnar-XXXXXX)}"
mkdir -p "$folder"
.venv-bench/bin/python - "$folder" "$customers" <<'PY'
import sys, duckdb
folder, n = sys.argv[1], int(sys.argv[2])
columns = ["'C' || lpad((i + 1)::VARCHAR, 8, '0') AS customer_id"]
columns += [f"round(exp((hash(i, {k}) % 10000) / 1000.0), 2) AS usage_{k}" for k in range(16)]
columns += [f"(hash(i, {100 + k}) % 5000)::BIGINT AS count_{k}" for k in range(16)]
duckdb.connect().execute(f"COPY (SELECT {', '.join(columns)} FROM range({n}) t(i)) TO '{folder}/wide32.csv' (HEADER)")
PY
rm -f "$folder"/read.db*
.build/release/segmenta init --workspace "$folder/read.db" > /dev/null
/usr/bin/time -f "import: %e s wall, %M KB peak" .build/release/segmenta import customers "$folder/wide32.csv" \
  --workspace "$folder/read.db" > /dev/null
for run in 0 1 2 3 4 5; do
  .build/release/segmenta segment --workspace "$folder/read.db" --name read$run --k 2 --restarts 1 \
    --max-iter 1 --json 2>/dev/null
done | python3 -c '
import json, sys
loads = [json.loads(line)["read_seconds"] for line in sys.stdin if line.strip()]
later = sorted(loads[1:])
print(f"customer read: 32 columns x {sys.argv[1]} customers in {later[len(later) // 2]:.3f} s "
      f"(median of {len(later)}; first {loads[0]:.3f} s)")' "$customers"
[ -n "$data" ] || rm -rf "$folder"
