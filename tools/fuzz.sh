#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang 14, ASan + UBSan) into build-fuzz/ and runs them one at a time.
# Usage: tools/fuzz.sh [TARGET|all] [SECONDS]   fuzz each target for SECONDS (default 60), then print
#                                                executions and findings per target
#        tools/fuzz.sh --smoke [TARGET|all]      2000 runs per target over its committed seeds (what CI does)
#        tools/fuzz.sh --list                    the target names
# Working corpora, logs and crash artifacts go to fuzz-out/ (or $FUZZ_OUT); the committed seeds in
# fuzz/<target>/corpus/ are read, never written. Exit code 1 if any target found something.
# A finding is reproduced with: build-fuzz/fuzz/fuzz_<target> <artifact file>
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build_dir="${BUILD_DIR:-$root/build-fuzz}"
out="${FUZZ_OUT:-$root/fuzz-out}"
targets_all=(form_data authorization_header www_authenticate mock_config mock_request scenario target_profile
             json_response html_forms baseline json_report)

smoke=0
case "${1:-}" in
  --list) printf '%s\n' "${targets_all[@]}"; exit 0 ;;
  --smoke) smoke=1; shift ;;
  -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
which="${1:-all}"
seconds="${2:-60}"
if [ "$which" = all ]; then
  targets=("${targets_all[@]}")
else
  printf '%s\n' "${targets_all[@]}" | grep -qx -- "$which" || { echo "fuzz.sh: unknown target '$which' (--list)" >&2; exit 2; }
  targets=("$which")
fi
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "fuzz.sh: SECONDS must be a number" >&2; exit 2; }

"$root/tools/bootstrap.sh" --fuzz
CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build_dir" -DOAUTH_FUZZ=ON -DOAUTH_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir" -j"${JOBS:-1}" --target "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
# UBSan: halt_on_error and fuzz/ubsan.supp are built into the targets (fuzz/common/SanitizerOptions.cpp).
mkdir -p "$out/logs"
status=0
printf '%-22s %14s %8s %8s  %s\n' TARGET EXECUTIONS SECONDS CORPUS RESULT
for t in "${targets[@]}"; do
  seeds="$root/fuzz/$t/corpus"
  artifacts="$out/artifacts/$t"
  log="$out/logs/$t.log"
  mkdir -p "$artifacts"
  if ((smoke)); then
    work="$(mktemp -d)"
    limit=(-runs=2000)
  else
    work="$out/corpus/$t" # kept between runs, so a second run goes on from the first
    mkdir -p "$work"
    limit=(-max_total_time="$seconds")
  fi
  before=$(find "$artifacts" -type f | wc -l)
  started=$(date +%s)
  rc=0
  "$build_dir/fuzz/fuzz_$t" "${limit[@]}" -rss_limit_mb=2048 -timeout=25 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$work" "$seeds" >"$log" 2>&1 || rc=$?
  elapsed=$(( $(date +%s) - started ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  found=$(( $(find "$artifacts" -type f | wc -l) - before ))
  corpus=$(find "$work" -type f | wc -l)
  if ((rc != 0 || found > 0)); then
    result="FOUND (exit $rc): $(find "$artifacts" -type f -newermt "@$started" | head -1) — see $log"
    grep -m1 -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | sed 's/^/    /' || true
    status=1
  else
    result="nothing found"
  fi
  printf '%-22s %14s %8s %8s  %s\n' "$t" "${execs:-?}" "$elapsed" "$corpus" "$result"
  if ((smoke)); then rm -rf "$work"; fi
done
exit $status
