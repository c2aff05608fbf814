#!/usr/bin/env bash
# The main job: installs, builds, runs the conformance suite (embedded strict mock by default)
# and writes results.json, junit.xml, report.html and summary.md to conformance-report/.
# Arguments go to oauth-conformance, e.g.: tools/conformance.sh --profile oauth21 rfc7636
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build_dir="${BUILD_DIR:-$root/build}"
"$root/tools/build.sh" >&2
exec "$build_dir/conformance/app/oauth-conformance" "$@"
