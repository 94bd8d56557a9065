#!/usr/bin/env bash
# Equality checks of compiled definitions on other engines: DuckDB, PostgreSQL (a throw-away server on a
# loopback port), Spark (pyspark in local[2] mode) and PMML (pypmml), against the workspace's own answers.
#
#   scripts/equality/check.sh DIR
#
# DIR holds features.csv (`segmenta features export`), segments.csv (`segmenta export` of the segmentation
# NAME), model-duckdb.sql, model-postgres.sql, model-spark.sql (`segmenta compile model --target …`),
# model.pmml (`segmenta export-model`), and for the rules customers.csv (the imported customer file), the
# file segmentation.txt holding NAME, rules/rule-N-TARGET.sql (`segmenta compile rule --target …`) and
# tags-TARGET.sql (`segmenta compile tags --target …`).
# Prints check_model.py's JSON report on one line, then check_rules.py's. The tools are prepared by env.sh
# (PyPI packages in .build/venv-equality, Java 17 from Debian where missing); exits non-zero when a tool cannot
# be had.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir=${1:?usage: check.sh DIR}

venv=$("$root/scripts/equality/env.sh")

server="$dir/postgres"
port=$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url=$("$root/scripts/equality/postgres.sh" start "$server" "$port")
trap '"$root/scripts/equality/postgres.sh" stop "$server"' EXIT

"$venv/bin/python" "$root/scripts/equality/check_model.py" --features "$dir/features.csv" \
  --expected "$dir/segments.csv" --duckdb "$dir/model-duckdb.sql" --postgres "$dir/model-postgres.sql" \
  --postgres-url "$url" --spark "$dir/model-spark.sql" --pmml "$dir/model.pmml"
"$venv/bin/python" "$root/scripts/equality/check_rules.py" --customers "$dir/customers.csv" \
  --features "$dir/features.csv" --segments "$(cat "$dir/segmentation.txt")=$dir/segments.csv" \
  --rules "$dir/rules" --postgres-url "$url" --spark --tags "$dir"
