#!/usr/bin/env bash
# The verdicts against the embedded mock, oidc-provider and oauth2-mock-server, side by side:
#
#   tools/peers/side-by-side.sh [OUT]      (default OUT: peers-report)
#
# Builds if needed, runs the whole suite against the embedded strict mock (OUT/embedded-mock) and
# against each peer with its committed baseline (tools/peers/run-suite.sh, OUT/PEER), then writes a
# Markdown table of counts by outcome and by level to OUT/side-by-side.md and prints it.
# Exit code: 0 when every run was as expected, 1 otherwise (the table is written either way).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$(mkdir -p "${1:-$root/peers-report}" && cd "${1:-$root/peers-report}" && pwd)"
build_dir="${BUILD_DIR:-$root/build}"
binary="$build_dir/conformance/app/oauth-conformance"
[ -x "$binary" ] || "$root/tools/build.sh" >&2

status=0
"$binary" --out "$out/embedded-mock" >"$out/embedded-mock.log" 2>&1 || status=1
for peer in oidc-provider oauth2-mock-server; do
  PEERS_OUT="$out" OAUTH_CONFORMANCE="$binary" "$root/tools/peers/run-suite.sh" "$peer" \
      --baseline "$root/scenarios/targets/$peer.baseline.json" >"$out/$peer.log" 2>&1 || status=1
done
node "$root/tools/peers/side-by-side.mjs" \
    "embedded mock=$out/embedded-mock/results.json" \
    "oidc-provider=$out/oidc-provider/results.json" \
    "oauth2-mock-server=$out/oauth2-mock-server/results.json" | tee "$out/side-by-side.md"
[ "$status" -eq 0 ] || echo "side-by-side: a run was not as expected (logs in $out/*.log)" >&2
exit "$status"
