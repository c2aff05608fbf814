#!/usr/bin/env bash
# Builds and starts oauth-mock-server with the ConnectBase example configuration.
# Extra arguments go to the server, e.g.: tools/mock-server.sh --port 9443 --tls-self-signed /tmp/mock-ca
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build_dir="${BUILD_DIR:-$root/build}"
"$root/tools/build.sh" >&2
exec "$build_dir/mock_server/oauth-mock-server" --config "$root/mock_server/examples/connectbase.json" "$@"
