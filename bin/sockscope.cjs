#!/usr/bin/env node
// The `sockscope` command: runs the bundled CLI (built by `npm run build`).
require('../dist/cli.js');
