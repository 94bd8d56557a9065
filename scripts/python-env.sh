#!/usr/bin/env bash
# Makes a Python virtual environment under .build/ with the given PyPI packages, and prints its path.
# Scripts that run at the same time (the test suites run in parallel) share one environment safely: the
# creation and the installs happen under a lock, and an environment left half-made is made again.
#
#   venv=$(scripts/python-env.sh NAME 'package==version' ...)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name=${1:?usage: scripts/python-env.sh NAME PACKAGE...}
shift
venv="$root/.build/$name"
mkdir -p "$root/.build"
command -v python3 >/dev/null || { echo "python-env.sh: python3 is needed for $name" >&2; exit 1; }

exec 9>"$venv.lock"
flock 9

if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2 || { echo "python-env.sh: cannot create the Python environment $venv" >&2; exit 1; }
fi
missing=()
for package in "$@"; do
  "$venv/bin/python" -m pip show --quiet "${package%%[=<>]*}" >/dev/null 2>&1 || missing+=("$package")
done
if [[ "${#missing[@]}" -gt 0 ]]; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${missing[@]}" >&2 \
    || { echo "python-env.sh: cannot install ${missing[*]} from PyPI" >&2; exit 1; }
fi
echo "$venv"
