// The entry point for reading captures: recognises the format by content (never by file name)
// and streams the bytes through the matching reader into a PacketTable.
import type { ChunkReader } from './chunkReader';
import { type CaptureFormat, type PacketTable, PacketTableBuilder } from './packetTable';
import type { ColumnAllocator } from '../columnBlock';
import { countPcapRecords, PcapReader, pcapMagic } from './pcap';
import { countPcapngPackets, PCAPNG_SHB_TYPE, PcapngReader } from './pcapng';
import { UnreadableCapture } from './readProblem';
import { isGzip } from './gunzip';
import { looksLikeTcpdumpText, TcpdumpTextReader } from './text/tcpdumpText';

export type { PacketTable, CaptureFormat } from './packetTable';

/** The file is not a capture we can read, or its headers are too damaged to read anything. */
export class NotACaptureError extends Error {
  constructor(
    readonly fileName: string,
    readonly reason: string,
    readonly offset?: number,
  ) {
    super(`${fileName}: ${reason}${offset === undefined ? '' : ` (at byte offset ${offset})`}`);
    this.name = 'NotACaptureError';
  }
}

/** Bytes that identify a binary capture. */
const MAGIC_LEN = 4;
/** Text needs a few lines before it can be told apart from other text. */
const TEXT_SNIFF_LEN = 8192;
const NOT_A_CAPTURE = 'not a pcap, pcapng or tcpdump text file';

/** The capture format of a file by its first bytes, or null when it is none we read. */
export function sniffCapture(head: Uint8Array): CaptureFormat | null {
  const binary = sniffBinary(head);
  if (binary) return binary;
  if (head.length > 0 && looksLikeTcpdumpText(head)) return 'tcpdump-text';
  return null;
}

function sniffBinary(head: Uint8Array): 'pcap' | 'pcapng' | null {
  if (pcapMagic(head)) return 'pcap';
  if (head.length < MAGIC_LEN) return null;
  // The section header's type reads the same in both byte orders.
  const word = (head[0] | (head[1] << 8) | (head[2] << 16) | (head[3] << 24)) >>> 0;
  return word === PCAPNG_SHB_TYPE ? 'pcapng' : null;
}

/** Push the file's bytes in chunks of any size, then `end()` for the table. */
export class CaptureStream {
  private head = new Uint8Array(0);
  private reader: ChunkReader | null = null;
  private builder: PacketTableBuilder | null = null;
  /** Bytes pushed so far, and whether fitTable has sized the table from them yet. */
  private pushed = 0;
  private projected = false;

  /**
   * `sizeHint`: the file's size when known, so the table can be sized once instead of grown by
   * doubling. `alloc`: where the columns' memory comes from (shared memory when another thread reads them).
   * `maxRows`: the most packets read (maxRowsForMemory); the rest of a larger capture is left out
   * with a warning rather than exhausting memory.
   */
  constructor(
    readonly name: string,
    private readonly sizeHint = 0,
    private readonly alloc?: ColumnAllocator,
    private readonly maxRows?: number,
  ) {}

  /**
   * The table as read so far, while bytes are still being pushed (null before the format is
   * known). Its rows are complete: a record split across chunks becomes a row only once whole.
   * Its columns are the builder's current arrays, longer than `count`; they are replaced when
   * the table grows.
   */
  partial(): PacketTable | null {
    return this.builder ? this.builder.snapshot() : null;
  }

  push(chunk: Uint8Array): void {
    this.pushed += chunk.length;
    if (this.reader) {
      this.guard(() => this.reader?.push(chunk));
      this.fitTable();
      return;
    }
    const head = new Uint8Array(this.head.length + chunk.length);
    head.set(this.head);
    head.set(chunk, this.head.length);
    this.head = head;
    if (sniffBinary(head) || head.length >= TEXT_SNIFF_LEN || isGzip(head)) {
      this.start();
      this.fitTable();
    }
  }

