#!/usr/bin/env bash
# End-to-end tests in a real VS Code: code-server 4.100.3 (VS Code 1.100.3 on Node 20) from npm,
# Debian's Chromium driven by playwright-core. Packages the extension (.vsix), installs it, opens a
# workspace holding a .pcap, a .pcapng and a tcpdump .txt, takes screenshots into
# test/e2e/artifacts/ and runs the mocha suite inside the Node extension host.
#
# Two more runs follow, each with its own suite: Restricted Mode (workspace trust on, the folder
# untrusted, kernel settings pointing outside it and at the network) and zh-cn (--locale zh-cn).
#
# Usage: bash scripts/e2e.sh [all|install|start|screenshots|test|restricted|zh-cn|stop]   (default: all)
# Env:   SOCKSCOPE_E2E_CACHE  where code-server, vsce and mocha are installed (default /tmp/sockscope-e2e;
#                             kept between runs, so a warm run skips every install)
#        SOCKSCOPE_E2E_PORT   port of the server on 127.0.0.1 (default 8431); another port also gets its own
#                             state directory ($SOCKSCOPE_E2E_CACHE/run-PORT), so two runs (or a run and
#                             bench/vscodeOpen.mjs, which uses SOCKSCOPE_BENCH_PORT) do not collide
# Nothing is downloaded from anywhere but the npm registry and Debian's repository: playwright-core
# drives /usr/bin/chromium, and @vscode/ripgrep's GitHub download is answered from a seeded cache.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD

CACHE=${SOCKSCOPE_E2E_CACHE:-/tmp/sockscope-e2e}
PORT=${SOCKSCOPE_E2E_PORT:-8431}
CS_VERSION=4.100.3       # newest code-server whose engines accept Node 20
RG_PKG_VERSION=1.15.11   # the @vscode/ripgrep that code-server 4.100.3 pins …
RG_RELEASE=v13.0.0-10    # … and the ripgrep release its postinstall would fetch
CS=$CACHE/cs/node_modules/.bin/code-server
# per-run state: server data, workspace, browser profiles
if [ "$PORT" = 8431 ]; then RUN=$CACHE/run; else RUN=$CACHE/run-$PORT; fi
ART=$REPO/test/e2e/artifacts
export TMPDIR=$CACHE/tmp
# Keep code-server from writing ~/.config and ~/.local.
export XDG_CONFIG_HOME=$RUN/xdg-config XDG_DATA_HOME=$RUN/xdg-data XDG_CACHE_HOME=$RUN/xdg-cache
mkdir -p "$CACHE" "$TMPDIR"
log() { echo "[e2e $(date +%T)] $*" >&2; }

install_system() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v rg >/dev/null || missing+=(ripgrep)                 # seeds @vscode/ripgrep's download cache
  [ -e /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)  # code-server's kerberos addon builds from source
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" != 0 ]; then echo "e2e needs Debian packages: ${missing[*]} (run as root or install them)" >&2; exit 1; fi
  log "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

install_code_server() {
  [ -x "$CS" ] && return
  log "npm install code-server@$CS_VERSION (about 1.5 min cold)"
  local seed=$CACHE/rgseed cachedir=$TMPDIR/vscode-ripgrep-cache-$RG_PKG_VERSION
  mkdir -p "$seed" "$cachedir" "$CACHE/cs"
  cp /usr/bin/rg "$seed/rg"
  tar czf "$cachedir/ripgrep-$RG_RELEASE-x86_64-unknown-linux-musl.tar.gz" -C "$seed" rg
  [ -f "$CACHE/cs/package.json" ] || echo '{"name":"sockscope-e2e-server","private":true}' > "$CACHE/cs/package.json"
  # npm_config_yes: node-pty's install runs `npx node-gyp`; --unsafe-perm: code-server refuses root otherwise.
  (cd "$CACHE/cs" && npm_config_yes=true npm install --unsafe-perm --no-audit --no-fund "code-server@$CS_VERSION" >&2)
}

