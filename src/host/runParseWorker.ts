// The host's side of one parse worker's conversation (no `vscode` import, so the tests drive it
// with the real bundled worker): streams the chunks under the credit limit, calls `onFlows` when
// the table and flows arrive, resolves with the model when the findings do.
import type { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { CaptureModel } from '../view/captureModel';
import { ParseCancelled, type ParseCallbacks } from './captureParser';
import { CHUNKS_IN_FLIGHT, type HostToWorker, type WorkerToHost } from './parseWorkerMessages';

export function runWorker(
  worker: Worker,
  chunks: AsyncIterable<Uint8Array>,
  fileName: string,
  token: Pick<vscode.CancellationToken, 'onCancellationRequested'>,
  callbacks: ParseCallbacks,
  /** Receives the chunk buffers the worker hands back, for `chunks` to read into again. */
  giveBack?: (bytes: Uint8Array) => void,
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
    let flows: CaptureModel | undefined;
    worker.on('message', (msg: WorkerToHost) => {
      switch (msg.type) {
        case 'consumed':
          if (msg.buffer) giveBack?.(new Uint8Array(msg.buffer));
          credit++;
          void pump();
          break;
        case 'progress':
          if (!settled) callbacks.onProgress(msg.progress);
          break;
        case 'flows':
          if (settled) break;
          flows = { table: msg.table, analysis: msg.analysis, findings: [] };
          try {
            callbacks.onFlows(flows, { sharedMemory: msg.shared });
          } catch (e) {
            settle(() => reject(e instanceof Error ? e : new Error(String(e))));
          }
          break;
        case 'findings': {
          const known = flows;
          settle(() => (known ? resolve({ ...known, findings: msg.findings }) : reject(new Error(`${fileName}: findings before flows`))));
          break;
        }
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
