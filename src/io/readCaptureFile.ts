// Reads a capture file from disk in fixed-size chunks through one reused buffer, so a file of
// several gigabytes costs the packet table plus a few megabytes, never the file's size.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { CaptureStream } from '../core/capture';
import type { PacketTable } from '../core/capture/packetTable';

const CHUNK_SIZE = 4 * 1024 * 1024;

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
export function readCaptureFile(path: string, onProgress?: (bytesRead: number, total: number) => void): PacketTable {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new CaptureFileError(path, describe(e));
  }
  try {
    let total: number;
    try {
      const stat = fstatSync(fd);
      if (stat.isDirectory()) throw new CaptureFileError(path, 'is a directory, not a capture file');
      total = stat.size;
    } catch (e) {
      if (e instanceof CaptureFileError) throw e;
      throw new CaptureFileError(path, describe(e));
    }
    const stream = new CaptureStream(path, total);
    // Readers copy any incomplete record out of a chunk, so the buffer can be reused at once.
    const buffer = new Uint8Array(Math.min(CHUNK_SIZE, Math.max(total, 64 * 1024)));
    let bytesRead = 0;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buffer, 0, buffer.length, null);
      } catch (e) {
        throw new CaptureFileError(path, `${describe(e)} after ${bytesRead} bytes`);
      }
      if (n === 0) break;
      stream.push(buffer.subarray(0, n));
      bytesRead += n;
      onProgress?.(bytesRead, total);
    }
    return stream.end();
  } finally {
    closeSync(fd);
  }
}

function describe(e: unknown): string {
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