install_tools() {
  [ -d "$CACHE/tools/node_modules/@vscode/vsce" ] && [ -d "$CACHE/tools/node_modules/mocha" ] && return
  log "npm install @vscode/vsce mocha@11 into $CACHE/tools"
  mkdir -p "$CACHE/tools"
  [ -f "$CACHE/tools/package.json" ] || echo '{"name":"sockscope-e2e-tools","private":true}' > "$CACHE/tools/package.json"
  (cd "$CACHE/tools" && npm install --no-audit --no-fund @vscode/vsce@3.9.2 mocha@11 >&2)
}

install() { install_system; install_code_server; install_tools; }

DATA=$RUN/data
WORKSPACE=$RUN/workspace
SCENARIO_DIR=${SOCKSCOPE_SHARED:-$REPO/../shared}/corpus/real/zero-window-sndbuf-full
EXT_ID=sockscope.sockscope
VSIX=$RUN/sockscope.vsix

package_and_install() {
  log "build + vsce package + install into code-server"
  npm run --silent build >&2
  rm -f "$VSIX"
  "$CACHE/tools/node_modules/.bin/vsce" package --no-dependencies --allow-missing-repository --skip-license \
    --out "$VSIX" >&2
  # Only Sockscope lives in this extensions dir; a clean one avoids "restart before reinstalling".
  rm -rf "$DATA/extensions"
  mkdir -p "$DATA/user/User" "$DATA/extensions"
  "$CS" --user-data-dir "$DATA/user" --extensions-dir "$DATA/extensions" --install-extension "$VSIX" --force >&2
  EXT_DIR=$(ls -d "$DATA/extensions/$EXT_ID"-* | head -n1)
  # The workers are loaded by path at run time, so a bundle missing from .vscodeignore only shows on a large file.
  for bundle in extension.js parseWorker.js analysisWorker.js; do
    [ -f "$EXT_DIR/dist/$bundle" ] || { echo "the installed extension has no dist/$bundle" >&2; exit 1; }
  done
  # The suite is bundled beside the cached mocha, so its require('mocha') resolves there.
  npx esbuild test/e2e/suite/index.ts --bundle --platform=node --format=cjs --target=node20 \
    --external:vscode --external:mocha --outfile="$CACHE/tools/suite/index.js" --log-level=warning >&2
  for entry in restricted zhCn; do
    npx esbuild "test/e2e/suite/${entry}Index.ts" --bundle --platform=node --format=cjs --target=node20 \
      --external:vscode --external:mocha --outfile="$CACHE/tools/suite/$entry.js" --log-level=warning >&2
  done
}

prepare_workspace() {
  [ -d "$SCENARIO_DIR" ] || { echo "e2e needs the recordings in $SCENARIO_DIR (../shared)" >&2; exit 1; }
  rm -rf "$WORKSPACE" && mkdir -p "$WORKSPACE"
  for ext in pcap pcapng txt; do cp "$SCENARIO_DIR/capture.$ext" "$WORKSPACE/zero-window-sndbuf-full.$ext"; done
  cp "$SCENARIO_DIR/truth.json" "$WORKSPACE/truth.json"
  # 180 repetitions of the recording, 34 MB: large enough for the editor's analysis thread.
  node test/e2e/repeatCapture.mjs "$SCENARIO_DIR/capture.pcap" "$WORKSPACE/large.pcap" 180 >&2
  # Cut inside a record: the editor must keep the packets before the damage and warn.
  head -c 100000 "$SCENARIO_DIR/capture.pcap" > "$WORKSPACE/truncated.pcap"
  # Text that is no tcpdump output, under a capture's name: the editor must say so, naming the file.
  head -c 3000 "$SCENARIO_DIR/README.md" > "$WORKSPACE/not-a-capture.pcap"
  # The kernel-anchor truth for the Debian 6.1 tree that scripts/kernel-source.sh unpacks.
  cp "$SCENARIO_DIR/../../../design/kernel/anchors.json" "$WORKSPACE/anchors.json"
  chmod -R u+w "$WORKSPACE"
  bash scripts/kernel-source.sh
  local tree=$REPO/.cache/kernel/linux-6.1.192
  [ -f "$tree/net/ipv4/tcp.c" ] || tree=""
  # Settings an extension writes with ConfigurationTarget.Global in a remote window land here
  # (machine-overridable ones such as sockscope.kernel.sourcePath) and override the user's.
  rm -f "$DATA/user/Machine/settings.json"
  # test/e2e/userSettings.json: a quiet workbench, shared with bench/vscodeOpen.mjs.
  KERNEL_TREE=$tree node -e '
    const settings = require("./test/e2e/userSettings.json");
    if (process.env.KERNEL_TREE) settings["sockscope.kernel.sourcePath"] = process.env.KERNEL_TREE;
    process.stdout.write(JSON.stringify(settings, null, 2));
  ' > "$DATA/user/User/settings.json"
}

