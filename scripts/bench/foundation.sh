#!/usr/bin/env bash
# Foundation benchmark: builds Segmenta in release mode, installs DuckDB in a private virtualenv and
# runs scripts/bench/foundation.py (pass its options through, e.g. --events 20000000).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/bench/prepare.sh
bench_prepare "duckdb==2.0.0"
exec .venv-bench/bin/python scripts/bench/foundation.py "$@"