  /**
   * Sizes the table for the rows the rest of the input will hold at the rate read so far. Columns
   * sized from the file's size alone (size/64 rows) were 70 % too long for a capture of 96-byte
   * snapshots, and with huge pages every column's partly written last page is resident memory:
   * 45 MB more of it on the 200 MB benchmark capture, where fresh memory costs 1–3 ms per MB.
   * A binary capture is sized before its first chunk is decoded (initialRows); a text log after
   * it. One whose packets get smaller later is sized again, at least a quarter larger each time.
   */
  private fitTable(): void {
    const b = this.builder;
    if (!b || this.pushed >= this.sizeHint || b.count === 0) return;
    const projected = this.wholeInputRows(b.count, this.pushed);
    if (!this.projected) b.resize(Math.min(roomFor(projected), MAX_INITIAL_ROWS));
    else if (projected > b.capacity) b.resize(Math.max(roomFor(projected), b.capacity * 1.25));
    this.projected = true;
  }

  /** Rows of the whole input at `rows` per `bytes`. */
  private wholeInputRows(rows: number, bytes: number): number {
    return rows * (this.sizeHint / bytes);
  }

  /**
   * Rows to allocate before the first chunk (`head`) is decoded. With more input to come, a pcap
   * or pcapng file's record lengths give its rate of records per byte at once: sizing the table
   * only after decoding meant moving the first chunk's rows into fresh columns, whose first
   * pages the page toucher had not reached (70 ms of faults on the benchmark VM).
   */
  private initialRows(head: Uint8Array, format: CaptureFormat): number {
    if (this.sizeHint <= head.length) return expectedRows(this.sizeHint);
    const records = format === 'pcap' ? countPcapRecords(head) : format === 'pcapng' ? countPcapngPackets(head) : 0;
    if (records === 0) return expectedRows(head.length);
    this.projected = true;
    return Math.min(roomFor(this.wholeInputRows(records, head.length)), MAX_INITIAL_ROWS);
  }

  end(): PacketTable {
    if (!this.reader) this.start();
    this.guard(() => this.reader?.end());
    return (this.builder as PacketTableBuilder).finish();
  }

  private start(): void {
    const head = this.head;
    if (isGzip(head)) {
      throw new NotACaptureError(this.name, 'gzip-compressed: decompress it first (gunzip), then open the capture');
    }
    if (head.length === 0) throw new NotACaptureError(this.name, `empty file: ${NOT_A_CAPTURE}`);
    const format = sniffCapture(head);
    if (!format) throw new NotACaptureError(this.name, NOT_A_CAPTURE);
    const builder = new PacketTableBuilder(format, this.initialRows(head, format), this.alloc, this.maxRows);
    this.builder = builder;
    if (format === 'pcap') this.reader = new PcapReader(builder);
    else if (format === 'pcapng') this.reader = new PcapngReader(builder);
    else this.reader = new TcpdumpTextReader(builder);
    this.head = new Uint8Array(0);
    this.guard(() => this.reader?.push(head));
  }

  private guard(step: () => void): void {
    try {
      step();
    } catch (e) {
      if (e instanceof UnreadableCapture) throw new NotACaptureError(this.name, e.message, e.offset);
      throw e;
    }
  }
}

/**
 * Rows to expect of `sizeHint` bytes of capture before any of it is read: room for a first chunk,
 * or for a whole input pushed at once. A TCP ACK record costs at least ~70 bytes of file, so
 * size/64 rarely needs growing.
 */
function expectedRows(sizeHint: number): number {
  return Math.min(MAX_INITIAL_ROWS, Math.max(MIN_INITIAL_ROWS, Math.ceil(sizeHint / BYTES_PER_ROW_ESTIMATE)));
}
const BYTES_PER_ROW_ESTIMATE = 64;
/** The table's room for `projected` rows: a few percent more, as a capture's packet sizes drift. */
function roomFor(projected: number): number {
  return Math.ceil(projected * PROJECTION_SLACK) + SLACK_ROWS;
}
const PROJECTION_SLACK = 1.03;
const SLACK_ROWS = 4096;
const MIN_INITIAL_ROWS = 1 << 12;
const MAX_INITIAL_ROWS = 1 << 25;

/** Reads a capture held in memory. */
export function readCaptureBytes(bytes: Uint8Array, name: string): PacketTable {
  const stream = new CaptureStream(name, bytes.length);
  stream.push(bytes);
  return stream.end();
}
