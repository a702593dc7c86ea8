// Takes the first touch of fresh memory off the thread that fills it. The kernel zeroes every
// page of fresh anonymous memory on its first write, and on virtual machines whose host backs
// guest memory lazily that is the costliest part of reading a large capture: on the benchmark VM
// about 1 ms per MB, a quarter of `diagnose`'s CPU time on 200 MB (bench/README.md). A helper
// thread writes one word per page ahead of the reader, so the faults are taken on the other core.
//
// The write is `Atomics.compareExchange(word, 0, 0)`: it stores 0 where the word is 0 and nothing
// elsewhere, so it can race with the filling thread without ever changing a value.
import { Worker } from 'node:worker_threads';
import { COLUMN_NAMES, type PacketTable } from '../core/capture/packetTable';
import { sharedMemory } from '../core/columnBlock';

/** The helper's whole program: touch every page of each range it is sent, in order. */
const TOUCHER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const PAGE = 4096;
// Byte offsets reach 4 GiB: divisions, not shifts or masks, which work on 32-bit signed integers.
parentPort.on('message', ({ memory, ranges, ping }) => {
  if (ping !== undefined) return parentPort.postMessage(ping);
  const words = new Int32Array(memory, 0, Math.floor(memory.byteLength / 4));
  for (let k = 0; k < ranges.length; k += 2) {
    const end = Math.min(ranges[k + 1], words.length * 4);
    for (let at = ranges[k] - (ranges[k] % 4); at < end; at += PAGE) Atomics.compareExchange(words, at / 4, 0, 0);
  }
});
`;

/**
 * Inputs from this size get the helper: on the 200 MB lab capture the CLI finished 0.13–0.25 s
 * sooner when the VM handed out memory cold, while on a 20 MB one it made no difference and
 * starting the helper cost a small capture 40 ms.
 */
export const TOUCH_PAGES_FROM_BYTES = 64 * 1024 * 1024;

/** How far ahead of the decoded rows the helper touches, in bytes of file. */
const TOUCH_AHEAD_BYTES = 8 * 1024 * 1024;

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

  /**
   * For a table being read from a file of `fileBytes`: call the result after each chunk with the
   * table so far; it has the rows of the next TOUCH_AHEAD_BYTES of file touched, as far as the
   * rows per byte so far say the file holds (the table is sized with room to spare, so touching
   * all of it would make memory resident that no row uses).
   */
  rowsAhead(fileBytes: number): (table: PacketTable | null, bytesRead: number) => void {
    let touched = 0;
    return (t, bytesRead) => {
      if (!t || t.count === 0 || bytesRead === 0) return;
      const rowsPerByte = t.count / bytesRead;
      const target = Math.min(Math.ceil(rowsPerByte * fileBytes), t.count + Math.ceil(rowsPerByte * TOUCH_AHEAD_BYTES));
      if (target <= touched) return;
      const columns: SharedColumns = {};
      for (const name of COLUMN_NAMES) columns[name] = t[name];
      this.touchRows(columns, Math.max(touched, t.count), target);
      touched = target;
    };
  }

  /** An allocator whose blocks are touched whole, at once: for blocks that will be filled completely. */
  wholeBlocks(): (bytes: number) => SharedArrayBuffer {
    return (bytes) => {
      const memory = sharedMemory(bytes);
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
