// Reads a capture file from disk in fixed-size chunks through one reused buffer, so a file of
// several gigabytes costs the packet table plus a few megabytes, never the file's size.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { totalmem } from 'node:os';
import { CaptureStream } from '../core/capture';
import { maxRowsForMemory, type PacketTable } from '../core/capture/packetTable';
import { sharedMemory, type ColumnAllocator } from '../core/columnBlock';
import type { PageToucher } from './pageToucher';

const CHUNK_SIZE = 4 * 1024 * 1024;

export interface ReadOptions {
  /** Where the table's columns get their memory (shared memory when another thread reads them). */
  alloc?: ColumnAllocator;
  /** Bytes per read; the default is 4 MiB. */
  chunkBytes?: number;
  /** Called after each chunk has been decoded, with the stream so far (`stream.partial()`). */
  afterChunk?: (stream: CaptureStream) => void;
  /**
   * Touches the table's fresh memory on a helper thread a little ahead of the rows being decoded
   * (the columns then live in shared memory, whatever `alloc` says).
   */
  toucher?: PageToucher;
}

/** The file could not be opened or read (missing, a directory, no permission, I/O error). */
export class CaptureFileError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'CaptureFileError';
  }
}

/** Throws CaptureFileError when the file cannot be read and NotACaptureError when it is not a capture. */
export function readCaptureFile(path: string, options: ReadOptions = {}): PacketTable {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new CaptureFileError(path, describeFileError(e));
  }
  try {
    let total: number;
    try {
      const stat = fstatSync(fd);
      if (stat.isDirectory()) throw new CaptureFileError(path, 'is a directory, not a capture file');
      total = stat.size;
    } catch (e) {
      if (e instanceof CaptureFileError) throw e;
      throw new CaptureFileError(path, describeFileError(e));
    }
    const toucher = options.toucher;
    const stream = new CaptureStream(path, total, toucher ? sharedMemory : options.alloc, maxRowsForMemory(totalmem()));
    const touchAhead = toucher?.rowsAhead(total);
    // Readers copy any incomplete record out of a chunk, so the buffer can be reused at once.
    const buffer = new Uint8Array(Math.min(options.chunkBytes ?? CHUNK_SIZE, Math.max(total, 64 * 1024)));
    let bytesRead = 0;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buffer, 0, buffer.length, null);
      } catch (e) {
        throw new CaptureFileError(path, `${describeFileError(e)} after ${bytesRead} bytes`);
      }
      if (n === 0) break;
      stream.push(buffer.subarray(0, n));
      bytesRead += n;
      touchAhead?.(stream.partial(), bytesRead);
      options.afterChunk?.(stream);
    }
    return stream.end();
  } finally {
    closeSync(fd);
  }
}

/** A file error in the words the CLI prints. */
function describeFileError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, not a capture file';
    default:
      return err.message ?? String(e);
  }
}
