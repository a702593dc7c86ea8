#!/usr/bin/env -S env GLIBC_TUNABLES=glibc.malloc.hugetlb=1 node --max-semi-space-size=8
// The `sockscope` command: runs the bundled CLI (built by `npm run build`).
//
// The shebang starts Node with what the CLI's large-input relaunch (src/cli/hugePages.ts) would
// otherwise start a second Node for: glibc backs large allocations with transparent huge pages
// (glibc reads GLIBC_TUNABLES only at process start), and V8 keeps an 8 MB young generation. A
// second start-up cost 0.1–0.2 s of a 200 MB capture's ~1.2 s; set this way it costs nothing.
// `env -S` is GNU coreutils' (8.30+), BSD's and macOS's. Where env lacks -S (BusyBox), run
// `node path/to/bin/sockscope.cjs …`: the relaunch then applies. The second `env` is for npm's
// Windows shims (cmd-shim): they take the first word that is not a plain NAME=value, and the
// tunable's value holds a second '=', for the program to run, so that word must be a program;
// the shims then work where `env` is on the PATH (Git for Windows, MSYS2, Cygwin). Elsewhere on
// Windows, run `node bin\sockscope.cjs`. NODE_EXTRA_CA_CERTS is not set aside here, though Node
// spends 40 ms parsing those certificates at start-up on the benchmark VM: the Windows shims
// would pass `${NODE_EXTRA_CA_CERTS}` on unexpanded, and `--allow-network` would lose them.
require('../dist/cli.js');
