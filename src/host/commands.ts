// The extension's commands: open a file as a capture, reveal a frame from a link (kernel source
// hovers), and the test hook that reports what each webview last rendered.
import * as vscode from 'vscode';
import { VIEW_TYPE, type CaptureEditorProvider } from './captureEditorProvider';
import type { RenderedReport, RenderedReports } from './renderedReports';
import { registerOpenSample } from './openSample';

export interface RevealArgs {
  uri: string;
  frame?: number;
  flow?: number;
  finding?: number;
}

export function openAsCapture(uri: vscode.Uri): Thenable<unknown> {
  return vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
}

export function registerCommands(provider: CaptureEditorProvider, rendered: RenderedReports): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('sockscope.openAsCapture', async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : activeResource();
      if (!target) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Sockscope: open a capture or a tcpdump text file first.'));
        return;
      }
      await openAsCapture(target);
    }),
    registerOpenSample(openAsCapture),
    vscode.commands.registerCommand('sockscope.revealFrame', async (args?: RevealArgs) => {
      if (!args || typeof args.uri !== 'string') return;
      await provider.reveal(vscode.Uri.parse(args.uri), { frame: args.frame, flow: args.flow, finding: args.finding });
    }),
    vscode.commands.registerCommand(
      'sockscope._lastRendered',
      (uri?: vscode.Uri | string): RenderedReport | RenderedReport[] | undefined =>
        uri === undefined ? rendered.all() : rendered.get(uri.toString()),
    ),
  ];
}

function activeResource(): vscode.Uri | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor) return editor.document.uri;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) return input.uri;
  return undefined;
}
