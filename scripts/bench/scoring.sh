#!/usr/bin/env bash
# Scoring benchmark: builds Segmenta in release mode, installs DuckDB 2.0.0 in .venv-bench/ and runs
# scripts/bench/scoring.py (options pass through, e.g. --customers 1000000 --data /tmp/scoring).
# SEGMENTA_BENCH_NO_BUILD=1 uses the release binary as it is (when others are building).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/bench/prepare.sh
bench_prepare "duckdb==2.0.0"
exec .venv-bench/bin/python scripts/bench/scoring.py "$@"
