// Desktop (Node) activation: files are read with Node's fs and parsed in a worker thread.
import { readdir } from 'node:fs/promises';
import * as vscode from 'vscode';
import { activateHost, type SockscopeApi } from './activateHost';
import { nodeFileAccess } from './fileAccess.node';
import { KernelSourceView } from './kernelSourceView';
import { RenderedReports } from './renderedReports';
import { workerParser } from './workerParser';

/** Debian and Ubuntu unpack linux-source-X.Y tarballs here. */
const DISTRIBUTION_SOURCE_DIR = '/usr/src';

export function activate(context: vscode.ExtensionContext): SockscopeApi {
  return activateHost(context, {
    extensionUri: context.extensionUri,
    files: nodeFileAccess,
    parser: workerParser(context.extensionUri, nodeFileAccess),
    distributionTrees: async () => {
      try {
        const names = await readdir(DISTRIBUTION_SOURCE_DIR);
        return names
          .filter((n) => /^linux(-source)?-\d/.test(n))
          .sort()
          .reverse()
          .map((n) => vscode.Uri.file(`${DISTRIBUTION_SOURCE_DIR}/${n}`));
      } catch {
        return [];
      }
    },
    log: vscode.window.createOutputChannel('Sockscope', { log: true }),
    rendered: new RenderedReports(),
    kernelView: new KernelSourceView(),
  });
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
