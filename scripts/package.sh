#!/usr/bin/env bash
# npm run package: builds the bundles and packs the extension into sockscope-<version>.vsix with
# the project's own @vscode/vsce. What ships is listed in .vscodeignore; the bundles need no
# node_modules at run time (everything but `vscode` is bundled), hence --no-dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules/@vscode/vsce ] || npm ci --no-audit --no-fund
npm run build
version=$(node -p 'require("./package.json").version')
out="sockscope-${version}.vsix"
npx --no-install vsce package --no-dependencies --out "$out"
bytes=$(stat -c %s "$out")
echo "packaged $out: $((bytes / 1024)) KiB"
if command -v unzip >/dev/null; then unzip -l "$out" | tail -n +4 | head -n -2 | awk '{ printf "  %8d  %s\n", $1, $4 }'; fi
