#!/usr/bin/env bash
# Equality checks of compiled definitions on other engines: DuckDB, PostgreSQL (a throw-away server on a
# loopback port), Spark (pyspark in local[2] mode) and PMML (pypmml), against the workspace's own answers.
#
#   scripts/equality/check.sh DIR [CHECK_PROFILE_OPTIONS...]
#
# DIR holds features.csv (`segmenta features export`), segments.csv (`segmenta export` of the segmentation
# NAME), model-duckdb.sql, model-postgres.sql, model-spark.sql (`segmenta compile model --target …`),
# model.pmml (`segmenta export-model`), and for the rules customers.csv (the imported customer file), the
# file segmentation.txt holding NAME, rules/rule-N-TARGET.sql (`segmenta compile rule --target …`) and
# tags-TARGET.sql (`segmenta compile tags --target …`). DIR/feature-cases/*/ each hold one wide table built by
# the workspace and compiled by `segmenta compile features` (see check_features.py). For the value query:
# topups.csv (the transaction file `segmenta value build` read), value.csv (the value table per customer,
# `segmenta rule members … --out`) and value-TARGET.sql (`segmenta compile value`). For the profile:
# profile-TARGET.sql from `segmenta compile profile --target …` (the options after DIR go to check_profile.py,
# which writes DIR/statistics-TARGET.csv). For campaign lists: DIR/campaigns/campaign-NAME-TARGET.sql (`segmenta
# compile campaign`) and, where the campaigns need them, extra.csv (more customer columns), statuses.csv and
# contacts.csv (see check_campaign.py), with customers.csv, features.csv, segments.csv and segmentation.txt. Each
# check runs only when its files are there: the model's when DIR has model-duckdb.sql, the rules' when it has
# rules/, then the features', the value's, the campaigns' and the profile's; each prints its JSON report on a
# line of its own. The tools are prepared by env.sh (PyPI packages in
# .build/venv-equality, Java 17 from Debian where missing); exits non-zero when a tool cannot be had.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir=${1:?usage: check.sh DIR}

venv=$("$root/scripts/equality/env.sh")

server="$dir/postgres"
port=$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url=$("$root/scripts/equality/postgres.sh" start "$server" "$port")
trap '"$root/scripts/equality/postgres.sh" stop "$server"' EXIT

if [[ -f "$dir/model-duckdb.sql" ]]; then
  "$venv/bin/python" "$root/scripts/equality/check_model.py" --features "$dir/features.csv" \
    --expected "$dir/segments.csv" --duckdb "$dir/model-duckdb.sql" --postgres "$dir/model-postgres.sql" \
    --postgres-url "$url" --spark "$dir/model-spark.sql" --pmml "$dir/model.pmml"
fi
if [[ -d "$dir/rules" ]]; then
  "$venv/bin/python" "$root/scripts/equality/check_rules.py" --customers "$dir/customers.csv" \
    --features "$dir/features.csv" --segments "$(cat "$dir/segmentation.txt")=$dir/segments.csv" \
    --rules "$dir/rules" --postgres-url "$url" --spark --tags "$dir"
fi
if [ -d "$dir/feature-cases" ]; then
  cases=()
  for case in "$dir"/feature-cases/*/; do cases+=(--case "${case%/}"); done
  "$venv/bin/python" "$root/scripts/equality/check_features.py" "${cases[@]}" --postgres-url "$url" --spark
fi
if [[ -f "$dir/value.csv" ]]; then
  "$venv/bin/python" "$root/scripts/equality/check_value.py" --transactions "$dir/topups.csv" \
    --expected "$dir/value.csv" --duckdb "$dir/value-duckdb.sql" --postgres "$dir/value-postgres.sql" \
    --postgres-url "$url" --spark "$dir/value-spark.sql"
fi
if [[ -d "$dir/campaigns" ]]; then
  optional=()
  for part in extra statuses contacts; do
    [[ -f "$dir/campaigns/$part.csv" ]] && optional+=("--$part" "$dir/campaigns/$part.csv")
  done
  "$venv/bin/python" "$root/scripts/equality/check_campaign.py" --customers "$dir/customers.csv" \
    --features "$dir/features.csv" --segments "$(cat "$dir/segmentation.txt")=$dir/segments.csv" \
    "${optional[@]}" --campaigns "$dir/campaigns" --postgres-url "$url" --spark
fi
if [[ -f "$dir/profile-duckdb.sql" ]]; then
  "$venv/bin/python" "$root/scripts/equality/check_profile.py" --features "$dir/features.csv" \
    --segments "$dir/segments.csv" --customers "$dir/customers.csv" --dir "$dir" --postgres-url "$url" --spark \
    "${@:2}"
fi
