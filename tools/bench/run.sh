#!/usr/bin/env bash
# Benchmarks (issue 5): builds oauth-mock-server, oauth-conformance and bench-ceiling in Release
# (into build-release/, or $BUILD_DIR), installs wrk (tools/bootstrap.sh --bench) and the peers
# (tools/peers/install.sh), then runs tools/bench/bench.mjs: each server on 127.0.0.1 in turn under
# the same wrk load; the table goes to OUT/bench.md and OUT/bench.json.
#   tools/bench/run.sh [--seconds N] [--connections N] [--out DIR] [--smoke] [--only LIST] ...   (--help)
# --no-build: use the binaries in --build-dir (or $BUILD_DIR) as they are and install nothing
# (the ctest smoke test runs it this way; it exits 77 when wrk or the peers are missing).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build_dir="${BUILD_DIR:-$root/build-release}"
no_build=0
args=()
while (($#)); do
  case "$1" in
    --no-build) no_build=1 ;;
    --build-dir) build_dir="$2"; shift ;;
    *) args+=("$1") ;;
  esac
  shift
done
if ((no_build)); then
  command -v wrk >/dev/null 2>&1 || { echo "bench: wrk is not installed (tools/bootstrap.sh --bench); skipped" >&2; exit 77; }
  [ -x "$root/tools/peers/node_modules/.bin/node" ] || { echo "bench: peers not installed (tools/peers/install.sh); skipped" >&2; exit 77; }
else
  "$root/tools/bootstrap.sh" --bench
  cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DOAUTH_BUILD_BENCH=ON >/dev/null
  cmake --build "$build_dir" -j"${JOBS:-2}" --target oauth-mock-server oauth-conformance bench-ceiling
  "$root/tools/peers/install.sh" >/dev/null
fi
exec node "$root/tools/bench/bench.mjs" --build-dir "$build_dir" ${args[@]+"${args[@]}"}
