// The packet table: one row per packet, stored as columns (struct of arrays) so that a
// capture of millions of packets costs a few typed arrays rather than millions of objects.
// Readers append rows through PacketTableBuilder; everything downstream reads the columns.

import { columnsInOneBlock, privateMemory, type ColumnAllocator, type ColumnType } from '../columnBlock';
import { dropSacksFrom, emptySackList, openSack, sackEdgesOf, type SackList } from './sackList';
import { Uint32Index } from './uint32Index';

/** What the highest decoded layer of a row is (column `proto`). */
export const enum Proto {
  Other = 0,
  Tcp = 1,
  Udp = 2,
  Ipv4 = 3,
  Ipv6 = 4,
  Arp = 5,
  /** ICMP / ICMPv6 error quoting a TCP/UDP header: src/dst/ports are the quoted flow's. */
  IcmpQuote = 6,
}

export const PROTO_NAMES = ['other', 'tcp', 'udp', 'ipv4', 'ipv6', 'arp', 'icmp'] as const;

/** TCP header flag bits, as in the 12-bit flags field (`tcp.flags`). */
export const enum TcpFlag {
  Fin = 0x001,
  Syn = 0x002,
  Rst = 0x004,
  Psh = 0x008,
  Ack = 0x010,
  Urg = 0x020,
  Ece = 0x040,
  Cwr = 0x080,
  Ae = 0x100,
}

/** Bits of the `opts` column: which TCP options a segment carried. */
export const enum TcpOpt {
  Mss = 0x01,
  WindowScale = 0x02,
  SackPermitted = 0x04,
  Sack = 0x08,
  Timestamps = 0x10,
  FastOpen = 0x20,
  Mptcp = 0x40,
  /** IP fragment after the first: transport header absent, row kept as ipv4/ipv6. */
  Fragment = 0x80,
}

/** Where a row came from, for messages and for `frames`: 1-based ordinals. */
export interface ReadWarning {
  message: string;
  /** Byte offset in the file (binary captures). */
  offset?: number;
  /** 1-based line number (text logs). */
  line?: number;
  /** 1-based frame the warning concerns, when it concerns one. */
  frame?: number;
  /** Reading stopped here: nothing of the file after this point is in the table. */
  endsReading?: true;
}

export type CaptureFormat = 'pcap' | 'pcapng' | 'tcpdump-text';

const INITIAL_CAPACITY = 1024;

/**
 * Columns of the table. Index i is frame i+1. All numeric; strings (addresses) are interned
 * in `addrs` and referenced by id.
 */
export interface PacketColumns {
  /** Whole seconds since the epoch (or since midnight when `dateKnown` is false). */
  secs: Float64Array;
  /** Nanoseconds within the second. */
  nanos: Uint32Array;
  proto: Uint8Array;
  /** Interned address ids (index into `addrs`); 0xffffffff when absent. */
  src: Uint32Array;
  dst: Uint32Array;
  sport: Uint16Array;
  dport: Uint16Array;
  tcpFlags: Uint16Array;
  seq: Uint32Array;
  ack: Uint32Array;
  /** Raw 16-bit window field. */
  win: Uint16Array;
  /** TCP or UDP payload length. */
  len: Uint32Array;
  /** Original length on the wire (frame.len). */
  wireLen: Uint32Array;
  /** TcpOpt bits. */
  opts: Uint8Array;
  /** MSS option value, 0 when absent. */
  mss: Uint16Array;
  /** Window-scale shift from the option, 255 when absent. */
  wscale: Uint8Array;
  /** Timestamp option TSval / TSecr (valid when opts has Timestamps). */
  tsval: Uint32Array;
  tsecr: Uint32Array;
  /** Interface id (pcapng), 0 otherwise. */
  iface: Uint16Array;
}

export const NO_ADDR = 0xffffffff;

export type ColumnName = keyof PacketColumns;

