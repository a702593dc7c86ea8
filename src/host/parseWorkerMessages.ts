// Messages between the desktop host and its parse worker (worker_threads). The host streams the
// file's chunks with a bounded number in flight; the worker posts the table and its flows as soon
// as the flow pass is done (`flows`), then the findings when the diagnosis is (`findings`).
// For a large file the per-segment analysis runs on a second worker (analysisWorker.ts): the
// parse worker posts the table the moment it is read (`table`), the host passes it on, and the
// analysis worker answers with the analysis columns (`analysis`) while the parse worker groups
// and diagnoses.
import type { PacketTable } from '../core/capture/packetTable';
import type { Finding } from '../core/diagnosis/finding';
import type { AnalysisColumns } from '../core/flows/sequenceAnalysis';
import { flowColumns, unpackFlows, type PackedFlows } from '../core/flows/packedFlows';
import type { FlowAnalysis, FlowGrouping } from '../core/flows/types';
import type { ParseProgress } from './parseCapture';

export interface ParseWorkerData {
  fileName: string;
  total: number;
  /**
   * Where the worker reads the file itself (a local file): the host then sends no chunks, and
   * the worker's reads do not wait on the extension host's event loop.
   */
  path?: string;
  /** The host runs an analysis worker: post the table (`table`) and only group the flows here. */
  analyseElsewhere?: boolean;
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
  /** With `analyseElsewhere`: the whole table, in shared memory, for the analysis worker. */
  | { type: 'table'; table: PacketTable }
  /**
   * The whole table and its flows (with the per-segment analysis unless `analyseElsewhere`).
   * Their columns are SharedArrayBuffers (`shared`), so the worker goes on reading them while it
   * diagnoses; without shared memory they are copies.
   */
  | { type: 'flows'; table: PacketTable; grouping: PackedGrouping; shared: boolean }
  /** Without `analyseElsewhere`: the per-segment analysis of those flows, right after them. */
  | AnalysisMessage
  /** The diagnosis of the table sent in `flows`: the parse worker's last message. */
  | { type: 'findings'; findings: Finding[] }
  | { type: 'failed'; message: string };

/** Chunks the host may send ahead of the worker, bounding memory to a few chunk sizes. */
export const CHUNKS_IN_FLIGHT = 4;

/** Bytes the worker reads at a time from a local file (`ParseWorkerData.path`). */
export const FILE_CHUNK_BYTES = 4 * 1024 * 1024;

/** What the analysis worker is sent: the table the parse worker read, in shared memory. */
export type HostToAnalysisWorker = { type: 'table'; table: PacketTable };

/** The per-segment analysis' own columns, without the grouping (`flows`) they complete. */
export interface AnalysisMessage {
  type: 'analysis';
  columns: AnalysisColumns;
}

export type AnalysisWorkerToHost = AnalysisMessage | { type: 'failed'; message: string };

/** The analysis' own columns of a complete flow pass, to post without the grouping. */
export function analysisColumns(a: FlowAnalysis): AnalysisColumns {
  return { flags: a.flags, dupAckNum: a.dupAckNum, rtoFrame: a.rtoFrame, ackedFrame: a.ackedFrame, bytesInFlight: a.bytesInFlight };
}

/** A flow pass' grouping as it is posted: the flows as columns (packedFlows.ts says why). */
export interface PackedGrouping {
  flows: PackedFlows;
  flowOf: Int32Array;
  dirOf: Uint8Array;
}

/**
 * The grouping part of a flow pass' result, to post. Nothing is transferred: the sender goes on
 * reading the columns (shared memory where the thread has it, else the post copies them).
 */
export function packGrouping(g: FlowGrouping): PackedGrouping {
  return { flows: flowColumns(g.flows), flowOf: g.flowOf, dirOf: g.dirOf };
}

export function unpackGrouping(g: PackedGrouping): FlowGrouping {
  return { flows: unpackFlows(g.flows), flowOf: g.flowOf, dirOf: g.dirOf };
}

/**
 * Files from this size get the analysis worker. On the lab 200 MB capture it brought the flow
 * list 0.27 s of CPU sooner; on a small file, starting a second thread (about 30 ms) costs more
 * than the whole analysis.
 */
export const ANALYSE_ELSEWHERE_FROM_BYTES = 32 * 1024 * 1024;
