#!/usr/bin/env bash
# Churn benchmark: builds Segmenta in release mode, installs scikit-learn 1.9.1 in the private
# virtualenv .venv-bench/ and runs scripts/bench/churn.py (options pass through, e.g.
# --customers 200000 --data /tmp/churndata). SEGMENTA_BENCH_NO_BUILD=1 uses the release binary as it is.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${SEGMENTA_BENCH_NO_BUILD:-0}" != 1 ]; then
  swift build -c release --product segmenta
fi
if [ ! -x .venv-bench/bin/python ]; then
  python3 -m venv .venv-bench
fi
.venv-bench/bin/pip install --quiet --disable-pip-version-check "scikit-learn==1.9.1"
# scikit-learn's OpenMP threads otherwise spin while they wait; on a machine whose cores other work
# shares, that made its fits 6-35x slower here. Passive waiting is its fastest setting, so use it.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
exec .venv-bench/bin/python scripts/bench/churn.py "$@"
