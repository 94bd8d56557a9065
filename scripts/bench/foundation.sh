#!/usr/bin/env bash
# Foundation benchmark: builds Segmenta in release mode, installs DuckDB in a private virtualenv and
# runs scripts/bench/foundation.py (pass its options through, e.g. --events 20000000).
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product segmenta
if [ ! -x .venv-bench/bin/python ]; then
  python3 -m venv .venv-bench
fi
.venv-bench/bin/pip install --quiet --disable-pip-version-check "duckdb==2.0.0"
exec .venv-bench/bin/python scripts/bench/foundation.py "$@"
