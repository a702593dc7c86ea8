// When a plain-text editor shows what looks like tcpdump output, offer once per document to open
// it as a capture instead.
import * as vscode from 'vscode';
import { looksLikeTcpdump } from '../view/pipeline';

/** Only the start of a document is sniffed. */
const SNIFF_LINES = 64;
const SNIFF_CHARS = 8192;

export function offerTcpdumpText(open: (uri: vscode.Uri) => Thenable<unknown>): vscode.Disposable {
  const offered = new Set<string>();
  const consider = (editor: vscode.TextEditor | undefined): void => {
    const doc = editor?.document;
    if (!doc || doc.uri.scheme === 'output' || offered.has(doc.uri.toString())) return;
    if (!/\.(txt|log)$/i.test(doc.uri.path) && doc.languageId !== 'plaintext' && doc.languageId !== 'log') return;
    const head = doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, SNIFF_LINES), 0)).slice(0, SNIFF_CHARS);
    if (!looksLikeTcpdump(head)) return;
    offered.add(doc.uri.toString());
    const name = doc.uri.path.slice(doc.uri.path.lastIndexOf('/') + 1) || vscode.l10n.t('This document');
    const openIt = vscode.l10n.t('Open as Capture');
    void vscode.window
      .showInformationMessage(vscode.l10n.t('{0} looks like tcpdump output. Open it as a capture?', name), openIt)
      .then((choice) => (choice === openIt ? open(doc.uri) : undefined));
  };
  consider(vscode.window.activeTextEditor);
  return vscode.window.onDidChangeActiveTextEditor(consider);
}