type Column = ArrayLike<number> & { set(a: ArrayLike<number>): void; subarray(start: number, end: number): Column };
const COLUMN_TYPES: Record<ColumnName, ColumnType<Column>> = {
  secs: Float64Array,
  nanos: Uint32Array,
  proto: Uint8Array,
  src: Uint32Array,
  dst: Uint32Array,
  sport: Uint16Array,
  dport: Uint16Array,
  tcpFlags: Uint16Array,
  seq: Uint32Array,
  ack: Uint32Array,
  win: Uint16Array,
  len: Uint32Array,
  wireLen: Uint32Array,
  opts: Uint8Array,
  mss: Uint16Array,
  wscale: Uint8Array,
  tsval: Uint32Array,
  tsecr: Uint32Array,
  iface: Uint16Array,
};
export const COLUMN_NAMES = Object.keys(COLUMN_TYPES) as ColumnName[];

/** Bytes one row takes in all the columns. */
export const ROW_BYTES = COLUMN_NAMES.reduce((sum, name) => sum + COLUMN_TYPES[name].BYTES_PER_ELEMENT, 0);

/**
 * The most rows a table holds, whatever the memory: its columns share one block, and V8 (Node 20)
 * clones a view of shared memory with a 32-bit byte offset, so a column placed past 4 GiB
 * arrived at the wrong offset in the other thread (or failed to arrive). About 72 million packets.
 */
export const MAX_TABLE_ROWS = Math.floor(0xffff_ffff / ROW_BYTES);

/**
 * Bytes of memory a row costs the whole program, for limiting the rows to a share of the
 * machine's memory: the table, the flow pass and Wireshark's analysis (~85 bytes), with room for
 * the trace columns, a grown table's copy and the rest.
 */
const PROGRAM_BYTES_PER_ROW = 128;

/**
 * The rows a table may hold on a machine of `memoryBytes`: half of it at PROGRAM_BYTES_PER_ROW,
 * and no more than MAX_TABLE_ROWS. A capture beyond that (a hostile one of empty records costs
 * 59 bytes of table per 16 bytes of file) is read up to there, with a warning.
 */
export function maxRowsForMemory(memoryBytes: number): number {
  return Math.max(MIN_ROW_LIMIT, Math.min(MAX_TABLE_ROWS, Math.floor(memoryBytes / 2 / PROGRAM_BYTES_PER_ROW)));
}
const MIN_ROW_LIMIT = 1 << 20;

/** The columns cut to their first `length` rows (views of the same memory). */
export function columnsOver(columns: Readonly<PacketColumns>, length: number): PacketColumns {
  const cols = {} as Record<ColumnName, unknown>;
  for (const name of COLUMN_NAMES) cols[name] = (columns[name] as unknown as { subarray(a: number, b: number): unknown }).subarray(0, length);
  return cols as PacketColumns;
}

export type { SackList } from './sackList';

/** Link-layer types and interface names of a pcapng file, or the single pcap link type. */
export interface InterfaceInfo {
  linkType: number;
  snapLen: number;
  name?: string;
}

export interface PacketTable extends PacketColumns {
  count: number;
  format: CaptureFormat;
  /** false for tcpdump text without dates: times are seconds since midnight. */
  dateKnown: boolean;
  /** Digits after the decimal point that the capture's timestamps carry (6 or 9, text: as printed). */
  timePrecision: number;
  /** Interned address strings, printed like tcpdump -nn (IPv6 compressed) or as the host name in a text log. */
  addrs: string[];
  sack: SackList;
  interfaces: InterfaceInfo[];
  warnings: ReadWarning[];
  /** Bytes of input consumed. */
  bytes: number;
}

/** Appends rows, growing every column by doubling; `row()` returns the index to fill. */
export class PacketTableBuilder {
  count = 0;
  capacity = 0;
  cols = {} as PacketColumns;
  readonly addrs: string[] = [];
  private readonly addrIds = new Map<string, number>();
  /** IPv4 addresses interned by their 32-bit value, so no string is built per packet. */
  private readonly v4Ids = new Uint32Index();
  /** The two addresses interned last (-1: none; values are unsigned), checked before the map. */
  private lastV4Value = -1;
  private lastV4Id = 0;
  private otherV4Value = -1;
  private otherV4Id = 0;
  readonly sack: SackList = emptySackList();
  readonly interfaces: InterfaceInfo[] = [];
  readonly warnings: ReadWarning[] = [];
  dateKnown = true;
  timePrecision = 6;
  bytes = 0;

