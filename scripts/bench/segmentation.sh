#!/usr/bin/env bash
# Segmentation benchmark: builds the Benchmarks/ harness in release mode, installs scikit-learn
# 1.9.1 in a private virtualenv and runs scripts/bench/segmentation.py.
set -euo pipefail
cd "$(dirname "$0")/../.."
(cd Benchmarks && swift build -c release --product SegmentaBench)
if [ ! -x .venv-bench/bin/python ]; then
  python3 -m venv .venv-bench
fi
.venv-bench/bin/pip install --quiet --disable-pip-version-check "scikit-learn==1.9.1"
exec .venv-bench/bin/python scripts/bench/segmentation.py "$@"
