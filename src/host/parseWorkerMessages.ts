// Messages between the desktop host and its parse worker (worker_threads). The host streams the
// file's chunks with a bounded number in flight; the worker posts the table and its flows as soon
// as the flow pass is done (`flows`), then the findings when the diagnosis is (`findings`).
import type { PacketTable } from '../core/capture/packetTable';
import type { Finding } from '../core/diagnosis/finding';
import type { FlowAnalysis } from '../core/flows/types';
import type { ParseProgress } from './parseCapture';

export interface ParseWorkerData {
  fileName: string;
  total: number;
  /**
   * Where the worker reads the file itself (a local file): the host then sends no chunks, and
   * the worker's reads do not wait on the extension host's event loop.
   */
  path?: string;
}

export type HostToWorker = { type: 'chunk'; bytes: Uint8Array } | { type: 'end' };

export type WorkerToHost =
  /**
   * A chunk was consumed: the host may send another. `buffer`: the chunk's memory, transferred
   * back for the host to read the next chunks into (not for gzip input, whose inflater may still
   * hold it).
   */
  | { type: 'consumed'; buffer?: ArrayBuffer }
  | { type: 'progress'; progress: ParseProgress }
  /**
   * The whole table and its flow analysis. Their columns are SharedArrayBuffers (`shared`), so
   * the worker goes on reading them while it diagnoses; without shared memory they are copies.
   */
  | { type: 'flows'; table: PacketTable; analysis: FlowAnalysis; shared: boolean }
  /** The diagnosis of the table sent in `flows`: the last message. */
  | { type: 'findings'; findings: Finding[] }
  | { type: 'failed'; message: string };

/** Chunks the host may send ahead of the worker, bounding memory to a few chunk sizes. */
export const CHUNKS_IN_FLIGHT = 4;

/** Bytes the worker reads at a time from a local file (`ParseWorkerData.path`). */
export const FILE_CHUNK_BYTES = 4 * 1024 * 1024;