  /**
   * `maxRows`: the table never grows beyond this many rows. Readers check `full` before each
   * packet and stop there with `stopAtRowLimit`.
   */
  constructor(
    public format: CaptureFormat,
    initialCapacity = INITIAL_CAPACITY,
    private readonly alloc: ColumnAllocator = privateMemory,
    readonly maxRows = MAX_TABLE_ROWS,
  ) {
    this.allocate(Math.max(16, initialCapacity));
  }

  /** No row can be added: the reader must stop (stopAtRowLimit). */
  get full(): boolean {
    return this.count >= this.maxRows;
  }

  /** Records that reading stops at `where` (the next packet's offset or line) because the table is full. */
  stopAtRowLimit(where: { offset?: number; line?: number }): void {
    this.warn({
      ...where,
      message: `the packet table is full at ${this.count} packets (the limit for this machine's memory); the rest of the file is not read`,
      frame: this.count + 1,
      endsReading: true,
    });
  }

  private allocate(wanted: number): void {
    const capacity = Math.min(wanted, Math.max(this.maxRows, 16));
    const next = columnsInOneBlock(COLUMN_TYPES, capacity, this.alloc);
    if (this.count > 0) {
      for (const name of COLUMN_NAMES) next[name].set((this.cols[name] as Column).subarray(0, this.count));
    }
    this.cols = next as unknown as PacketColumns;
    this.capacity = capacity;
  }

  /** Moves the rows into columns of `capacity` rows (never fewer than the rows there are): larger or smaller. */
  resize(capacity: number): void {
    const rows = Math.max(16, this.count, Math.min(Math.ceil(capacity), this.maxRows));
    if (rows !== this.capacity) this.allocate(rows);
  }

  /** Starts a new row with defaults and returns its index. */
  row(): number {
    if (this.count === this.capacity) {
      if (this.full) throw new Error(`packet table full at ${this.count} rows: the reader did not check`);
      this.allocate(this.capacity * 2);
    }
    const i = this.count++;
    const c = this.cols;
    c.src[i] = NO_ADDR;
    c.dst[i] = NO_ADDR;
    c.wscale[i] = 255;
    // The other columns are zero-filled by allocation and never written before this row.
    return i;
  }

  /** Drops the last row (a record found damaged after row() was called). */
  dropLastRow(): void {
    if (this.count === 0) return;
    const i = --this.count;
    for (const name of COLUMN_NAMES) (this.cols[name] as unknown as { [k: number]: number })[i] = 0;
    dropSacksFrom(this.sack, i);
  }

  /** The id of an address given as text (tcpdump's logs): one id per distinct text. */
  internAddr(text: string): number {
    let id = this.addrIds.get(text);
    if (id === undefined) {
      id = this.addrs.length;
      this.addrs.push(text);
      this.addrIds.set(text, id);
    }
    return id;
  }

  /**
   * A new id for the text of an address its binary interner has not seen (internIpv4,
   * Ipv6Interner, which compare values): an IPv4 text never equals an IPv6 one, so no text map
   * is kept for them. A table's addresses come from these or from internAddr, never both.
   */
  appendAddr(text: string): number {
    this.addrs.push(text);
    return this.addrs.length - 1;
  }

  internIpv4(value: number): number {
    // Captures hold few hosts and a packet's addresses mostly repeat the previous packet's.
    if (value === this.lastV4Value) return this.lastV4Id;
    if (value === this.otherV4Value) return this.otherV4Id;
    let id = this.v4Ids.get(value);
    if (id < 0) {
      id = this.appendAddr(`${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`);
      this.v4Ids.set(value, id);
    }
    this.otherV4Value = this.lastV4Value;
    this.otherV4Id = this.lastV4Id;
    this.lastV4Value = value;
    this.lastV4Id = id;
    return id;
  }

  addSack(row: number, edges: ArrayLike<number>): void {
    const at = openSack(this.sack, row, edges.length >> 1);
    const list = this.sack.edges;
    for (let k = 0; k < edges.length; k++) list[at + k] = edges[k];
  }

