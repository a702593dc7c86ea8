#!/usr/bin/env bash
# Unpacks the Debian 6.1.192-2 kernel tree that the kernel-anchor tests compare against
# (design/kernel/anchors.json, key 6.1.192-debian). Only net/ and include/net/ are kept, in
# .cache/kernel/linux-6.1.192/ (git-ignored). Never fails the build: when the exact package
# cannot be had it says why and exits 0, and the tests that need the tree skip (or fail in CI).
set -euo pipefail
cd "$(dirname "$0")/.."

PKG=linux-source-6.1
VERSION=6.1.192-2
TARBALL=/usr/src/linux-source-6.1.tar.xz
# sha256 of the tarball in that package version (design/kernel/sources.md).
TARBALL_SHA256=4d415b3d364834fd818270e88813e90323bbfce4f519a0e6bd4940ddcd7df693
DEST=.cache/kernel/linux-6.1.192
MARKER="$DEST/.sockscope-unpacked"

if [ -f "$MARKER" ]; then
  exit 0
fi

say() { echo "kernel-source: $*" >&2; }
# When the exact package can no longer be had, leave the reason where the tests look for it:
# they then skip with that message instead of failing (Debian drops old versions in time).
unavailable() {
  say "$1; kernel tests will skip"
  mkdir -p .cache/kernel
  echo "$1" > .cache/kernel/UNAVAILABLE
  exit 0
}

installed_version() { dpkg-query -W -f='${Version}' "$PKG" 2>/dev/null || true; }

if [ "$(installed_version)" != "$VERSION" ] || [ ! -f "$TARBALL" ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    say "$PKG=$VERSION is not installed and this is not a root Debian shell; kernel tests will skip"
    exit 0
  fi
  say "installing $PKG=$VERSION (one time, about 140 MB)"
  # Another apt may hold the lock (parallel set-up): wait for it rather than failing.
  apt_install() {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends --allow-downgrades \
      -o DPkg::Lock::Timeout=600 "$PKG=$VERSION" >/dev/null
  }
  if ! apt_install; then
    say "first attempt failed; refreshing the package lists and retrying"
    apt-get -o DPkg::Lock::Timeout=600 update -qq || true
    if ! apt_install; then
      unavailable "could not install $PKG=$VERSION (see apt's message above)"
    fi
  fi
fi

if [ ! -f "$TARBALL" ]; then
  unavailable "$TARBALL is missing after installing $PKG"
fi
actual=$(sha256sum "$TARBALL" | cut -d' ' -f1)
if [ "$actual" != "$TARBALL_SHA256" ]; then
  unavailable "$TARBALL has sha256 $actual, expected $TARBALL_SHA256 (a different package build); not unpacking"
fi

say "unpacking net/ and include/net/ into $DEST"
tmp="$DEST.tmp.$$"
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
# The tarball's single top directory is linux-source-6.1/; only two subtrees are kept.
tar -xJf "$TARBALL" -C "$tmp" --strip-components=1 \
  linux-source-6.1/net linux-source-6.1/include/net
# Check the files the stage catalogue names are all there before declaring the tree complete.
for f in net/ipv4/tcp.c net/ipv4/tcp_output.c net/ipv4/tcp_input.c net/ipv4/tcp_timer.c \
  net/ipv4/tcp_ipv4.c net/ipv6/tcp_ipv6.c net/ipv4/udp.c net/ipv4/ip_output.c \
  net/core/stream.c include/net/sock.h include/net/tcp.h; do
  if [ ! -f "$tmp/$f" ]; then
    unavailable "$f is missing from $TARBALL; not unpacking"
  fi
done
echo "$PKG $VERSION $TARBALL_SHA256" >"$tmp/.sockscope-unpacked"
rm -rf "$DEST"
mkdir -p "$(dirname "$DEST")"
mv "$tmp" "$DEST"
trap - EXIT
# A reason left by an earlier failed attempt no longer holds.
rm -f .cache/kernel/UNAVAILABLE
say "done: $DEST"
