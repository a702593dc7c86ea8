// Messages between the desktop host and its parse worker (worker_threads). The host streams the
// file's chunks with a bounded number in flight; the worker transfers the finished tables back.
import type { CaptureModel } from '../view/captureModel';
import type { ParseProgress } from './parseCapture';

export interface ParseWorkerData {
  fileName: string;
  total: number;
}

export type HostToWorker = { type: 'chunk'; bytes: Uint8Array } | { type: 'end' };

export type WorkerToHost =
  /** A chunk was consumed: the host may send another. */
  | { type: 'consumed' }
  | { type: 'progress'; progress: ParseProgress }
  | { type: 'done'; model: CaptureModel }
  | { type: 'failed'; message: string };

/** Chunks the host may send ahead of the worker, bounding memory to a few chunk sizes. */
export const CHUNKS_IN_FLIGHT = 4;
