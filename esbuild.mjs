// Builds every bundle: the CLI, the extension host (Node and web), its parse and analysis workers and the webview.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const common = { bundle: true, sourcemap: true, logLevel: 'warning', target: 'es2022' };

/** Entry points are listed only once their source exists, so a partial tree still builds. */
const targets = [
  { entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs' },
  { entryPoints: ['src/host/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', external: ['vscode'] },
  { entryPoints: ['src/host/extension.web.ts'], outfile: 'dist/extension.web.js', platform: 'browser', format: 'cjs', external: ['vscode'] },
  { entryPoints: ['src/host/parseWorker.ts'], outfile: 'dist/parseWorker.js', platform: 'node', format: 'cjs' },
  { entryPoints: ['src/host/analysisWorker.ts'], outfile: 'dist/analysisWorker.js', platform: 'node', format: 'cjs' },
  // The CLI's flow thread (src/io/analyseCaptureFile.ts).
  { entryPoints: ['src/io/captureWorker.ts'], outfile: 'dist/captureWorker.js', platform: 'node', format: 'cjs' },
  { entryPoints: ['bench/run.ts'], outfile: 'dist/bench.js', platform: 'node', format: 'cjs' },
  { entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', loader: { '.ttf': 'file' } },
  // The stand-in host of `sockscope report` pages (inlined into the HTML, never shipped in the .vsix).
  { entryPoints: ['webview/reportHost.ts'], outfile: 'dist/reportHost.js', platform: 'browser', format: 'iife' },
].filter((t) => t.entryPoints.every((p) => existsSync(p)));

const contexts = await Promise.all(targets.map((t) => esbuild.context({ ...common, ...t })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
