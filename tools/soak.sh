#!/usr/bin/env bash
# Soak: a bounded mixed load (full flows, refreshes, API calls, revocations, client credentials,
# introspection) against oauth-mock-server on 127.0.0.1, with the resident memory over time.
# Not part of the test suite. Usage: tools/soak.sh [--seconds 300] [--workers 8] [--out soak-report]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build_dir="${BUILD_DIR:-$root/build}"
[ -x "$build_dir/mock_server/oauth-mock-server" ] || "$root/tools/build.sh"
exec node "$root/tools/soak/soak.mjs" --server "$build_dir/mock_server/oauth-mock-server" "$@"
