#!/usr/bin/env bash
# Server load benchmark: builds Segmenta in release mode, installs DuckDB 2.0.0 in a private
# virtualenv (it generates the data) and runs scripts/bench/server.py (options pass through, e.g.
# --customers 200000). Needs wrk (Debian package `wrk`; installed here when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v wrk >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk </dev/null
fi
source scripts/bench/prepare.sh
bench_prepare "duckdb==2.0.0"
exec .venv-bench/bin/python scripts/bench/server.py "$@"
