#!/usr/bin/env bash
# The test command (README): installs what the tests need, builds, type-checks and runs vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npm run build
npm run typecheck
npx vitest run "$@"
