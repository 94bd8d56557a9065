#!/usr/bin/env bash
# Segmentation benchmark: builds Segmenta and (when a kernel part a, b, c, g or h runs) the
# Benchmarks/ harness in release mode, installs scikit-learn 1.9.1, DuckDB 2.0.0 and faiss-cpu 1.15.1
# in a private virtualenv and runs scripts/bench/segmentation.py (options pass through, e.g.
# --parts efghi --customers 100000 --quick --data /tmp/segdata, or --big for part j).
# SEGMENTA_BENCH_NO_BUILD=1 uses the release binaries as they are (when others are building).
set -euo pipefail
cd "$(dirname "$0")/../.."
parts=abcdefghij
previous=
for argument in "$@"; do
  case "$argument" in
    --parts=*) parts="${argument#--parts=}" ;;
  esac
  if [ "$previous" = "--parts" ]; then parts="$argument"; fi
  previous="$argument"
done
if [ "${SEGMENTA_BENCH_NO_BUILD:-0}" != 1 ]; then
  swift build -c release --product segmenta
  case "$parts" in
    *[abcgh]*) (cd Benchmarks && swift build -c release --product SegmentaBench) ;;
  esac
fi
if [ ! -x .venv-bench/bin/python ]; then
  python3 -m venv .venv-bench
fi
.venv-bench/bin/pip install --quiet --disable-pip-version-check \
  "scikit-learn==1.9.1" "duckdb==2.0.0" "faiss-cpu==1.15.1"
exec .venv-bench/bin/python scripts/bench/segmentation.py "$@"
