// Reads, groups and diagnoses a capture file on two threads: a reader thread decodes the file
// into a packet table in shared memory while this thread runs the flow analysis on the rows
// already decoded; then each thread diagnoses half of the flows. The result is exactly that of
// readCaptureFile → analyzeFlows → diagnose on one thread (which the caller picks for small
// files, as starting a thread costs more than it saves on them).
import { Worker } from 'node:worker_threads';
import { NotACaptureError } from '../core/capture';
import { columnsOver, packetTable, rowCapacity, type PacketTable, type ReadWarning } from '../core/capture/packetTable';
import { appendSackChunk, emptySackList } from '../core/capture/sackList';
import { diagnose, diagnoseFlowRange, sortFindings } from '../core/diagnosis/index';
import type { Finding } from '../core/diagnosis/finding';
import { analyzeFlows, FlowAnalyzer, groupFlows } from '../core/flows/index';
import { flowColumns } from '../core/flows/packedFlows';
import type { FlowAnalysis, FlowGrouping } from '../core/flows/types';
import { getLocale } from '../core/i18n/locale';
import { sharedMemory } from '../core/columnBlock';
import type { CaptureWorkerData, MainToWorker, ReadFailure, TableNews, WorkerToMain } from './captureWorkerMessages';
import { CaptureFileError, readCaptureFile } from './readCaptureFile';
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
  /** The bundled reader thread (dist/captureWorker.js); without it everything runs on this thread. */
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
  if (!options.workerScript || fileBytes < (options.minParallelBytes ?? 0)) {
    const toucher = fileBytes >= (options.touchPagesFromBytes ?? Infinity) ? new PageToucher() : undefined;
    try {
      const table = readCaptureFile(path, { toucher });
      // The flow pass fills its columns completely: the helper touches them whole as they are allocated.
      const blocks = toucher?.wholeBlocks();
      const analysis = sequenceAnalysis ? analyzeFlows(table, blocks) : groupFlows(table, blocks);
      return { table, analysis, findings: options.diagnose ? diagnose(table, analysis) : [] };
    } finally {
      toucher?.close();
    }
  }
  const data: CaptureWorkerData = { path, locale: getLocale(), chunkBytes: options.chunkBytes ?? DEFAULT_CHUNK_BYTES };
  // The reader thread allocates little besides the shared columns; a small young generation keeps
  // its heap from growing to the default's tens of megabytes while it diagnoses.
  const worker = new Worker(options.workerScript, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
  const inbox = new Inbox(worker);
  try {
    const { table, analysis } = await readAndGroup(inbox, sequenceAnalysis);
    if (!options.diagnose) return { table, analysis, findings: [] };
    const split = halfOfThePackets(analysis);
    // No detector looks at another flow, and a flow keeps its id, so the reader thread's findings
    // are named as here. The flows' columns are shared memory: posting them copies nothing.
    const request: MainToWorker = { type: 'diagnose', flows: flowColumns(analysis.flows), flowOf: analysis.flowOf, dirOf: analysis.dirOf, from: split };
    worker.postMessage(request);
    const mine = diagnoseFlowRange(table, analysis, 0, split);
    const reply = await inbox.next();
    if (reply.type === 'failed') throw errorOf(reply.failure);
    if (reply.type !== 'findings') throw new Error(`reader thread: unexpected ${reply.type} message`);
    return { table, analysis, findings: sortFindings(mine.concat(reply.findings)) };
  } finally {
    await worker.terminate();
  }
}

/** Runs the flow analysis on the rows the reader thread hands over, as it hands them over. */
async function readAndGroup(inbox: Inbox, sequenceAnalysis: boolean): Promise<{ table: PacketTable; analysis: FlowGrouping }> {
  // Sized as the packet table is, once its first columns arrive (the reader's estimate of the rows).
  let analyzer: FlowAnalyzer | null = null;
  // The table as far as it is known: columns over the shared memory, rows [0, count). Built by
  // packetTable() like every table, so the flow pass sees one hidden class throughout.
  const warnings: ReadWarning[] = [];
  const sack = emptySackList();
  let growing: PacketTable | null = null;
  for (;;) {
    const msg = await inbox.next();
    switch (msg.type) {
      case 'columns':
        growing = packetTable(msg.columns, { count: growing?.count ?? 0, format: 'pcap', dateKnown: true, timePrecision: 6, addrs: [], sack, interfaces: [], warnings, bytes: 0 });
        break;
      case 'rows':
        if (!growing) throw new Error('reader thread: rows before columns');
        addNews(growing, msg.news);
        growing.count = msg.count;
        analyzer ??= new FlowAnalyzer(rowCapacity(growing), undefined, sharedMemory, sequenceAnalysis);
        analyzer.advance(growing, msg.count);
        break;
      case 'read': {
        if (!growing) throw new Error('reader thread: no columns before the end of reading');
        addNews(growing, msg.news);
        const table = packetTable(columnsOver(growing, msg.count), { ...msg.meta, count: msg.count, warnings, sack });
        analyzer ??= new FlowAnalyzer(table.count, undefined, sharedMemory, sequenceAnalysis);
        analyzer.advance(table, table.count);
        return { table, analysis: sequenceAnalysis ? analyzer.finish() : analyzer.finishGrouping() };
      }
      case 'failed':
        throw errorOf(msg.failure);
      default:
        throw new Error(`reader thread: unexpected ${msg.type} message`);
    }
  }
}

function addNews(t: PacketTable, news: TableNews): void {
  for (const w of news.warnings) t.warnings.push(w);
  appendSackChunk(t.sack, news.sack);
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

function errorOf(f: ReadFailure): Error {
  if (f.kind === 'file') return new CaptureFileError(f.path, f.reason);
  if (f.kind === 'capture') return new NotACaptureError(f.fileName, f.reason, f.offset);
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
    worker.on('messageerror', (e) => fail(new Error(`a message from the reader thread could not be received: ${e.message}`)));
    worker.on('exit', (code) => fail(new Error(`reader thread exited (code ${code}) before it was done`)));
  }

  next(): Promise<WorkerToMain> {
    const msg = this.queue.shift();
    if (msg) return Promise.resolve(msg);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }
}
