// Reads a capture file from disk in fixed-size chunks through one reused buffer, so a file of
// several gigabytes costs the packet table plus a few megabytes, never the file's size.
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { totalmem } from 'node:os';
import { CaptureStream, NotACaptureError } from '../core/capture';
import { damageWarning, GzipDamage, isGzip, MaybeGzip } from '../core/capture/gunzip';
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

/** Whether the file starts as gzip data does (false when it cannot be read: readCaptureFile says why). */
export function isGzipFile(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = new Uint8Array(2);
    return readSync(fd, head, 0, 2, 0) === 2 && isGzip(head);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Reads a gzip-compressed capture (`*.pcap.gz`, as tshark does), inflating it as a stream: memory
 * holds the table, never the inflated file. Throws as readCaptureFile does.
 */
export function readGzipCaptureFile(path: string): Promise<PacketTable> {
  const compressed = createReadStream(path, { highWaterMark: CHUNK_SIZE });
  return readCaptureChunks(path, compressed).finally(() => compressed.destroy());
}

/**
 * Reads a capture that arrives in chunks (standard input, a compressed file): gzip data,
 * recognised by its first bytes, is inflated as it comes. Compressed data that ends early or is
 * corrupt ends reading with a warning at its compressed offset, the packets before it kept.
 * `name` names the input in messages. Throws CaptureFileError for the source's own errors and
 * NotACaptureError as readCaptureFile does.
 */
export async function readCaptureChunks(name: string, source: AsyncIterable<Uint8Array>): Promise<PacketTable> {
  // The size is unknown: the table grows by doubling from the first chunk's rate.
  const stream = new CaptureStream(name, 0, undefined, maxRowsForMemory(totalmem()));
  const input = new MaybeGzip(source);
  let damage: GzipDamage | undefined;
  try {
    for await (const chunk of input.chunks()) stream.push(chunk);
  } catch (e) {
    if (e instanceof GzipDamage) damage = e;
    // The source's own errors (missing, unreadable) in the CLI's words; anything else as it is.
    else if ((e as NodeJS.ErrnoException).code !== undefined) throw new CaptureFileError(name, describeFileError(e));
    else throw e;
  }
  let table: PacketTable;
  try {
    table = stream.end();
  } catch (e) {
    // Nothing inflated is a capture: when the compressed data was damaged, that is the reason.
    if (damage && e instanceof NotACaptureError) throw new NotACaptureError(name, `gzip-compressed capture: ${damage.message}`, damage.compressedOffset);
    throw e;
  }
  if (input.gzip) {
    // The reader's offsets count bytes of the decompressed capture; the damage's, of the input.
    for (const w of table.warnings) if (w.offset !== undefined) w.message += ' (offset in the decompressed capture)';
  }
  if (damage) table.warnings.push(damageWarning(damage));
  return table;
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
