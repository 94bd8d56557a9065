#!/usr/bin/env bash
# The dashboard's journeys in a real browser: Debian's chromium and chromium-driver, driven by Selenium
# (from PyPI, in .build/venv-browser), against `segmenta serve` on a free loopback port over a generated demo
# workspace. Nothing here downloads a browser or a driver.
#
#   scripts/browser-tests.sh PATH/TO/segmenta
#
# Screenshots of every page go to .build/artefacts/screenshots/. Exits non-zero when a journey fails or
# when the browser, the driver or Selenium cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

segmenta=${1:?usage: scripts/browser-tests.sh PATH/TO/segmenta}
segmenta=$(cd "$(dirname "$segmenta")" && pwd)/$(basename "$segmenta")
if [ ! -x "$segmenta" ]; then
  echo "browser tests: no segmenta executable at $segmenta (build it first)" >&2
  exit 2
fi

# Debian's browser, its driver, and CJK fonts so that the screenshots show Chinese.
packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
[ -x /usr/bin/chromedriver ] || packages+=(chromium-driver)
compgen -G "/usr/share/fonts/opentype/noto/NotoSansCJK*" >/dev/null || packages+=(fonts-noto-cjk)
if [ "${#packages[@]}" -gt 0 ]; then
  echo "browser tests: installing ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q "${packages[@]}" </dev/null >/dev/null; then
    apt-get update -q </dev/null >/dev/null
    apt-get install -y -q "${packages[@]}" </dev/null >/dev/null
  fi
fi

# Selenium in a virtual environment of its own.
venv=$("$root/scripts/python-env.sh" venv-browser selenium)

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

started=$(date +%s)
"$segmenta" demo --customers 3000 --out "$work/demo" >"$work/demo.log" 2>&1 || {
  cat "$work/demo.log"
  exit 1
}
workspace=$work/demo/segmenta.db
# The demo's second period as a wide table, for the refresh journey (its customers are not imported, so
# the demo's counts stay as they are).
"$segmenta" features build --spec "$work/demo/features.yaml" --events "$work/demo/calls-2024q2.csv" \
  --events "$work/demo/messages-2024q2.csv" --events "$work/demo/data-2024q2.csv" --period 2024Q2 \
  --as-of 2024-06-29 --workspace "$workspace" >"$work/second-period.log" 2>&1 || {
  cat "$work/second-period.log"
  exit 1
}
for user in admin analyst campaign frontline; do
  printf '%s' "journey-$user-password" | "$segmenta" users add "$user" --role "$user" --workspace "$workspace" >/dev/null
done
echo "browser tests: demo workspace ready in $(($(date +%s) - started)) s"

"$segmenta" serve --workspace "$workspace" --port 0 2>"$work/serve.log" &
server=$!
port=""
for _ in $(seq 1 200); do
  port=$(sed -n 's|.*at http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/serve.log" | head -n 1)
  [ -n "$port" ] && break
  if ! kill -0 "$server" 2>/dev/null; then break; fi
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "browser tests: the server did not start" >&2
  cat "$work/serve.log" >&2
  exit 1
fi
echo "browser tests: serving at http://127.0.0.1:$port/"

# Screenshots are taken into this run's folder and copied to the artefacts at the end, so that runs
# side by side never remove each other's files.
mkdir -p "$work/screenshots" "$root/.build/artefacts/screenshots"
status=0
"$venv/bin/python" "$root/Tests/Browser/journeys.py" --base "http://127.0.0.1:$port" \
  --screenshots "$work/screenshots" --work "$work" || status=$?
cp -f "$work"/screenshots/*.png "$root/.build/artefacts/screenshots/" 2>/dev/null || true
if [ "$status" -ne 0 ]; then
  echo "browser tests: the server's log:" >&2
  tail -n 40 "$work/serve.log" >&2
fi
echo "browser tests: finished in $(($(date +%s) - started)) s"
exit "$status"
