#!/usr/bin/env bash
# Customer-value benchmark: builds Segmenta in release mode, installs lifetimes 0.11.3 (with pandas 2)
# and DuckDB 2.0.0 in .venv-bench/ and runs scripts/bench/value.py (options pass through, e.g.
# --customers 1000000 --transactions 10000000 --data /tmp/valuedata).
# SEGMENTA_BENCH_NO_BUILD=1 uses the release binary as it is (when others are building).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/bench/prepare.sh
bench_prepare "lifetimes==0.11.3" "pandas==2.2.3" "numpy==1.26.4" "scipy==1.13.1" "autograd==1.7.0" "duckdb==2.0.0"
exec .venv-bench/bin/python scripts/bench/value.py "$@"
