// Kernel files fetched from the public mirror have no file on the user's disk to open; they are
// shown as read-only documents of this scheme instead (`sockscope-kernel:/v6.12/net/ipv4/tcp.c`).
import * as vscode from 'vscode';

export const MIRROR_SCHEME = 'sockscope-kernel';

export class MirrorDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(MIRROR_SCHEME, this);

  /** Makes `text` available as tag/file and returns the URI to open. */
  add(tag: string, file: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: MIRROR_SCHEME, path: `/${tag}/${file}` });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string | undefined {
    return this.texts.get(uri.toString());
  }

  dispose(): void {
    this.registration.dispose();
    this.texts.clear();
  }
}
