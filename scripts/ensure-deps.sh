#!/usr/bin/env bash
# Installs what the project needs on a fresh clone: npm packages always; Debian packages
# (tshark, tcpdump, chromium, the kernel source package) only when running as root.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  missing=()
  command -v tshark >/dev/null || missing+=(tshark)
  command -v tcpdump >/dev/null || missing+=(tcpdump)
  command -v chromium >/dev/null || missing+=(chromium)
  # Chinese glyphs, so the zh-cn screenshots show text rather than empty boxes.
  dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || missing+=(fonts-wqy-microhei)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing Debian packages: ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if [ -x scripts/kernel-source.sh ]; then bash scripts/kernel-source.sh; fi
else
  echo "not root: Debian packages (tshark, tcpdump, chromium, linux-source-6.1) are not installed; tests that need them are skipped" >&2
fi
