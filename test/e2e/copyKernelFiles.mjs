// Copies the kernel source files the stage catalogue names from a tree into a test workspace
// (run time only: kernel source never enters the project). Files the tree lacks are passed over.
// Usage: node copyKernelFiles.mjs <tree> <destination>
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [tree, destination] = process.argv.slice(2);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bundle = await esbuild.build({
  bundle: true,
  write: false,
  platform: 'node',
  format: 'cjs',
  logLevel: 'error',
  stdin: {
    contents: "import { catalogueFiles } from './src/core/kernel/catalogue'; module.exports = catalogueFiles();",
    resolveDir: repo,
  },
});
const module = { exports: [] };
new Function('module', bundle.outputFiles[0].text)(module);
let copied = 0;
for (const file of module.exports) {
  const from = path.join(tree, file);
  if (!fs.existsSync(from)) continue;
  fs.mkdirSync(path.dirname(path.join(destination, file)), { recursive: true });
  fs.copyFileSync(from, path.join(destination, file));
  copied++;
}
console.log(`copied ${copied} of ${module.exports.length} catalogue files from ${tree} to ${destination}`);