  /** Records the `blocks` SACK blocks of row `row` found at bytes[at …] (big-endian left/right edges). */
  addSackBlocks(row: number, view: DataView, at: number, blocks: number): void {
    let k = openSack(this.sack, row, blocks);
    const list = this.sack.edges;
    for (let q = at, end = at + 8 * blocks; q < end; q += 4) list[k++] = view.getUint32(q);
  }

  warn(w: ReadWarning): void {
    // A hostile file can damage every record; keep the first thousand, and the one that says why
    // reading stopped (there is at most one).
    if (this.warnings.length < 1000 || w.endsReading) this.warnings.push(w);
    else if (this.warnings.length === 1000)
      this.warnings.push({ message: 'further warnings suppressed' });
  }

  finish(): PacketTable {
    const n = this.count;
    const cols = {} as Record<ColumnName, unknown>;
    for (const name of COLUMN_NAMES) {
      const col = this.cols[name] as unknown as { subarray(a: number, b: number): unknown };
      cols[name] = col.subarray(0, n);
    }
    return this.tableWith(cols as unknown as PacketColumns);
  }

  /** The table so far without trimming the columns: they stay the builder's (capacity-long) arrays. */
  snapshot(): PacketTable {
    return this.tableWith(this.cols);
  }

  private tableWith(cols: PacketColumns): PacketTable {
    return packetTable(cols, {
      count: this.count,
      format: this.format,
      dateKnown: this.dateKnown,
      timePrecision: this.timePrecision,
      addrs: this.addrs,
      sack: this.sack,
      interfaces: this.interfaces,
      warnings: this.warnings,
      bytes: this.bytes,
    });
  }
}

/**
 * Rows the table's columns have room for. For a table still being read (a snapshot) that is the
 * reader's estimate of the rows of the whole input, from which columns kept beside it are sized.
 */
export function rowCapacity(t: PacketTable): number {
  return t.secs.length;
}

/** What a table holds besides its columns. */
export type TableParts = Omit<PacketTable, ColumnName>;

/**
 * A table object from its columns and the rest, always built by this one literal, so every table
 * has one hidden class and the loops that take tables stay monomorphic. With object spread, V8
 * gave each snapshot of a growing table a hidden class of its own after the first few, and every
 * flow-pass step over a new snapshot threw its optimised code away ("wrong map"): the chunk-by-chunk
 * flow pass ran at half the speed of one pass over the whole table.
 */
export function packetTable(cols: PacketColumns, parts: TableParts): PacketTable {
  return {
    secs: cols.secs,
    nanos: cols.nanos,
    proto: cols.proto,
    src: cols.src,
    dst: cols.dst,
    sport: cols.sport,
    dport: cols.dport,
    tcpFlags: cols.tcpFlags,
    seq: cols.seq,
    ack: cols.ack,
    win: cols.win,
    len: cols.len,
    wireLen: cols.wireLen,
    opts: cols.opts,
    mss: cols.mss,
    wscale: cols.wscale,
    tsval: cols.tsval,
    tsecr: cols.tsecr,
    iface: cols.iface,
    count: parts.count,
    format: parts.format,
    dateKnown: parts.dateKnown,
    timePrecision: parts.timePrecision,
    addrs: parts.addrs,
    sack: parts.sack,
    interfaces: parts.interfaces,
    warnings: parts.warnings,
    bytes: parts.bytes,
  };
}

/** Seconds of row i relative to row 0, as a double (precise to well under a microsecond). */
export function relTime(t: PacketTable, i: number): number {
  if (t.count === 0) return 0;
  return t.secs[i] - t.secs[0] + (t.nanos[i] - t.nanos[0]) * 1e-9;
}

/** Absolute time of row i as a double (seconds since the epoch, or since midnight). */
export function absTime(t: PacketColumns, i: number): number {
  return t.secs[i] + t.nanos[i] * 1e-9;
}

/** SACK edges of row i ([left, right, …]), or an empty array. */
export function sackOf(t: PacketTable, i: number): number[] {
  return sackEdgesOf(t.sack, i);
}
