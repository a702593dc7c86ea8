// Desktop side of the file-access seam: a `file:` URI has a local path, which the parse worker
// reads in bounded chunks itself, so a multi-gigabyte capture never sits in memory whole; other
// schemes go through the workspace.
import { open } from 'node:fs/promises';
import { workspaceFileAccess, type FileAccess } from './fileAccess';

export const nodeFileAccess: FileAccess = {
  localPath(uri) {
    return uri.scheme === 'file' ? uri.fsPath : undefined;
  },
  async size(uri) {
    if (uri.scheme !== 'file') return workspaceFileAccess.size(uri);
    const handle = await open(uri.fsPath, 'r');
    try {
      return (await handle.stat()).size;
    } finally {
      await handle.close();
    }
  },
  // A `file:` capture is read by the parse worker itself (`localPath`); only other schemes are
  // streamed to it, through the workspace.
  chunks(uri, chunkSize) {
    return workspaceFileAccess.chunks(uri, chunkSize);
  },
};
