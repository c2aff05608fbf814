#!/usr/bin/env bash
# The whole test suite: installs, builds, installs the npm interop clients, peer servers and the browser driver, runs ctest.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build_dir="${BUILD_DIR:-$root/build}"
# Also Debian's chromium (the browser tests, tools/browser) and wrk (the bench smoke test, tools/bench).
"$root/tools/bootstrap.sh" --browser --bench
"$root/tools/build.sh"
if [ -f "$root/tools/interop/package-lock.json" ]; then
  (cd "$root/tools/interop" && npm ci --no-audit --no-fund --loglevel=error)
fi
"$root/tools/peers/install.sh" >/dev/null
if [ -f "$root/tools/browser/package-lock.json" ]; then
  (cd "$root/tools/browser" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
export OAUTH_REQUIRE_BROWSER=1   # here a browser test without chromium or node_modules fails instead of skipping
cd "$build_dir"
ctest --output-on-failure -j"${JOBS:-2}" "$@"
