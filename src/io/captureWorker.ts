// The reader thread of `analyseCaptureFile` (bundled to dist/captureWorker.js): reads and decodes
// the capture into a packet table in shared memory, telling the main thread after every chunk how
// many rows are complete, so the flow analysis there runs while this thread decodes. Afterwards
// it diagnoses the share of the flows the main thread hands back.
import { parentPort, workerData } from 'node:worker_threads';
import { NotACaptureError } from '../core/capture';
import { COLUMN_NAMES, type ColumnName, type PacketColumns, type PacketTable } from '../core/capture/packetTable';
import { sackChunk, sackChunkBuffers } from '../core/capture/sackList';
import { diagnoseFlowRange } from '../core/diagnosis/index';
import { unpackFlows } from '../core/flows/packedFlows';
import { setLocale } from '../core/i18n/locale';
import { sharedMemory } from '../core/columnBlock';
import type { CaptureWorkerData, MainToWorker, ReadFailure, TableNews, WorkerToMain } from './captureWorkerMessages';
import { CaptureFileError, readCaptureFile } from './readCaptureFile';

if (!parentPort) throw new Error('captureWorker.js must run as a worker thread');
const port = parentPort;
const data = workerData as CaptureWorkerData;
setLocale(data.locale);
const send = (msg: WorkerToMain, transfer: ArrayBuffer[] = []): void => port.postMessage(msg, transfer);

function main(): void {
  let table: PacketTable | null = null;
  try {
    table = readShared(data.path);
  } catch (e) {
    send({ type: 'failed', failure: failureOf(e) });
  }
  // Without a table there is nothing to diagnose: no listener, so the thread ends by itself.
  if (table) {
    const done = table;
    port.on('message', (msg: MainToWorker) => {
      if (msg.type !== 'diagnose') return;
      try {
        const analysis = { flows: unpackFlows(msg.flows), flowOf: msg.flowOf, dirOf: msg.dirOf };
        send({ type: 'findings', findings: diagnoseFlowRange(done, analysis, msg.from, msg.flows.count) });
      } catch (e) {
        send({ type: 'failed', failure: failureOf(e) });
      }
    });
  }
}

function readShared(path: string): PacketTable {
  const publisher = new RowPublisher();
  const done = readCaptureFile(path, {
    alloc: sharedMemory,
    chunkBytes: data.chunkBytes,
    afterChunk(stream) {
      const partial = stream.partial();
      // A text log's reader holds a packet across lines (verbose output continues on the next
      // line), so its last row may still change after a chunk: its rows are published once done.
      if (partial && partial.format !== 'tcpdump-text') publisher.rows(partial);
    },
  });
  publisher.columnsOf(done);
  const { format, dateKnown, timePrecision, addrs, interfaces, bytes } = done;
  const news = publisher.news(done);
  send({ type: 'read', count: done.count, news, meta: { format, dateKnown, timePrecision, addrs, interfaces, bytes } }, sackChunkBuffers(news.sack));
  return done;
}

/** Tells the main thread about new rows, and about new column buffers when the table grew. */
class RowPublisher {
  private buffer: ArrayBufferLike | null = null;
  private warningsSent = 0;
  private sacksSent = 0;
  private sackEdgesSent = 0;

  rows(t: PacketTable): void {
    this.columnsOf(t);
    const news = this.news(t);
    send({ type: 'rows', count: t.count, news }, sackChunkBuffers(news.sack));
  }

  columnsOf(t: PacketTable): void {
    if (t.secs.buffer === this.buffer) return;
    this.buffer = t.secs.buffer;
    // Typed arrays over shared memory travel as views of the same memory, offsets kept.
    const columns = {} as Record<ColumnName, unknown>;
    for (const name of COLUMN_NAMES) columns[name] = t[name];
    send({ type: 'columns', columns: columns as PacketColumns });
  }

  news(t: PacketTable): TableNews {
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

function failureOf(e: unknown): ReadFailure {
  if (e instanceof CaptureFileError) return { kind: 'file', path: e.path, reason: e.reason };
  if (e instanceof NotACaptureError) return { kind: 'capture', fileName: e.fileName, reason: e.reason, offset: e.offset };
  if (e instanceof Error) return { kind: 'other', message: e.message, stack: e.stack };
  return { kind: 'other', message: String(e) };
}

// Runs last, once the classes above are defined.
main();
