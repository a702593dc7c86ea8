// What the sequence analysis remembers about one direction of a TCP conversation, named after
// Wireshark's per-flow fields (packet-tcp.c `tcp_flow_t` / `tcp_analyze_seq_info`) so each flag
// condition reads like its definition. One record per direction, created once per flow; the
// unacknowledged segments live in typed arrays, never as objects per packet.

/** Wireshark keeps at most this many unacknowledged segments per direction (TCP_MAX_UNACKED_SEGMENTS). */
export const MAX_UNACKED_SEGMENTS = 10000;

/** Unknown window scale: the handshake was not seen. */
export const WSCALE_UNKNOWN = -1;
/** Either side did not offer window scaling, so windows are not scaled. */
export const WSCALE_NONE = -2;

const NO_U32 = new Uint32Array(0);
const NIL = -1;

/**
 * Storage for the unacknowledged segments of every direction of every flow: parallel typed
 * arrays with doubly linked entries and a free list, so a capture of many short connections
 * allocates no arrays per flow. One pool per analysis pass.
 */
export class SegmentPool {
  seq = new Uint32Array(1024);
  nextseq = new Uint32Array(1024);
  frame = new Uint32Array(1024);
  time = new Float64Array(1024);
  /** Set when the range was sent more than once, so an ACK of it gives no RTT sample (Karn). */
  karn = new Uint8Array(1024);
  prev = new Int32Array(1024);
  next = new Int32Array(1024);
  private used = 0;
  private free = NIL;

  alloc(): number {
    if (this.free !== NIL) {
      const k = this.free;
      this.free = this.next[k];
      return k;
    }
    if (this.used === this.seq.length) this.grow();
    return this.used++;
  }

  release(k: number): void {
    this.next[k] = this.free;
    this.free = k;
  }

  private grow(): void {
    const n = this.seq.length * 2;
    const seq = new Uint32Array(n);
    seq.set(this.seq);
    this.seq = seq;
    const nextseq = new Uint32Array(n);
    nextseq.set(this.nextseq);
    this.nextseq = nextseq;
    const frame = new Uint32Array(n);
    frame.set(this.frame);
    this.frame = frame;
    const time = new Float64Array(n);
    time.set(this.time);
    this.time = time;
    const karn = new Uint8Array(n);
    karn.set(this.karn);
    this.karn = karn;
    const prev = new Int32Array(n);
    prev.set(this.prev);
    this.prev = prev;
    const next = new Int32Array(n);
    next.set(this.next);
    this.next = next;
  }
}

/**
 * Segments sent in one direction and not yet covered by the peer's ACK, oldest (`head`) to
 * newest (`tail`), linked through the pool's `next`/`prev`; -1 ends the list.
 */
export class UnackedSegments {
  head = NIL;
  tail = NIL;
  count = 0;
  /** Every entry starts at or after the previous one's end: lets ACK processing stop early. */
  sorted = true;

  constructor(readonly pool: SegmentPool) {}

  push(seq: number, nextseq: number, frame: number, time: number, karn: boolean): void {
    const p = this.pool;
    if (this.count === 0) this.sorted = true;
    else if (this.sorted && ((seq - p.nextseq[this.tail]) | 0) < 0) this.sorted = false;
    const k = p.alloc();
    p.seq[k] = seq;
    p.nextseq[k] = nextseq;
    p.frame[k] = frame;
    p.time[k] = time;
    p.karn[k] = karn ? 1 : 0;
    p.next[k] = NIL;
    p.prev[k] = this.tail;
    if (this.tail === NIL) this.head = k;
    else p.next[this.tail] = k;
    this.tail = k;
    this.count++;
  }

  /** Unlinks entry k and returns the entry that preceded it (-1 at the head). */
  remove(k: number): number {
    const p = this.pool;
    const before = p.prev[k];
    const after = p.next[k];
    if (before === NIL) this.head = after;
    else p.next[before] = after;
    if (after === NIL) this.tail = before;
    else p.prev[after] = before;
    p.release(k);
    this.count--;
    return before;
  }
}

export class DirectionState {
  // --- relative numbering ---
  baseSeq = 0;
  baseSeqSet = false;
  /** baseSeq came from a SYN (else the first segment's seq - 1, or the peer's ACK - 1). */
  baseFromSyn = false;

  // --- sequence analysis, Wireshark semantics: 0 means "not seen yet" for nextseq, maxseqtobeacked and lastack ---
  nextseq = 0;
  nextseqFrame = 0;
  nextseqTime = -Infinity;
  maxseqtobeacked = 0;
  lastack = 0;
  lastackTime = -Infinity;
  /** Last raw window field; Wireshark starts it at 0xffffffff so the first segment is never "unchanged". */
  window = 0xffffffff;
  winScale = WSCALE_UNKNOWN;
  /** Until this side sends an ACK without SYN, its window is used unscaled (Wireshark issue 14690). */
  isFirstAck = false;
  /** MSS this side announced, -1 when unknown. */
  mss = -1;
  /** MSS option value this side sent (0 when none was seen), for the summary. */
  mssOption = 0;
  dupacknum = 0;
  lastnondupack = 0;
  /** Analysis flags of this side's previous segment. */
  lastSegmentFlags = 0;
  /** Bytes in flight are reported only while this is set (cleared by a gap, set by the peer's ACK). */
  validBif = true;
  /** SACK blocks of this side's most recent segment: [left, right] pairs. */
  sackCount = 0;
  /** Allocated on the first SACK option this side sends. */
  sackEdges = NO_U32;
  readonly unacked: UnackedSegments;

  constructor(pool: SegmentPool) {
    this.unacked = new UnackedSegments(pool);
  }

  // --- summary ---
  packets = 0;
  payloadBytes = 0;
  wireBytes = 0;
  /** Highest nextseq sent, relative to baseSeq. */
  highestRel = 0;
  sentAny = false;
  lastWindowRaw = -1;
  sawSyn = false;
  sawSynAck = false;
  sawFin = false;
  sawRst = false;
  offeredSack = false;
  offeredTimestamps = false;
  usedTimestamps = false;
}
