// Reads, groups and diagnoses a capture file on two threads: this thread decodes the file into a
// packet table in shared memory while a flow thread runs the flow pass on the rows already
// decoded; then each thread diagnoses half of the flows. The result is exactly that of
// readCaptureFile → analyzeFlows → diagnose on one thread (which the caller picks for small
// files, as starting a thread costs more than it saves on them).
import { Worker } from 'node:worker_threads';
import { COLUMN_NAMES, type ColumnName, type PacketColumns, type PacketTable } from '../core/capture/packetTable';
import { sackChunk, sackChunkBuffers } from '../core/capture/sackList';
import { diagnose, diagnoseFlowRange, sortFindings } from '../core/diagnosis/index';
import type { Finding } from '../core/diagnosis/finding';
import { analyzeFlows, groupFlows } from '../core/flows/index';
import { unpackFlows } from '../core/flows/packedFlows';
import type { FlowAnalysis, FlowGrouping } from '../core/flows/types';
import { getLocale } from '../core/i18n/locale';
import { sharedMemory, type ColumnAllocator } from '../core/columnBlock';
import type { CaptureWorkerData, MainToWorker, TableNews, ThreadFailure, WorkerToMain } from './captureWorkerMessages';
import { isGzipFile, readCaptureFile, readGzipCaptureFile } from './readCaptureFile';
import { PageToucher } from './pageToucher';
import { statSync } from 'node:fs';

export interface CaptureGrouping {
  table: PacketTable;
  analysis: FlowGrouping;
  /** Empty unless `diagnose` was asked for. */
  findings: Finding[];
}

export interface CaptureAnalysis extends CaptureGrouping {
  analysis: FlowAnalysis;
}

export interface AnalyseOptions {
  /** The bundled flow thread (dist/captureWorker.js); without it everything runs on this thread. */
  workerScript?: string;
  /** Run the detectors too. */
  diagnose?: boolean;
  /**
   * Wireshark's per-segment analysis (default true). Neither the detectors nor the flow list
   * read it: without it the flow pass groups the packets only (CaptureGrouping).
   */
  sequenceAnalysis?: boolean;
  /** Files smaller than this are read on this thread (default 0: any file, given `workerScript`). */
  minParallelBytes?: number;
  /** Bytes the reader decodes between two hand-overs of rows (default 2 MiB). */
  chunkBytes?: number;
  /**
   * On one thread, from this many bytes of input (default: never), fresh memory is touched ahead
   * of the reader and the flow pass on a helper thread (PageToucher).
   */
  touchPagesFromBytes?: number;
}

const DEFAULT_CHUNK_BYTES = 2 * 1024 * 1024;
const WORKER_YOUNG_GENERATION_MB = 4;

