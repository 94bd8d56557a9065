#!/usr/bin/env bash
# Churn benchmark: builds Segmenta in release mode, installs scikit-learn 1.9.1 in the private
# virtualenv .venv-bench/ and runs scripts/bench/churn.py (options pass through, e.g.
# --customers 200000 --data /tmp/churndata). SEGMENTA_BENCH_NO_BUILD=1 uses the release binary as it is.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/bench/prepare.sh
bench_prepare "scikit-learn==1.9.1"
# scikit-learn's OpenMP threads otherwise spin while they wait; on a machine whose cores other work
# shares, that made its fits 6-35x slower here. Passive waiting is its fastest setting, so use it.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
exec .venv-bench/bin/python scripts/bench/churn.py "$@"
