#!/usr/bin/env bash
# Installs what the build and the tests need (Debian 12), idempotently.
# Usage: tools/bootstrap.sh            (build + test dependencies)
#        tools/bootstrap.sh --browser  (also Debian's chromium for the browser tests; tools/test.sh uses it)
#        tools/bootstrap.sh --bench    (also wrk, for tools/bench/run.sh and its smoke test)
#        tools/bootstrap.sh --fuzz     (also clang 14, libFuzzer and llvm-symbolizer, for tools/fuzz.sh)
set -euo pipefail

packages=(build-essential cmake pkg-config libssl-dev libpoco-dev rapidjson-dev libboost-test-dev curl)
for arg in "$@"; do
  case "$arg" in
    --browser) packages+=(chromium fonts-dejavu-core) ;;
    --bench) packages+=(wrk) ;;
    --fuzz) packages+=(clang-14 libclang-rt-14-dev llvm-14) ;;
    *) echo "bootstrap: unknown option $arg (known: --browser, --bench, --fuzz)" >&2; exit 2 ;;
  esac
done
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "bootstrap: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
