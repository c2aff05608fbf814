#!/usr/bin/env bash
# The whole test suite: installs, builds, installs the npm interop clients, peer servers and the
# browser driver, runs ctest; then the same tests under ASan+UBSan; then builds the fuzz targets
# and runs each over its seeds.
# Arguments go to ctest (e.g. -L browser); with arguments the sanitizer and fuzz runs are left out.
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
(cd "$build_dir" && ctest --output-on-failure -j"${JOBS:-2}" "$@")

# The same tests under AddressSanitizer + UBSan (build-asan/; any report fails the test), except the
# ones that drive outside programs (peers, browser, interop, bench). SANITIZE=0 skips this.
if [ "${SANITIZE:-1}" != 0 ] && [ $# -eq 0 ]; then
  BUILD_DIR="$root/build-asan" "$root/tools/build.sh" -DOAUTH_SANITIZE=ON -DOAUTH_BUILD_BENCH=OFF
  (cd "$root/build-asan" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
     ctest --output-on-failure -j"${JOBS:-2}" -E "^(peers|browser|interop|bench)\.")
fi

# The fuzz targets (docs/reliability.md) keep building: clang 14 in build-fuzz/, each run over its
# committed seeds (2000 inputs). FUZZ_SMOKE=0 skips this.
if [ "${FUZZ_SMOKE:-1}" != 0 ] && [ $# -eq 0 ]; then
  "$root/tools/bootstrap.sh" --fuzz
  CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$root/build-fuzz" -DOAUTH_FUZZ=ON -DOAUTH_BUILD_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$root/build-fuzz" -j"${JOBS:-2}" --target fuzz_targets
  ctest --test-dir "$root/build-fuzz/fuzz" -L fuzz --output-on-failure -j1
fi
