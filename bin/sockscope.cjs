#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS SOCKSCOPE_NODE_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS} GLIBC_TUNABLES=glibc.malloc.hugetlb=1 node --max-semi-space-size=2
// The `sockscope` command: runs the bundled CLI (built by `npm run build`).
//
// The shebang starts Node with what the CLI's large-input relaunch (src/cli/hugePages.ts) would
// otherwise start a second Node for: glibc backs large allocations with transparent huge pages
// (glibc reads GLIBC_TUNABLES only at process start), and V8 keeps a 2 MB young generation. A
// second start-up cost 0.1–0.2 s of a 200 MB capture's ~1.2 s; set this way it costs nothing.
// NODE_EXTRA_CA_CERTS is set aside as SOCKSCOPE_NODE_EXTRA_CA_CERTS: Node would parse those
// certificates while it starts (40 ms on the benchmark VM), and only a command given
// --allow-network needs them; the CLI then starts once more with them (src/cli/extraCaCerts.ts).
// `env -S` is GNU coreutils' (8.30+), BSD's and macOS's; npm's Windows shims read it too. Where
// env lacks -S (BusyBox), run `node path/to/bin/sockscope.cjs …`: the relaunch then applies.
require('../dist/cli.js');