start() {
  if [ -f "$RUN/server.pid" ] && kill -0 "$(cat "$RUN/server.pid")" 2>/dev/null; then return; fi
  log "starting code-server on 127.0.0.1:$PORT"
  printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" > "$RUN/config.yaml"
  # shellcheck disable=SC2086 # CS_FLAGS: the variant runs' switches, word-split on purpose
  "$CS" --config "$RUN/config.yaml" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry \
    --disable-update-check ${CS_FLAGS---disable-workspace-trust} --user-data-dir "$DATA/user" \
    --extensions-dir "$DATA/extensions" "$WORKSPACE" > "$RUN/server.log" 2>&1 &
  echo $! > "$RUN/server.pid"
  for _ in $(seq 1 120); do
    node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
      "http://127.0.0.1:$PORT/" && return
    sleep 0.25
  done
  cat "$RUN/server.log" >&2
  echo "code-server did not start" >&2
  exit 1
}

descendants() { local c; for c in $(pgrep -P "$1" || true); do descendants "$c"; echo "$c"; done; }

stop() {
  [ -f "$RUN/server.pid" ] || return 0
  local pid; pid=$(cat "$RUN/server.pid")
  # code-server → its server process → extension hosts, file watcher, pty host: stop the tree by PID.
  kill $(descendants "$pid") "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  rm -f "$RUN/server.pid"
  log "code-server stopped"
}

screenshots() {
  node test/e2e/screenshots.mjs "http://127.0.0.1:$PORT" "$WORKSPACE" "$ART" "$TMPDIR"
}

run_tests() {
  EXT_DIR=${EXT_DIR:-$(ls -d "$DATA/extensions/$EXT_ID"-* | head -n1)}
  node test/e2e/runTests.mjs "127.0.0.1:$PORT" "$WORKSPACE" "$EXT_DIR" "$CACHE/tools/suite/${1:-index}.js" "$TMPDIR" "$ART"
}

# Merges JSON (an object) into the user settings the main run wrote.
merge_settings() {
  node -e '
    const fs = require("fs");
    const file = process.argv[1];
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, "utf8")), ...JSON.parse(process.argv[2]) }, null, 2));
  ' "$DATA/user/User/settings.json" "$1"
}

# Restricted Mode: trust on and never granted. The kernel settings are user settings (the
# workspace's would be ignored anyway) pointing at a tree outside the workspace and the network.
run_restricted() {
  stop
  local tree=$REPO/.cache/kernel/linux-6.1.192
  if ! [ -f "$tree/net/ipv4/tcp.c" ]; then
    # Without the Debian tree, a stand-in outside the workspace: it only has to look like a tree.
    tree=$RUN/outside-kernel-tree
    mkdir -p "$tree/net/ipv4" && echo '/* stand-in: marks a kernel tree for the Restricted Mode run */' > "$tree/net/ipv4/tcp.c"
  fi
  local saved; saved=$(cat "$DATA/user/User/settings.json")
  merge_settings "$(TREE=$tree node -e 'process.stdout.write(JSON.stringify({
    "security.workspace.trust.enabled": true, "security.workspace.trust.startupPrompt": "never",
    "security.workspace.trust.emptyWindow": false,
    "sockscope.kernel.sourcePath": process.env.TREE, "sockscope.kernel.allowNetwork": true }))')"
  # A tree inside the workspace stays readable in Restricted Mode: the catalogue's files of it.
  [ -f "$REPO/.cache/kernel/linux-6.1.192/net/ipv4/tcp.c" ] &&
    node test/e2e/copyKernelFiles.mjs "$REPO/.cache/kernel/linux-6.1.192" "$WORKSPACE/linux-6.1.192" >&2
  local status=0
  CS_FLAGS="" start
  run_tests restricted || status=$?
  stop
  rm -rf "$WORKSPACE/linux-6.1.192" "$DATA/user/Machine/settings.json"
  echo "$saved" > "$DATA/user/User/settings.json"
  return $status
}

