// The extension-host half of bench/vscodeOpen.mjs, loaded by the workbench through
// `extensionTestsPath` (bundled by the runner, no mocha). For each round it closes every editor,
// tells the runner the wall-clock time, opens the capture with `vscode.openWith` in the Sockscope
// editor, and waits for the runner's marker file: the runner watches the webview's DOM for the
// first flow row and for the findings, which is what a user waits for.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';

interface BenchConfig {
  capture: string;
  runs: number;
  /** Directory where the runner drops `open-N.done` once it saw round N's findings. */
  marks: string;
  /** Milliseconds to wait for one round. */
  timeoutMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function run(): Promise<void> {
  const config = JSON.parse(readFileSync(path.join(__dirname, 'bench-config.json'), 'utf8')) as BenchConfig;
  const extension = vscode.extensions.getExtension('sockscope.sockscope');
  if (!extension) throw new Error('sockscope.sockscope is not loaded');
  await extension.activate();
  const uri = vscode.Uri.file(config.capture);
  for (let round = 1; round <= config.runs; round++) {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Let the previous document's worker end and its memory go before the next round.
    await sleep(3000);
    console.log(`[sockscope-bench] open ${round} ${Date.now()}`);
    await vscode.commands.executeCommand('vscode.openWith', uri, 'sockscope.capture');
    const marker = path.join(config.marks, `open-${round}.done`);
    for (const end = Date.now() + config.timeoutMs; !existsSync(marker); await sleep(100)) {
      if (Date.now() > end) throw new Error(`round ${round}: the runner saw no flow list within ${config.timeoutMs} ms`);
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
