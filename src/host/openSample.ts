// `Sockscope: Open Sample Capture` (the walkthrough's first step): opens the capture shipped in
// the extension's samples/ folder in the capture editor.
import * as vscode from 'vscode';

export const SAMPLE_CAPTURE = 'samples/zero-window-sndbuf-full.pcap';
const EXTENSION_ID = 'sockscope.sockscope';

export function registerOpenSample(open: (uri: vscode.Uri) => Thenable<unknown>): vscode.Disposable {
  return vscode.commands.registerCommand('sockscope.openSample', async () => {
    const root = vscode.extensions.getExtension(EXTENSION_ID)?.extensionUri;
    if (!root) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Sockscope: the sample capture is not installed with this extension.'));
      return;
    }
    await open(vscode.Uri.joinPath(root, ...SAMPLE_CAPTURE.split('/')));
  });
}