# Simplified Chinese display language. VS Code resolves a display language only when a language
# pack for it is installed, and Microsoft's packs are not available offline; so a pack with no
# translations stands in: VS Code's own UI stays English, while env.language becomes zh-cn and
# Sockscope's package.nls.zh-cn.json and l10n bundle are used, as with the real pack.
install_zh_cn_pack() {
  local pack=$RUN/zh-cn-pack
  rm -rf "$pack" && mkdir -p "$pack/translations"
  cat > "$pack/package.json" <<'JSON'
{
  "name": "e2e-zh-cn-language-pack", "publisher": "sockscope-e2e", "version": "0.0.1",
  "description": "Test fixture: declares zh-cn as a display language with no translations of VS Code itself.",
  "engines": { "vscode": "^1.91.0" }, "categories": ["Language Packs"],
  "contributes": { "localizations": [ { "languageId": "zh-cn", "languageName": "Chinese Simplified",
    "localizedLanguageName": "中文(简体)", "translations": [ { "id": "vscode", "path": "./translations/main.i18n.json" } ] } ] }
}
JSON
  echo '{ "version": "1.0.0", "contents": {} }' > "$pack/translations/main.i18n.json"
  echo 'Sockscope e2e fixture: zh-cn display language without translations.' > "$pack/README.md"
  (cd "$pack" && "$CACHE/tools/node_modules/.bin/vsce" package --allow-missing-repository --skip-license \
    --out "$RUN/zh-cn-pack.vsix" >&2)
  "$CS" --user-data-dir "$DATA/user" --extensions-dir "$DATA/extensions" --install-extension "$RUN/zh-cn-pack.vsix" --force >&2
  # The server reads the display languages from this index, which installing from the command line
  # does not write; it is the format VS Code's language pack cache keeps.
  local installed; installed=$(ls -d "$DATA/extensions/sockscope-e2e.e2e-zh-cn-language-pack"-* | head -n1)
  MAIN=$installed/translations/main.i18n.json node -e '
    process.stdout.write(JSON.stringify({ "zh-cn": {
      hash: "e2e0zhcn0stub", label: "中文(简体)",
      extensions: [{ extensionIdentifier: { id: "sockscope-e2e.e2e-zh-cn-language-pack" }, version: "0.0.1" }],
      translations: { vscode: process.env.MAIN } } }));
  ' > "$DATA/user/languagepacks.json"
}

run_zh_cn() {
  stop
  install_zh_cn_pack
  local status=0
  # With a display language VS Code looks up its official language pack in the gallery; a closed
  # local port answers instead of the internet.
  EXTENSIONS_GALLERY='{"serviceUrl":"http://127.0.0.1:9/gallery","itemUrl":"http://127.0.0.1:9/item","resourceUrlTemplate":"http://127.0.0.1:9/{publisher}/{name}/{version}/{path}"}' \
    CS_FLAGS="--disable-workspace-trust --locale zh-cn" start
  run_tests zhCn || status=$?
  stop
  return $status
}

case "${1:-all}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  screenshots) screenshots ;;
  test) run_tests ;;
  restricted) run_restricted ;;
  zh-cn) run_zh_cn ;;
  all)
    started=$(date +%s)
    install
    mkdir -p "$RUN" "$DATA/user/User"
    package_and_install
    prepare_workspace
    trap stop EXIT
    start
    status=0
    screenshots || status=$?
    run_tests || status=$?
    run_restricted || status=$?
    run_zh_cn || status=$?
    if [ "$status" != 0 ]; then
      echo "--- last lines of the code-server log ($RUN/server.log) ---" >&2
      tail -n 40 "$RUN/server.log" >&2 || true
    fi
    log "done in $(( $(date +%s) - started )) s (exit $status); screenshots in $ART"
    exit $status
    ;;
  *) echo "usage: $0 [all|install|start|screenshots|test|restricted|zh-cn|stop]" >&2; exit 2 ;;
esac
