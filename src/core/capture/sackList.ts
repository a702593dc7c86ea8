// SACK blocks live beside the packet table, keyed by row: most packets carry none, and those that
// do carry one to four [left, right) pairs. The list is typed arrays grown by doubling: as plain
// arrays, a capture with SACK on every packet (1.9 M of them in 200 MB) spent 4–5 s of each
// thread's time in pushes, copies and the collector, and held 4 GB for 9.4 M packets.
// A plain object (no class), so it survives structured cloning between threads.

export interface SackList {
  /** Entries [0, length) are in use; the arrays have room for more. */
  length: number;
  /** Row of each entry, ascending. */
  rows: Uint32Array;
  /** Offset into `edges` of each entry's first edge. */
  starts: Uint32Array;
  /** Number of [left, right] pairs of each entry. */
  counts: Uint8Array;
  /** Edges [0, edgeLength) are in use: left, right, left, right, … */
  edgeLength: number;
  edges: Uint32Array;
}

/** Entries added to a list after some point, as copies of their own (for another thread). */
export interface SackChunk {
  rows: Uint32Array;
  /** Offsets into the whole list's edges, not into this chunk's. */
  starts: Uint32Array;
  counts: Uint8Array;
  edges: Uint32Array;
}

const INITIAL_ENTRIES = 64;

export function emptySackList(): SackList {
  return {
    length: 0,
    rows: new Uint32Array(INITIAL_ENTRIES),
    starts: new Uint32Array(INITIAL_ENTRIES),
    counts: new Uint8Array(INITIAL_ENTRIES),
    edgeLength: 0,
    edges: new Uint32Array(INITIAL_ENTRIES * 4),
  };
}

function grown<T extends Uint32Array | Uint8Array>(a: T, used: number, needed: number, make: (n: number) => T): T {
  if (needed <= a.length) return a;
  const next = make(Math.max(needed, a.length * 2));
  next.set(a.subarray(0, used));
  return next;
}

/** Makes room for `entries` more entries and `edges` more edges. */
function reserve(s: SackList, entries: number, edges: number): void {
  const n = s.length + entries;
  if (n > s.rows.length) {
    s.rows = grown(s.rows, s.length, n, (k) => new Uint32Array(k));
    s.starts = grown(s.starts, s.length, n, (k) => new Uint32Array(k));
    s.counts = grown(s.counts, s.length, n, (k) => new Uint8Array(k));
  }
  s.edges = grown(s.edges, s.edgeLength, s.edgeLength + edges, (k) => new Uint32Array(k));
}

/**
 * Adds row `row`'s entry of `blocks` pairs (rows come in ascending order) and returns the index in
 * `s.edges` where its 2 × blocks edges are to be written.
 */
export function openSack(s: SackList, row: number, blocks: number): number {
  reserve(s, 1, 2 * blocks);
  const k = s.length++;
  s.rows[k] = row;
  s.starts[k] = s.edgeLength;
  s.counts[k] = blocks;
  const at = s.edgeLength;
  s.edgeLength += 2 * blocks;
  return at;
}

/** The entry of row `row`, or -1. */
export function findSack(s: SackList, row: number): number {
  const rows = s.rows;
  let lo = 0;
  let hi = s.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid] < row) lo = mid + 1;
    else hi = mid - 1;
  }
  return lo < s.length && rows[lo] === row ? lo : -1;
}

/** Row `row`'s edges [left, right, …], or an empty array. */
export function sackEdgesOf(s: SackList, row: number): number[] {
  const k = findSack(s, row);
  if (k < 0) return [];
  const start = s.starts[k];
  return Array.from(s.edges.subarray(start, start + 2 * s.counts[k]));
}

/** Forgets the entries of rows from `row` on (a dropped row). */
export function dropSacksFrom(s: SackList, row: number): void {
  while (s.length > 0 && s.rows[s.length - 1] >= row) {
    s.length--;
    s.edgeLength = s.starts[s.length];
  }
}

/** Copies of the entries from entry `from` and edge `fromEdge` on. */
export function sackChunk(s: SackList, from: number, fromEdge: number): SackChunk {
  return {
    rows: s.rows.slice(from, s.length),
    starts: s.starts.slice(from, s.length),
    counts: s.counts.slice(from, s.length),
    edges: s.edges.slice(fromEdge, s.edgeLength),
  };
}

/** Appends a chunk taken from another list whose entries this one mirrors up to the chunk. */
export function appendSackChunk(s: SackList, chunk: SackChunk): void {
  const n = chunk.rows.length;
  reserve(s, n, chunk.edges.length);
  s.rows.set(chunk.rows, s.length);
  s.starts.set(chunk.starts, s.length);
  s.counts.set(chunk.counts, s.length);
  s.edges.set(chunk.edges, s.edgeLength);
  s.length += n;
  s.edgeLength += chunk.edges.length;
}

/** The buffers of a chunk, to transfer rather than copy it to another thread. */
export function sackChunkBuffers(chunk: SackChunk): ArrayBuffer[] {
  return [chunk.rows.buffer, chunk.starts.buffer, chunk.counts.buffer, chunk.edges.buffer] as ArrayBuffer[];
}
