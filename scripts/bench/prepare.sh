# Sourced by the benchmark scripts (from the repository's root folder):
#
#   source scripts/bench/prepare.sh
#   bench_prepare "duckdb==2.0.0" ...
#
# builds the release binary of Segmenta (unless SEGMENTA_BENCH_NO_BUILD=1: the binary is used as it is, when
# others are building) and installs the given Python packages into the private virtualenv .venv-bench/.
bench_prepare() {
  if [ "${SEGMENTA_BENCH_NO_BUILD:-0}" != 1 ]; then
    swift build -c release --product segmenta
  fi
  if [ ! -x .venv-bench/bin/python ]; then
    python3 -m venv .venv-bench
  fi
  .venv-bench/bin/pip install --quiet --disable-pip-version-check "$@"
}
