// Chunk handling shared by the binary readers: records are parsed straight out of each chunk,
// and only the incomplete record at a chunk's end is copied aside (the caller may reuse its
// buffer), then completed from the next chunk with exactly the bytes it still lacks.
import type { ChunkReader } from './chunkReader';
import type { PacketTableBuilder } from './packetTable';

export abstract class FramedReader implements ChunkReader {
  /**
   * Bytes needed from the current parse position before `parse` can make progress. `parse`
   * sets it, after validating any length it comes from, whenever it stops short of `end`.
   */
  protected need = 1;
  /** Set once damage makes the rest of the file unreadable: later chunks are ignored. */
  protected stopped = false;
  private carry = new Uint8Array(0);
  private carryLen = 0;
  /** File offset of the first byte not yet consumed by `parse`. */
  private consumed = 0;

  constructor(protected readonly builder: PacketTableBuilder) {}

  /**
   * Parses whole records in buf[pos, end) and returns the position after the last one. `base`
   * is the file offset of buf[0]. On return, either `stopped` is set or end - result < need.
   */
  protected abstract parse(buf: Uint8Array, view: DataView, pos: number, end: number, base: number): number;

  /** The input ended with `pending` bytes of an incomplete record starting at file offset `offset`. */
  protected abstract endInsideRecord(pending: number, offset: number): void;

  /** The input ended cleanly between records. */
  protected endBetweenRecords(): void {}

  push(chunk: Uint8Array): void {
    this.builder.bytes += chunk.length;
    if (this.stopped) return;
    const n = chunk.length;
    let pos = 0;
    while (this.carryLen > 0) {
      const missing = this.need - this.carryLen;
      if (missing > 0) {
        const take = Math.min(missing, n - pos);
        this.appendCarry(chunk, pos, take);
        pos += take;
        if (this.carryLen < this.need) return;
      }
      const view = new DataView(this.carry.buffer, this.carry.byteOffset, this.carryLen);
      const used = this.parse(this.carry, view, 0, this.carryLen, this.consumed);
      this.consumed += used;
      if (this.stopped) return;
      if (used === 0 && this.carryLen >= this.need) throw new Error('reader made no progress');
      this.carry.copyWithin(0, used, this.carryLen);
      this.carryLen -= used;
    }
    if (pos === n) return;
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const next = this.parse(chunk, view, pos, n, this.consumed - pos);
    this.consumed += next - pos;
    if (this.stopped) return;
    if (n - next >= this.need) throw new Error('reader made no progress');
    this.appendCarry(chunk, next, n - next);
  }

  end(): void {
    if (this.stopped) return;
    if (this.carryLen > 0) this.endInsideRecord(this.carryLen, this.consumed);
    else this.endBetweenRecords();
  }

  private appendCarry(src: Uint8Array, from: number, count: number): void {
    if (count <= 0) return;
    const size = this.carryLen + count;
    if (size > this.carry.length) {
      const grown = new Uint8Array(Math.max(size, this.carry.length * 2, 256));
      grown.set(this.carry.subarray(0, this.carryLen));
      this.carry = grown;
    }
    this.carry.set(src.subarray(from, from + count), this.carryLen);
    this.carryLen = size;
  }
}
