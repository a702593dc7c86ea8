// Desktop: parses in a worker thread (dist/parseWorker.js). The host streams the file's chunks
// with a bounded number in flight; the worker answers with the table and flows (`onFlows`), then
// the findings. Cancelling terminates the worker.
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { CaptureParser } from './captureParser';
import { CHUNK_SIZE, type FileAccess } from './fileAccess';
import type { ParseWorkerData } from './parseWorkerMessages';
import { runWorker } from './runParseWorker';

export function workerParser(extensionUri: vscode.Uri, files: FileAccess): CaptureParser {
  const script = vscode.Uri.joinPath(extensionUri, 'dist', 'parseWorker.js').fsPath;
  return {
    async parse(uri, fileName, token, callbacks) {
      const total = await files.size(uri);
      const path = files.localPath?.(uri);
      const data: ParseWorkerData = { fileName, total, path };
      const worker = new Worker(script, { workerData: data });
      const chunks = path === undefined ? files.chunks(uri, CHUNK_SIZE) : noChunks();
      try {
        return await runWorker(worker, chunks, fileName, token, callbacks);
      } finally {
        await worker.terminate();
      }
    },
  };
}

/** A local file is read by the worker itself: the host streams nothing. */
async function* noChunks(): AsyncGenerator<Uint8Array> {}
