#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang 14, ASan + UBSan) into build-fuzz/ and runs them one at a time.
# Usage: tools/fuzz.sh [TARGET|all] [SECONDS]   fuzz each target for SECONDS (default 60), then print
#                                                executions and findings per target
#        tools/fuzz.sh --smoke [TARGET|all]      2000 runs per target over its committed seeds (what CI does)
#        tools/fuzz.sh --goal [TARGET[,TARGET…]|all]
#                                                fuzz each target until 10 million executions or 30 minutes
#                                                of its own CPU time, whichever comes first (GOAL_EXECS,
#                                                GOAL_CPU_SECONDS), in chunks of CHUNK_SECONDS (300) that go on
#                                                from the kept corpus; CPU time, not wall time, so the goal
#                                                holds under `nice` on a shared machine. Resumable: a ledger per
#                                                target (fuzz-out/goal/) counts finished chunks; `touch
#                                                fuzz-out/pause` holds it between chunks. One line per target
#                                                is appended to fuzz-out/goal.tsv
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
goal=0
case "${1:-}" in
  --list) printf '%s\n' "${targets_all[@]}"; exit 0 ;;
  --smoke) smoke=1; shift ;;
  --goal) goal=1; shift ;;
  -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
which="${1:-all}"
seconds="${2:-60}"
if [ "$which" = all ]; then
  targets=("${targets_all[@]}")
else
  IFS=, read -r -a targets <<<"$which"
  for t in "${targets[@]}"; do
    printf '%s\n' "${targets_all[@]}" | grep -qx -- "$t" || { echo "fuzz.sh: unknown target '$t' (--list)" >&2; exit 2; }
  done
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
if ((goal)); then
  goal_execs="${GOAL_EXECS:-10000000}"
  goal_cpu="${GOAL_CPU_SECONDS:-1800}"
  chunk="${CHUNK_SECONDS:-300}"
  summary="$out/goal.tsv"
  mkdir -p "$out/goal"
  [ -f "$summary" ] || printf 'finished\ttarget\texecutions\tcpu_seconds\twall_seconds\tchunks\tcorpus\tresult\n' >"$summary"
  printf '%-22s %14s %8s %8s %8s  %s\n' TARGET EXECUTIONS CPU_S WALL_S CORPUS RESULT
  for t in "${targets[@]}"; do
    # The ledger has one line per finished chunk (executions, CPU s, wall s, exit code), so a campaign
    # that was stopped goes on where it was.
    ledger="$out/goal/$t.chunks"
    touch "$ledger"
    mkdir -p "$out/artifacts/$t" "$out/corpus/$t"
    result="nothing found"
    while :; do
      read -r execs cpu wall chunks < <(awk '{ e += $1; c += $2; w += $3; n++ } END { printf "%d %.1f %d %d\n", e, c, w, n }' "$ledger")
      if awk '$4 != 0 { f = 1 } END { exit !f }' "$ledger"; then
        result="FOUND — see $out/logs/$t.goal-*.log and $out/artifacts/$t/"
        status=1
        break
      fi
      ((execs < goal_execs)) && awk -v c="$cpu" -v g="$goal_cpu" 'BEGIN { exit !(c < g) }' || break
      while [ -e "$out/pause" ]; do sleep 5; done # `touch fuzz-out/pause` holds the campaign between chunks
      log="$out/logs/$t.goal-$((chunks + 1)).log"
      wall_limit=$(awk -v c="$cpu" -v g="$goal_cpu" -v k="$chunk" 'BEGIN { l = g - c; if (l > k) l = k; printf "%d", (l < 1 ? 1 : l + 0.999) }')
      times="$(mktemp)"
      before=$(find "$out/artifacts/$t" -type f | wc -l)
      started=$(date +%s)
      rc=0
      /usr/bin/time -f '%U %S' -o "$times" "$build_dir/fuzz/fuzz_$t" -runs=$((goal_execs - execs)) \
        -max_total_time="$wall_limit" -rss_limit_mb=2048 -timeout=25 -print_final_stats=1 \
        -artifact_prefix="$out/artifacts/$t/" "$out/corpus/$t" "$root/fuzz/$t/corpus" >"$log" 2>&1 || rc=$?
      n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
      found=$(( $(find "$out/artifacts/$t" -type f | wc -l) - before ))
      ((rc == 0 && found > 0)) && rc=1
      # GNU time's last line is "user system" (a line before it says so if the target was signalled)
      tail -n 1 "$times" | awk -v n="${n:-0}" -v w="$(( $(date +%s) - started ))" -v rc="$rc" \
        '{ printf "%d %.1f %d %d\n", n, $1 + $2, w, rc }' >>"$ledger"
      rm -f "$times"
      ((rc == 0)) || grep -m1 -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | sed 's/^/    /' || true
    done
    corpus=$(find "$out/corpus/$t" -type f | wc -l)
    printf '%-22s %14s %8s %8s %8s  %s\n' "$t" "$execs" "$cpu" "$wall" "$corpus" "$result"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$execs" "$cpu" "$wall" "$chunks" "$corpus" "$result" >>"$summary"
  done
  exit "$status"
fi

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