/** Throws CaptureFileError or NotACaptureError as readCaptureFile does. */
export function analyseCaptureFile(path: string, options: AnalyseOptions & { sequenceAnalysis: false }): Promise<CaptureGrouping>;
export function analyseCaptureFile(path: string, options?: AnalyseOptions): Promise<CaptureAnalysis>;
export async function analyseCaptureFile(path: string, options: AnalyseOptions = {}): Promise<CaptureGrouping> {
  const fileBytes = sizeOf(path);
  const sequenceAnalysis = options.sequenceAnalysis ?? true;
  if (isGzipFile(path)) return analyseTable(await readGzipCaptureFile(path), options);
  if (!options.workerScript || fileBytes < (options.minParallelBytes ?? 0)) {
    const toucher = fileBytes >= (options.touchPagesFromBytes ?? Infinity) ? new PageToucher() : undefined;
    try {
      const table = readCaptureFile(path, { toucher });
      // The flow pass fills its columns completely: the helper touches them whole as they are allocated.
      return analyseTable(table, options, toucher?.wholeBlocks());
    } finally {
      toucher?.close();
    }
  }
  const data: CaptureWorkerData = { locale: getLocale(), sequenceAnalysis };
  // The flow thread allocates little besides the shared columns; a small young generation keeps
  // its heap from growing to the default's tens of megabytes while it diagnoses.
  const worker = new Worker(options.workerScript, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
  const inbox = new Inbox(worker);
  try {
    const publisher = new RowPublisher((msg, transfer) => worker.postMessage(msg, transfer));
    const table = readCaptureFile(path, {
      alloc: sharedMemory,
      chunkBytes: options.chunkBytes ?? DEFAULT_CHUNK_BYTES,
      afterChunk(stream) {
        const partial = stream.partial();
        // A text log's reader holds a packet across lines (verbose output continues on the next
        // line), so its last row may still change after a chunk: its rows are published once done.
        if (partial && partial.format !== 'tcpdump-text') publisher.rows(partial);
      },
    });
    publisher.read(table);
    const grouped = await inbox.next();
    if (grouped.type === 'failed') throw errorOf(grouped.failure);
    if (grouped.type !== 'grouped') throw new Error(`flow thread: unexpected ${grouped.type} message`);
    const { flows, flowOf, dirOf, sequence } = grouped.grouping;
    const analysis: FlowGrouping = { flows: unpackFlows(flows), flowOf, dirOf, ...sequence };
    if (!options.diagnose) return { table, analysis, findings: [] };
    const split = halfOfThePackets(analysis);
    worker.postMessage({ type: 'diagnose', from: split } satisfies MainToWorker);
    const mine = diagnoseFlowRange(table, analysis, 0, split);
    const reply = await inbox.next();
    if (reply.type === 'failed') throw errorOf(reply.failure);
    if (reply.type !== 'findings') throw new Error(`flow thread: unexpected ${reply.type} message`);
    return { table, analysis, findings: sortFindings(mine.concat(reply.findings)) };
  } finally {
    await worker.terminate();
  }
}

/**
 * Groups (and analyses, and diagnoses, as asked) a table already read, on this thread; `blocks`:
 * where the flow pass gets its columns' memory (the page toucher's).
 */
export function analyseTable(table: PacketTable, options: AnalyseOptions & { sequenceAnalysis: false }, blocks?: ColumnAllocator): CaptureGrouping;
export function analyseTable(table: PacketTable, options?: AnalyseOptions, blocks?: ColumnAllocator): CaptureAnalysis;
export function analyseTable(table: PacketTable, options: AnalyseOptions = {}, blocks?: ColumnAllocator): CaptureGrouping {
  const analysis = (options.sequenceAnalysis ?? true) ? analyzeFlows(table, blocks) : groupFlows(table, blocks);
  return { table, analysis, findings: options.diagnose ? diagnose(table, analysis) : [] };
}

/** Tells the flow thread about new rows, and about new column buffers when the table grew. */
class RowPublisher {
  private buffer: ArrayBufferLike | null = null;
  private warningsSent = 0;
  private sacksSent = 0;
  private sackEdgesSent = 0;

  constructor(private readonly send: (msg: MainToWorker, transfer: ArrayBuffer[]) => void) {}

  rows(t: PacketTable): void {
    this.columnsOf(t);
    const news = this.news(t);
    this.send({ type: 'rows', count: t.count, news }, sackChunkBuffers(news.sack));
  }

  read(done: PacketTable): void {
    this.columnsOf(done);
    const { format, dateKnown, timePrecision, addrs, interfaces, bytes } = done;
    const news = this.news(done);
    this.send({ type: 'read', count: done.count, news, meta: { format, dateKnown, timePrecision, addrs, interfaces, bytes } }, sackChunkBuffers(news.sack));
  }

  private columnsOf(t: PacketTable): void {
    if (t.secs.buffer === this.buffer) return;
    this.buffer = t.secs.buffer;
    // Typed arrays over shared memory travel as views of the same memory, offsets kept.
    const columns = {} as Record<ColumnName, unknown>;
    for (const name of COLUMN_NAMES) columns[name] = t[name];
    this.send({ type: 'columns', columns: columns as PacketColumns }, []);
  }

  private news(t: PacketTable): TableNews {
    const s = t.sack;
    const news: TableNews = {
      warnings: t.warnings.slice(this.warningsSent),
      sack: sackChunk(s, this.sacksSent, this.sackEdgesSent),
    };
    this.warningsSent = t.warnings.length;
    this.sacksSent = s.length;
    this.sackEdgesSent = s.edgeLength;
    return news;
  }
}

/** The first flow of the second half, by packets, so each thread diagnoses about as many. */
function halfOfThePackets(analysis: FlowGrouping): number {
  let total = 0;
  for (const f of analysis.flows) total += f.packets;
  let sum = 0;
  for (let k = 0; k < analysis.flows.length; k++) {
    sum += analysis.flows[k].packets;
    if (sum * 2 >= total) return k + 1;
  }
  return analysis.flows.length;
}

function errorOf(f: ThreadFailure): Error {
  const e = new Error(f.message);
  if (f.stack) e.stack = f.stack;
  return e;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    // readCaptureFile reports a missing or unreadable file in the CLI's words.
    return 0;
  }
}

/** The worker's messages one at a time; a crash or early exit of the thread becomes an error. */
class Inbox {
  private readonly queue: WorkerToMain[] = [];
  private waiting: { resolve: (m: WorkerToMain) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;

  constructor(worker: Worker) {
    worker.on('message', (msg: WorkerToMain) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        w.resolve(msg);
      } else this.queue.push(msg);
    });
    const fail = (e: Error): void => {
      this.failure ??= e;
      const w = this.waiting;
      this.waiting = null;
      w?.reject(this.failure);
    };
    worker.on('error', (e) => fail(e instanceof Error ? e : new Error(String(e))));
    // A message that cannot be received (the table's memory could not be shared) would otherwise
    // leave the next one out of order.
    worker.on('messageerror', (e) => fail(new Error(`a message from the flow thread could not be received: ${e.message}`)));
    worker.on('exit', (code) => fail(new Error(`flow thread exited (code ${code}) before it was done`)));
  }

  next(): Promise<WorkerToMain> {
    const msg = this.queue.shift();
    if (msg) return Promise.resolve(msg);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }
}
