#!/usr/bin/env bash
# The quick start's first command: installs, builds and diagnoses the bundled sample capture.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund >&2
fi
npm run --silent build >&2
node bin/sockscope.cjs diagnose samples/zero-window-sndbuf-full.pcap "$@"
