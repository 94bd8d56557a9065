#!/usr/bin/env bash
# Prepares the engines the equality checks run on and prints the Python environment's path: DuckDB, pandas,
# psycopg, pypmml and pyspark (whose package folder holds Spark: bin/spark-sql) from PyPI in .build/venv-equality,
# Java 17 from Debian when the machine has none (Spark and pypmml run on it). Exits non-zero when a tool cannot
# be had.
#
#   venv=$(scripts/equality/env.sh)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

if ! command -v java >/dev/null; then
  command -v apt-get >/dev/null || { echo "env.sh: Java is needed for Spark and pypmml" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-17-jre-headless </dev/null >&2 \
    || { echo "env.sh: cannot install openjdk-17-jre-headless" >&2; exit 1; }
fi
"$root/scripts/python-env.sh" venv-equality "duckdb==2.0.0" "pandas==2.2.3" "psycopg[binary]==3.3.9" \
  "pypmml==1.5.8" "pyspark==3.5.3"
