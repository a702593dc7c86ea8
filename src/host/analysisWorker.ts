// Entry of the desktop analysis worker (bundled to dist/analysisWorker.js): Wireshark's
// per-segment analysis of a large capture on a thread of its own, so that the parse worker only
// groups the flows (what the flow list and the diagnosis read) and the flow list goes out sooner.
// The pass is compiled while the file is still being read; the table then arrives in shared
// memory, and the analysis' own columns go back in shared memory too.
import { parentPort } from 'node:worker_threads';
import { sharedMemory } from '../core/columnBlock';
import { analyseTableSegments, warmUpTableAnalysis } from '../view/pipeline';
import type { AnalysisWorkerToHost, HostToAnalysisWorker } from './parseWorkerMessages';

const port = parentPort;
if (!port) throw new Error('analysisWorker.js must run as a worker thread');
const send = (msg: AnalysisWorkerToHost): void => port.postMessage(msg);

port.once('message', (msg: HostToAnalysisWorker) => {
  try {
    send({ type: 'analysis', columns: analyseTableSegments(msg.table, sharedMemory) });
  } catch (e) {
    send({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
});
warmUpTableAnalysis();
