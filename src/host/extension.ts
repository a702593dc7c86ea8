// Desktop (Node) activation: files are read with Node's fs and parsed in a worker thread; kernel
// source may also come from distribution trees on disk and, when allowed, a public mirror.
import path from 'node:path';
import * as vscode from 'vscode';
import { catalogueFiles } from '../core/kernel/catalogue';
import { mirrorTemplateFor } from '../core/kernel/links';
import type { KernelSourceProvider } from '../core/kernel/sourceProvider';
import { mirrorProvider } from '../io/kernel/mirrorProvider';
import { distributionParents } from '../io/kernel/nodeProviders';
import { findDistributionTrees, treeProvider } from '../io/kernel/treeProvider';
import { activateHost, type SockscopeApi } from './activateHost';
import { nodeFileAccess } from './fileAccess.node';
import type { KernelSettings } from './kernelProviders';
import { KernelSourceView } from './kernelSourceView';
import { MirrorDocuments } from './mirrorDocuments';
import { RenderedReports } from './renderedReports';
import { workerParser } from './workerParser';

export function activate(context: vscode.ExtensionContext): SockscopeApi {
  const mirrorCache = path.join(context.globalStorageUri.fsPath, 'kernel-mirror');
  const desktopKernelSources = (settings: KernelSettings): KernelSourceProvider[] => {
    const allowList = catalogueFiles();
    const providers = findDistributionTrees(distributionParents(process.env)).map((tree) =>
      treeProvider('distribution', tree, allowList),
    );
    // The mirror (and its cache) only when the user allowed network access in a trusted workspace.
    if (settings.allowNetwork) {
      providers.push(
        mirrorProvider({
          version: settings.version,
          template: mirrorTemplateFor(settings.version),
          cacheDir: mirrorCache,
          allowNetwork: true,
          allowList,
        }),
      );
    }
    return providers;
  };
  return activateHost(context, {
    extensionUri: context.extensionUri,
    files: nodeFileAccess,
    parser: workerParser(context.extensionUri, nodeFileAccess),
    extraKernelProviders: desktopKernelSources,
    log: vscode.window.createOutputChannel('Sockscope', { log: true }),
    rendered: new RenderedReports(),
    kernelView: new KernelSourceView(),
    mirrorDocuments: new MirrorDocuments(),
  });
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
