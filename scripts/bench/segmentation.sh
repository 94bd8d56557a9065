#!/usr/bin/env bash
# Segmentation benchmark: builds the Benchmarks/ harness and Segmenta in release mode, installs
# scikit-learn 1.9.1 and DuckDB 2.0.0 in a private virtualenv and runs scripts/bench/segmentation.py
# (pass its options through, e.g. --parts d).
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product segmenta
(cd Benchmarks && swift build -c release --product SegmentaBench)
if [ ! -x .venv-bench/bin/python ]; then
  python3 -m venv .venv-bench
fi
.venv-bench/bin/pip install --quiet --disable-pip-version-check "scikit-learn==1.9.1" "duckdb==2.0.0"
exec .venv-bench/bin/python scripts/bench/segmentation.py "$@"
