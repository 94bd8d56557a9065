#!/usr/bin/env bash
# Stability and comparison benchmark: builds Segmenta in release mode, installs scikit-learn, scipy and
# pandas in a private virtualenv (.venv-bench/) and runs scripts/bench/stability.py (options pass through,
# e.g. --customers 100000 --data /tmp/stabilitydata). SEGMENTA_BENCH_NO_BUILD=1 uses the release binary
# as it is.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/bench/prepare.sh
bench_prepare "scikit-learn==1.9.1" "scipy==1.13.1" "pandas==2.2.3"
exec .venv-bench/bin/python scripts/bench/stability.py "$@"
