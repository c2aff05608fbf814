#!/usr/bin/env bash
# Installs what the build and the tests need (Debian 12), idempotently.
# Usage: tools/bootstrap.sh            (build + test dependencies)
#        tools/bootstrap.sh fuzz       (also clang 14, libFuzzer and llvm-symbolizer, for tools/fuzz.sh)
set -euo pipefail

packages=(build-essential cmake pkg-config libssl-dev libpoco-dev rapidjson-dev libboost-test-dev curl)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
if [ "${1:-}" = fuzz ]; then
  packages+=(clang-14 libclang-rt-14-dev llvm-14)
fi

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
