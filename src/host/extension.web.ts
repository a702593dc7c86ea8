// Web activation (vscode.dev, code-server's browser host, virtual workspaces): files come
// through vscode.workspace.fs and are parsed in the extension host with periodic yields; kernel
// source only from trees in the workspace or the configured path.
import * as vscode from 'vscode';
import { activateHost, type SockscopeApi } from './activateHost';
import { workspaceFileAccess } from './fileAccess';
import { hostParser } from './hostParser';
import { KernelSourceView } from './kernelSourceView';
import { MirrorDocuments } from './mirrorDocuments';
import { RenderedReports } from './renderedReports';

export function activate(context: vscode.ExtensionContext): SockscopeApi {
  return activateHost(context, {
    extensionUri: context.extensionUri,
    files: workspaceFileAccess,
    parser: hostParser(workspaceFileAccess),
    log: vscode.window.createOutputChannel('Sockscope', { log: true }),
    rendered: new RenderedReports(),
    kernelView: new KernelSourceView(),
    mirrorDocuments: new MirrorDocuments(),
  });
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
