// Desktop: parses in a worker thread (dist/parseWorker.js). The host streams the file's chunks
// with a bounded number in flight; the worker answers with the table and flows (`onFlows`), then
// the findings. A large file's per-segment analysis runs on a second worker
// (dist/analysisWorker.js) meanwhile (`onAnalysis`). Cancelling terminates the workers.
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { CaptureParser } from './captureParser';
import { CHUNK_SIZE, type FileAccess } from './fileAccess';
import { ANALYSE_ELSEWHERE_FROM_BYTES, type ParseWorkerData } from './parseWorkerMessages';
import { runWorker } from './runParseWorker';

export function workerParser(extensionUri: vscode.Uri, files: FileAccess): CaptureParser {
  const script = vscode.Uri.joinPath(extensionUri, 'dist', 'parseWorker.js').fsPath;
  const analysisScript = vscode.Uri.joinPath(extensionUri, 'dist', 'analysisWorker.js').fsPath;
  return {
    async parse(uri, fileName, token, callbacks) {
      const total = await files.size(uri);
      const path = files.localPath?.(uri);
      const analyseElsewhere = total >= ANALYSE_ELSEWHERE_FROM_BYTES;
      const data: ParseWorkerData = { fileName, total, path, analyseElsewhere };
      const worker = new Worker(script, { workerData: data });
      // Started now, so it has compiled its pass by the time the table is read.
      const analysisWorker = analyseElsewhere ? new Worker(analysisScript) : undefined;
      const chunks = path === undefined ? files.chunks(uri, CHUNK_SIZE) : noChunks();
      try {
        return await runWorker(worker, chunks, fileName, token, callbacks, undefined, analysisWorker);
      } finally {
        await Promise.all([worker.terminate(), analysisWorker?.terminate()]);
      }
    },
  };
}

/** A local file is read by the worker itself: the host streams nothing. */
async function* noChunks(): AsyncGenerator<Uint8Array> {}
