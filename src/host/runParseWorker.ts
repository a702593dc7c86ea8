// The host's side of one parse worker's conversation (no `vscode` import, so the tests drive it
// with the real bundled workers): streams the chunks under the credit limit, calls `onFlows` when
// the table and flows arrive and `onAnalysis` when their per-segment analysis does (from the
// parse worker, or from the analysis worker the host passes the table on to), and resolves with
// the model once the findings are known too.
import type { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { Finding } from '../core/diagnosis/finding';
import type { AnalysisColumns } from '../core/flows/sequenceAnalysis';
import type { FlowAnalysis } from '../core/flows/types';
import type { CaptureModel, FlowsModel } from '../view/captureModel';
import { ParseCancelled, type ParseCallbacks } from './captureParser';
import {
  CHUNKS_IN_FLIGHT,
  type AnalysisWorkerToHost,
  type HostToAnalysisWorker,
  type HostToWorker,
  type WorkerToHost,
  unpackGrouping,
} from './parseWorkerMessages';

export function runWorker(
  worker: Worker,
  chunks: AsyncIterable<Uint8Array>,
  fileName: string,
  token: Pick<vscode.CancellationToken, 'onCancellationRequested'>,
  callbacks: ParseCallbacks,
  /** Receives the chunk buffers the worker hands back, for `chunks` to read into again. */
  giveBack?: (bytes: Uint8Array) => void,
  /** Runs the per-segment analysis when the parse worker was started with `analyseElsewhere`. */
  analysisWorker?: Worker,
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
        fail(e);
      } finally {
        pumping = false;
      }
    };
    let flows: FlowsModel | undefined;
    let columns: AnalysisColumns | undefined;
    let analysis: FlowAnalysis | undefined;
    let findings: Finding[] | undefined;
    const fail = (e: unknown): void => settle(() => reject(e instanceof Error ? e : new Error(String(e))));
    // The analysis completes the flows whichever comes first; the model is whole with the findings.
    const completeWhenKnown = (): void => {
      if (settled) return;
      if (!analysis && flows && columns) {
        analysis = { ...flows.analysis, ...columns };
        try {
          callbacks.onAnalysis(analysis);
        } catch (e) {
          fail(e);
          return;
        }
      }
      const model = flows;
      const known = analysis;
      if (model && known && findings) {
        const found = findings;
        settle(() => resolve({ table: model.table, analysis: known, findings: found }));
      }
    };
    const onAnalysisMessage = (msg: AnalysisWorkerToHost): void => {
      if (msg.type === 'failed') fail(new Error(msg.message));
      else {
        columns = msg.columns;
        completeWhenKnown();
      }
    };
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
        case 'table':
          if (!analysisWorker) fail(new Error(`${fileName}: the parse worker sent its table for an analysis worker that was not started`));
          else if (!settled) analysisWorker.postMessage({ type: 'table', table: msg.table } satisfies HostToAnalysisWorker);
          break;
        case 'flows':
          if (settled) break;
          flows = { table: msg.table, analysis: unpackGrouping(msg.grouping), findings: [] };
          try {
            callbacks.onFlows(flows, { sharedMemory: msg.shared });
          } catch (e) {
            fail(e);
            break;
          }
          completeWhenKnown();
          break;
        case 'analysis':
          onAnalysisMessage(msg);
          break;
        case 'findings':
          if (!flows) fail(new Error(`${fileName}: findings before flows`));
          else {
            findings = msg.findings;
            completeWhenKnown();
          }
          break;
        case 'failed':
          fail(new Error(msg.message));
          break;
      }
    });
    worker.on('error', fail);
    worker.on('messageerror', (e) => fail(new Error(`${fileName}: a message from the parse worker could not be received: ${e.message}`)));
    // Its work done (findings sent), the parse worker may end before the analysis worker does.
    worker.on('exit', (code) => findings ?? fail(new Error(`${fileName}: the parse worker stopped (exit code ${code})`)));
    if (analysisWorker) {
      analysisWorker.on('message', onAnalysisMessage);
      analysisWorker.on('error', fail);
      analysisWorker.on('messageerror', (e) => fail(new Error(`${fileName}: a message from the analysis worker could not be received: ${e.message}`)));
      // Its columns sent, the analysis worker ends by itself, maybe before the findings come.
      analysisWorker.on('exit', (code) => columns ?? fail(new Error(`${fileName}: the analysis worker stopped (exit code ${code})`)));
    }
    void pump();
  });
}
