#!/usr/bin/env bash
# Self-organising map benchmark: builds Segmenta in release mode, installs MiniSom 2.3.6 and numpy in a
# private virtualenv (.venv-bench/) and runs scripts/bench/som.py (options pass through, e.g.
# --customers 50000 --data /tmp/somdata). SEGMENTA_BENCH_NO_BUILD=1 uses the release binary as it is.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/bench/prepare.sh
bench_prepare "MiniSom==2.3.6" "numpy==2.4.6"
exec .venv-bench/bin/python scripts/bench/som.py "$@"
