#!/usr/bin/env bash
# The layer check: every `import` in Sources/, Tests/ and Benchmarks/ must be one its module may
# make (docs/architecture.md). Core → IO and Store → Workflows → CLI and Server; arrows point down only, the
# front ends never import the Store, and third-party modules stay in the layer that owns them.
# Exits non-zero and lists every offending line otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

# Modules every file may import: the toolchain's own.
system="Foundation FoundationXML Dispatch Glibc Darwin Testing XCTest"

# The imports each module may make, besides the system ones.
allowed() {
  case "$1" in
    SegmentaCore) echo "RealModule" ;;
    SegmentaIO) echo "SegmentaCore Yams" ;;
    SegmentaStore) echo "SegmentaCore GRDB GRDBSQLite" ;;
    SegmentaWorkflows) echo "SegmentaCore SegmentaIO SegmentaStore HummingbirdBcrypt" ;;
    SegmentaServer) echo "SegmentaCore SegmentaIO SegmentaWorkflows Hummingbird HTTPTypes Mustache Logging NIOCore NIOPosix NIOConcurrencyHelpers" ;;
    SegmentaCLI) echo "SegmentaCore SegmentaIO SegmentaWorkflows SegmentaServer ArgumentParser" ;;
    segmenta) echo "SegmentaCLI" ;;
    SegmentaTestSupport) echo "" ;;
    SegmentaCoreTests) echo "SegmentaCore SegmentaTestSupport PropertyBased" ;;
    SegmentaIOTests) echo "SegmentaIO SegmentaCore SegmentaTestSupport PropertyBased" ;;
    SegmentaStoreTests) echo "SegmentaStore SegmentaCore SegmentaTestSupport GRDB PropertyBased" ;;
    SegmentaWorkflowsTests) echo "SegmentaWorkflows SegmentaStore SegmentaIO SegmentaCore SegmentaTestSupport GRDB PropertyBased" ;;
    SegmentaServerTests) echo "SegmentaServer SegmentaWorkflows SegmentaIO SegmentaCore SegmentaTestSupport Hummingbird HummingbirdTesting HTTPTypes Logging NIOCore" ;;
    SegmentaCLITests) echo "SegmentaCLI SegmentaWorkflows SegmentaIO SegmentaCore SegmentaTestSupport ArgumentParser GRDB" ;;
    SegmentaBench) echo "SegmentaCore" ;;
    *) echo "UNKNOWN" ;;
  esac
}

failures=0
checked=0
while IFS= read -r -d '' file; do
  case "$file" in
    Sources/*) module=$(echo "$file" | cut -d/ -f2) ;;
    Tests/*) module=$(echo "$file" | cut -d/ -f2) ;;
    Benchmarks/Sources/*) module=$(echo "$file" | cut -d/ -f3) ;;
  esac
  [ "$module" = "Fixtures" ] && continue
  permitted=" $system $(allowed "$module") "
  if [[ "$permitted" == *" UNKNOWN "* ]]; then
    echo "$file: module '$module' has no layer rule in scripts/check-layers.sh" >&2
    failures=$((failures + 1))
    continue
  fi
  checked=$((checked + 1))
  # `import X`, `@testable import X`, `@_exported import X`, `import struct X.Y`, `package import X` …
  while IFS=: read -r line text; do
    imported=$(echo "$text" | sed -E 's/^[[:space:]]*(@[A-Za-z_]+[[:space:]]+)*((public|package|internal)[[:space:]]+)?import[[:space:]]+((struct|class|enum|protocol|func|var|let|typealias)[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*).*/\6/')
    if [[ "$permitted" != *" $imported "* ]]; then
      echo "$file:$line: $module may not import $imported" >&2
      failures=$((failures + 1))
    fi
  done < <(grep -nE '^[[:space:]]*(@[A-Za-z_]+[[:space:]]+)*((public|package|internal)[[:space:]]+)?import[[:space:]]' "$file" || true)
done < <(find Sources Tests Benchmarks/Sources -name '*.swift' -print0 | sort -z)

if [ "$failures" -gt 0 ]; then
  echo "layer check: $failures import(s) cross the layers; see docs/architecture.md" >&2
  exit 1
fi
echo "layer check: $checked files import only what their layer allows"
