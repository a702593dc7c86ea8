// The file-access seam: the editor reads captures through this interface, so the same code runs
// on desktop (Node `fs`, chunk by chunk, see fileAccess.node.ts) and on the web, in virtual
// workspaces and remote file systems (`vscode.workspace.fs`, which only reads whole files).
import * as vscode from 'vscode';

export interface FileAccess {
  /** Size in bytes, for progress. */
  size(uri: vscode.Uri): Promise<number>;
  /** The file's bytes as a sequence of chunks of at most `chunkSize` bytes. */
  chunks(uri: vscode.Uri, chunkSize: number): AsyncIterable<Uint8Array>;
  /**
   * A path another thread of this process can read the file at, when there is one (a `file:` URI
   * on desktop): the parse worker then reads it itself, and no chunk crosses the extension host.
   */
  localPath?(uri: vscode.Uri): string | undefined;
}

export const CHUNK_SIZE = 1 << 20;

export const workspaceFileAccess: FileAccess = {
  async size(uri) {
    return (await vscode.workspace.fs.stat(uri)).size;
  },
  async *chunks(uri, chunkSize) {
    const bytes = await vscode.workspace.fs.readFile(uri);
    for (let at = 0; at < bytes.byteLength; at += chunkSize) {
      yield bytes.subarray(at, Math.min(bytes.byteLength, at + chunkSize));
    }
  },
};
