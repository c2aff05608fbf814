#!/usr/bin/env bash
# Installs the pinned peers of tools/peers (npm ci), idempotently: a stamp of the lock file's hash in
# node_modules says the install is current. Prints the path of the peers' Node 22 on success.
set -euo pipefail
peers="$(cd "$(dirname "$0")" && pwd)"
stamp="$peers/node_modules/.peers-lock.sha256"
want="$(sha256sum "$peers/package-lock.json" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || [ ! -x "$peers/node_modules/.bin/node" ]; then
  echo "peers: npm ci in tools/peers" >&2
  (cd "$peers" && npm ci --no-audit --no-fund --loglevel=error) >&2
  echo "$want" > "$stamp"
fi
echo "$peers/node_modules/.bin/node"
