#!/usr/bin/env bash
# Rule evaluation benchmark: builds the Benchmarks/ harness in release mode, installs numpy and
# pandas in a private virtualenv and runs scripts/bench/rules.py (options pass through, e.g.
# --rows 1000000 --repeat 5).
set -euo pipefail
cd "$(dirname "$0")/../.."
(cd Benchmarks && swift build -c release --product SegmentaBench)
if [ ! -x .venv-bench/bin/python ]; then
  python3 -m venv .venv-bench
fi
.venv-bench/bin/pip install --quiet --disable-pip-version-check "numpy==2.4.6" "pandas==3.1.1"
exec .venv-bench/bin/python scripts/bench/rules.py "$@"
