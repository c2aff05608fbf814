#!/usr/bin/env bash
# The whole test suite: installs, builds, installs the npm interop clients and peer servers, runs ctest.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build_dir="${BUILD_DIR:-$root/build}"
"$root/tools/build.sh"
"$root/tools/bootstrap.sh" --bench # wrk, for the ctest bench.smoke (label bench; skipped without it)
if [ -f "$root/tools/interop/package-lock.json" ]; then
  (cd "$root/tools/interop" && npm ci --no-audit --no-fund --loglevel=error)
fi
"$root/tools/peers/install.sh" >/dev/null
cd "$build_dir"
ctest --output-on-failure -j"${JOBS:-2}" "$@"
