// Entry of the desktop parse worker (bundled to dist/parseWorker.js): parses a local file it reads
// itself, or the chunks the host streams in, off the extension host's thread. The table and the
// flows are built in shared memory and posted as soon as the flows are known, so the host can
// show the flow list while this thread diagnoses on the same memory; the findings follow. With
// `analyseElsewhere` the table goes out as soon as it is read, for the host's analysis worker.
import { closeSync, openSync, readSync } from 'node:fs';
import { totalmem } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { FlowsModel } from '../view/captureModel';
import { sharedMemory } from '../core/columnBlock';
import { maxRowsForMemory } from '../core/capture/packetTable';
import { PageToucher, TOUCH_PAGES_FROM_BYTES } from '../io/pageToucher';
import { parseChunks, type ParseHooks } from './parseCapture';
import {
  analysisColumns,
  FILE_CHUNK_BYTES,
  packGrouping,
  type HostToWorker,
  type ParseWorkerData,
  type WorkerToHost,
} from './parseWorkerMessages';

const port = parentPort;
if (!port) throw new Error('parseWorker.js must run as a worker thread');
const data = workerData as ParseWorkerData;
const send = (msg: WorkerToHost, transfer: ArrayBuffer[] = []): void => port.postMessage(msg, transfer);

/** Chunks as they arrive from the host, as an async iterable the pipeline can consume. */
async function* incomingChunks(): AsyncGenerator<Uint8Array> {
  const queue: HostToWorker[] = [];
  let wake: (() => void) | undefined;
  port!.on('message', (msg: HostToWorker) => {
    queue.push(msg);
    wake?.();
  });
  for (;;) {
    while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
    const msg = queue.shift()!;
    if (msg.type === 'end') return;
    yield msg.bytes;
    // Asked for the next chunk: the reader copied what it carries over from this one.
    const whole = msg.bytes.byteOffset === 0 && msg.bytes.byteLength === msg.bytes.buffer.byteLength;
    if (reusable && whole) {
      const buffer = msg.bytes.buffer as ArrayBuffer;
      send({ type: 'consumed', buffer }, [buffer]);
    } else send({ type: 'consumed' });
  }
}

/** Set from the first chunk: plain input's chunks go back to the host to be read into again. */
let reusable = false;

/**
 * The file read here, chunk by chunk, into one buffer while the input is plain (the reader copies
 * what it carries over); gzip input gets a fresh buffer per chunk, as its inflater may hold one.
 */
async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  const fd = openSync(path, 'r');
  try {
    let buffer = new Uint8Array(FILE_CHUNK_BYTES);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) return;
      yield buffer.subarray(0, n);
      if (!reusable) buffer = new Uint8Array(FILE_CHUNK_BYTES);
    }
  } finally {
    closeSync(fd);
  }
}

// Node has SharedArrayBuffer in every thread; should a host lack it, `flows` sends copies instead.
const shared = typeof SharedArrayBuffer === 'function';
const memory = shared ? sharedMemory : undefined;

// Progress is reported at most every 100 ms; the host only needs to move a bar.
let lastProgress = 0;
// A large file's fresh memory is touched ahead on a helper thread (src/io/pageToucher.ts): in an
// extension host, without huge pages, every 4 KiB page is a fault of its own.
const toucher = shared && (data.total ?? 0) >= TOUCH_PAGES_FROM_BYTES ? new PageToucher() : undefined;

const hooks: ParseHooks & { analyseElsewhere?: undefined } = {
  total: data.total,
  memory,
  maxRows: maxRowsForMemory(totalmem()),
  flowMemory: toucher?.wholeBlocks(),
  afterChunk: toucher?.rowsAhead(data.total ?? 0),
  onInputKind: (plain) => (reusable = plain),
  onFlows(model) {
    send({ type: 'flows', table: model.table, grouping: packGrouping(model.analysis), shared });
  },
  onAnalysis: (analysis) => send({ type: 'analysis', columns: analysisColumns(analysis) }),
  onProgress(progress) {
    const now = Date.now();
    if (progress.phase === 'reading' && now - lastProgress < 100) return;
    lastProgress = now;
    send({ type: 'progress', progress });
  },
};
const input = data.path === undefined ? incomingChunks() : fileChunks(data.path);
// Without shared memory the analysis worker could only be sent a copy: the pass here does it all.
const parsed: Promise<FlowsModel> =
  data.analyseElsewhere && shared
    ? parseChunks(data.fileName, input, { ...hooks, analyseElsewhere: (table) => send({ type: 'table', table }) })
    : parseChunks(data.fileName, input, hooks);

parsed
  .then(
    (model) => send({ type: 'findings', findings: model.findings }),
    (e: unknown) => send({ type: 'failed', message: e instanceof Error ? e.message : String(e) }),
  )
  .finally(() => toucher?.close());
