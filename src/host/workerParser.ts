// Desktop: parses in a worker thread (dist/parseWorker.js). The host streams the file's chunks
// with a bounded number in flight; cancelling terminates the worker.
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { CaptureModel } from '../view/captureModel';
import { ParseCancelled, type CaptureParser } from './captureParser';
import { CHUNK_SIZE, type FileAccess } from './fileAccess';
import type { ParseProgress } from './parseCapture';
import { CHUNKS_IN_FLIGHT, type HostToWorker, type ParseWorkerData, type WorkerToHost } from './parseWorkerMessages';

export function workerParser(extensionUri: vscode.Uri, files: FileAccess): CaptureParser {
  const script = vscode.Uri.joinPath(extensionUri, 'dist', 'parseWorker.js').fsPath;
  return {
    async parse(uri, fileName, token, onProgress) {
      const total = await files.size(uri);
      const data: ParseWorkerData = { fileName, total };
      const worker = new Worker(script, { workerData: data });
      try {
        return await runWorker(worker, files.chunks(uri, CHUNK_SIZE), fileName, token, onProgress);
      } finally {
        await worker.terminate();
      }
    },
  };
}

function runWorker(
  worker: Worker,
  chunks: AsyncIterable<Uint8Array>,
  fileName: string,
  token: vscode.CancellationToken,
  onProgress: (p: ParseProgress) => void,
): Promise<CaptureModel> {
  return new Promise<CaptureModel>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      cancelListener.dispose();
      fn();
    };
    const cancelListener = token.onCancellationRequested(() => settle(() => reject(new ParseCancelled(fileName))));
    const iterator = chunks[Symbol.asyncIterator]();
    let credit = CHUNKS_IN_FLIGHT;
    let pumping = false;
    let ended = false;
    const post = (msg: HostToWorker): void =>
      worker.postMessage(msg, msg.type === 'chunk' ? [msg.bytes.buffer as ArrayBuffer] : []);
    // Sends chunks while the worker has room for them; re-entered when it reports one consumed.
    const pump = async (): Promise<void> => {
      if (pumping || ended) return;
      pumping = true;
      try {
        while (credit > 0 && !settled) {
          const next = await iterator.next();
          if (next.done) {
            ended = true;
            post({ type: 'end' });
            return;
          }
          credit--;
          // Chunks may be views into a larger buffer (web reads): copy those so only they travel.
          const bytes =
            next.value.byteOffset === 0 && next.value.byteLength === next.value.buffer.byteLength
              ? next.value
              : next.value.slice();
          post({ type: 'chunk', bytes });
        }
      } catch (e) {
        settle(() => reject(e instanceof Error ? e : new Error(String(e))));
      } finally {
        pumping = false;
      }
    };
    worker.on('message', (msg: WorkerToHost) => {
      switch (msg.type) {
        case 'consumed':
          credit++;
          void pump();
          break;
        case 'progress':
          onProgress(msg.progress);
          break;
        case 'done':
          settle(() => resolve(msg.model));
          break;
        case 'failed':
          settle(() => reject(new Error(msg.message)));
          break;
      }
    });
    worker.on('error', (e) => settle(() => reject(e)));
    worker.on('exit', (code) => settle(() => reject(new Error(`${fileName}: the parse worker stopped (exit code ${code})`))));
    void pump();
  });
}
