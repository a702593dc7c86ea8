// Takes the first touch of fresh memory off the thread that fills it. The kernel zeroes every
// page of fresh anonymous memory on its first write, and on virtual machines whose host backs
// guest memory lazily that is the costliest part of reading a large capture: on the benchmark VM
// about 1 ms per MB, a quarter of `diagnose`'s CPU time on 200 MB (bench/README.md). A helper
// thread writes one word per page ahead of the reader, so the faults are taken on the other core.
//
// The write is `Atomics.compareExchange(word, 0, 0)`: it stores 0 where the word is 0 and nothing
// elsewhere, so it can race with the filling thread without ever changing a value.
import { Worker } from 'node:worker_threads';

/** The helper's whole program: touch every page of each range it is sent, in order. */
const TOUCHER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const PAGE = 4096;
parentPort.on('message', ({ memory, ranges, ping }) => {
  if (ping !== undefined) return parentPort.postMessage(ping);
  const words = new Int32Array(memory, 0, memory.byteLength >> 2);
  for (let k = 0; k < ranges.length; k += 2) {
    const end = Math.min(ranges[k + 1], words.length * 4);
    for (let at = ranges[k] & ~3; at < end; at += PAGE) Atomics.compareExchange(words, at >> 2, 0, 0);
  }
});
`;

/** Typed arrays over one SharedArrayBuffer, one per column, indexed by row. */
export type SharedColumns = Record<string, { buffer: ArrayBufferLike; byteOffset: number; BYTES_PER_ELEMENT: number; length: number }>;

export class PageToucher {
  private readonly worker = new Worker(TOUCHER_SOURCE, { eval: true });
  private pings = 0;

  constructor() {
    // The helper never keeps the process alive: it only runs ahead of work that does.
    this.worker.unref();
  }

  /** Touches bytes [from, to) of `memory`, on the helper thread. */
  touch(memory: SharedArrayBuffer, from: number, to: number): void {
    if (to > from) this.worker.postMessage({ memory, ranges: [from, to] });
  }

  /** Touches rows [from, to) of every column (all views of one SharedArrayBuffer). */
  touchRows(columns: SharedColumns, from: number, to: number): void {
    const ranges: number[] = [];
    let memory: SharedArrayBuffer | undefined;
    for (const column of Object.values(columns)) {
      if (!(column.buffer instanceof SharedArrayBuffer)) return;
      memory = column.buffer;
      const first = Math.max(0, Math.min(from, column.length));
      const last = Math.max(first, Math.min(to, column.length));
      if (last > first) ranges.push(column.byteOffset + first * column.BYTES_PER_ELEMENT, column.byteOffset + last * column.BYTES_PER_ELEMENT);
    }
    if (memory && ranges.length > 0) this.worker.postMessage({ memory, ranges });
  }

  /** An allocator whose blocks are touched whole, at once: for blocks that will be filled completely. */
  wholeBlocks(): (bytes: number) => SharedArrayBuffer {
    return (bytes) => {
      const memory = new SharedArrayBuffer(bytes);
      this.touch(memory, 0, bytes);
      return memory;
    };
  }

  /** Resolves once every range sent so far has been touched. */
  settled(): Promise<void> {
    const ping = ++this.pings;
    return new Promise((resolve) => {
      const onReply = (reply: unknown) => {
        if (reply !== ping) return;
        this.worker.off('message', onReply);
        resolve();
      };
      this.worker.on('message', onReply);
      this.worker.postMessage({ ping });
    });
  }

  close(): void {
    void this.worker.terminate();
  }
}
