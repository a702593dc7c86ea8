// What the sequence analysis remembers about each direction of each TCP conversation, named
// after Wireshark's per-flow fields (packet-tcp.c `tcp_flow_t` / `tcp_analyze_seq_info`) so each
// flag condition reads like its definition. Directions are numbered 2c (side A of conversation c)
// and 2c + 1 (side B); every field is a typed-array column indexed by that number, so a capture of
// tens of thousands of connections creates no object per connection for the garbage collector
// to copy, and the unacknowledged segments live in one shared pool.
import { grown } from './columns';
import { seqGt, seqLt, seqSub } from './seqMath';

/** Wireshark keeps at most this many unacknowledged segments per direction (TCP_MAX_UNACKED_SEGMENTS). */
export const MAX_UNACKED_SEGMENTS = 10000;

/**
 * Karn marking walks a direction's unacknowledged list on every resend. On a capture built for
 * it (thousands of segments outstanding, then a flood of resends of one of them) that is a walk
 * of up to MAX_UNACKED_SEGMENTS entries per packet: 22 MB took 15 s, 2 GB would take most of an
 * hour. The walks share a budget of KARN_FREE_STEPS plus KARN_STEPS_PER_SEGMENT for every
 * segment that joined a list; a direction whose walk would overrun it has every entry marked,
 * now and from then on, so its resends cost nothing. That only withholds round-trip samples
 * (tcp.analysis.ack_rtt) Wireshark would give for that direction, and only on such input: a real
 * flow with 10,000 segments in flight and a resend every 40 segments stays within it.
 */
export const KARN_FREE_STEPS = 1 << 24;
export const KARN_STEPS_PER_SEGMENT = 256;

/** Unknown window scale: the handshake was not seen. */
export const WSCALE_UNKNOWN = -1;
/** Either side did not offer window scaling, so windows are not scaled. */
export const WSCALE_NONE = -2;

/** A TCP option holds at most four SACK blocks (RFC 2018 §3); each block is a [left, right] pair. */
export const MAX_SACK_BLOCKS = 4;
const SACK_EDGES = 2 * MAX_SACK_BLOCKS;

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
    this.seq = grown(this.seq, n);
    this.nextseq = grown(this.nextseq, n);
    this.frame = grown(this.frame, n);
    this.karn = grown(this.karn, n);
    this.prev = grown(this.prev, n);
    this.next = grown(this.next, n);
  }
}

export class DirectionTable {
  /** Directions in use: twice the number of conversations. */
  count = 0;

  // --- relative numbering ---
  baseSeq: Uint32Array;
  baseSeqSet: Uint8Array;
  /** baseSeq came from a SYN (else the first segment's seq - 1, or the peer's ACK - 1). */
  baseFromSyn: Uint8Array;

  // --- sequence analysis, Wireshark semantics: 0 means "not seen yet" for nextseq, maxseqtobeacked and lastack ---
  nextseq: Uint32Array;
  nextseqFrame: Uint32Array;
  nextseqTime: Float64Array;
  maxseqtobeacked: Uint32Array;
  lastack: Uint32Array;
  lastackTime: Float64Array;
  /** Last raw window field; Wireshark starts it at 0xffffffff so the first segment is never "unchanged". */
  window: Uint32Array;
  winScale: Int8Array;
  /** Until this side sends an ACK without SYN, its window is used unscaled (Wireshark issue 14690). */
  isFirstAck: Uint8Array;
  /** MSS option value this side sent (0 when none was seen), for the summary. */
  mssOption: Uint16Array;
  dupacknum: Uint32Array;
  lastnondupack: Uint32Array;
  /** Analysis flags of this side's previous segment. */
  lastSegmentFlags: Uint32Array;
  /** Bytes in flight are reported only while this is set (cleared by a gap, set by the peer's ACK). */
  validBif: Uint8Array;
  /** SACK blocks of this side's most recent segment: `sackCount[d]` pairs from `sackEdges[d * 8]`. */
  sackCount: Uint8Array;
  sackEdges: Uint32Array;

  // --- unacknowledged segments, oldest (`unackedHead`) to newest (`unackedTail`), linked through the pool; -1 ends the list ---
  readonly pool: SegmentPool;
  unackedHead: Int32Array;
  unackedTail: Int32Array;
  unackedCount: Int32Array;
  /**
   * Neighbouring entries where the later one starts before the earlier one ends. 0: the list is
   * in sequence order, and ACK processing can stop early. Kept as entries come and go, so no
   * ACK has to walk the list to find out.
   */
  unackedDisorder: Int32Array;
  /**
   * Entries not yet marked as resent (karn 0): the only ones a resend can still mark, so
   * markResent stops once it has seen them all. A flood of resends marks every entry once and
   * then costs no walk, where each resend walked all of up to MAX_UNACKED_SEGMENTS entries.
   */
  unackedFresh: Int32Array;
  /** 1 once the direction's Karn marking overran the budget (KARN_FREE_STEPS): every entry counts as resent. */
  karnAll: Uint8Array;
  /** Steps Karn walks may still take, over every direction (KARN_FREE_STEPS). */
  private karnBudget: number;
  /**
   * `walkAck` is the last ACK walked over the out-of-order list, and `walkSettled` says that
   * nothing since would be touched by applying it again: a duplicate ACK then costs nothing, where it walked
   * an out-of-order list of up to MAX_UNACKED_SEGMENTS entries.
   */
  walkAck: Uint32Array;
  walkSettled: Uint8Array;
  /**
   * The lowest start and highest end of the list's entries relative to `spanBase`, while
   * `spanKnown`: bytes in flight over an out-of-order list without walking it per segment.
   */
  spanKnown: Uint8Array;
  spanBase: Uint32Array;
  spanFirst: Uint32Array;
  spanLast: Uint32Array;

  // --- summary ---
  packets: Uint32Array;
  payloadBytes: Float64Array;
  wireBytes: Float64Array;
  /** Highest nextseq sent, relative to baseSeq. */
  highestRel: Uint32Array;
  sentAny: Uint8Array;
  lastWindowRaw: Int32Array;
  sawSyn: Uint8Array;
  sawSynAck: Uint8Array;
  sawFin: Uint8Array;
  sawRst: Uint8Array;
  offeredSack: Uint8Array;
  offeredTimestamps: Uint8Array;
  usedTimestamps: Uint8Array;

  /**
   * `karnFreeSteps`, `karnStepsPerSegment`: the Karn walks' budget (tests lower it).
   * `analysis`: false for a pass that only groups, whose table then has no room in the columns
   * only the sequence analysis uses (the unacknowledged lists, SACK edges, duplicate ACKs …):
   * 108 of a direction's 170 bytes, which a million one-packet flows grew and copied as they came.
   */
  constructor(
    pool: SegmentPool,
    capacity = 64,
    karnFreeSteps = KARN_FREE_STEPS,
    private readonly karnStepsPerSegment = KARN_STEPS_PER_SEGMENT,
    readonly analysis = true,
  ) {
    this.pool = pool;
    const analysisCapacity = analysis ? capacity : 0;
    this.baseSeq = new Uint32Array(capacity);
    this.baseSeqSet = new Uint8Array(capacity);
    this.baseFromSyn = new Uint8Array(capacity);
    this.nextseq = new Uint32Array(capacity);
    this.nextseqFrame = new Uint32Array(analysisCapacity);
    this.nextseqTime = new Float64Array(analysisCapacity);
    this.maxseqtobeacked = new Uint32Array(capacity);
    this.lastack = new Uint32Array(capacity);
    this.lastackTime = new Float64Array(analysisCapacity);
    this.window = new Uint32Array(analysisCapacity);
    this.winScale = new Int8Array(capacity);
    this.isFirstAck = new Uint8Array(capacity);
    this.mssOption = new Uint16Array(capacity);
    this.dupacknum = new Uint32Array(analysisCapacity);
    this.lastnondupack = new Uint32Array(analysisCapacity);
    this.lastSegmentFlags = new Uint32Array(analysisCapacity);
    this.validBif = new Uint8Array(analysisCapacity);
    this.sackCount = new Uint8Array(capacity);
    this.sackEdges = new Uint32Array(analysisCapacity * SACK_EDGES);
    this.unackedHead = new Int32Array(analysisCapacity);
    this.unackedTail = new Int32Array(analysisCapacity);
    this.unackedCount = new Int32Array(analysisCapacity);
    this.unackedDisorder = new Int32Array(analysisCapacity);
    this.unackedFresh = new Int32Array(analysisCapacity);
    this.karnAll = new Uint8Array(analysisCapacity);
    this.karnBudget = karnFreeSteps;
    this.walkAck = new Uint32Array(analysisCapacity);
    this.walkSettled = new Uint8Array(analysisCapacity);
    this.spanKnown = new Uint8Array(analysisCapacity);
    this.spanBase = new Uint32Array(analysisCapacity);
    this.spanFirst = new Uint32Array(analysisCapacity);
    this.spanLast = new Uint32Array(analysisCapacity);
    this.packets = new Uint32Array(capacity);
    this.payloadBytes = new Float64Array(capacity);
    this.wireBytes = new Float64Array(capacity);
    this.highestRel = new Uint32Array(capacity);
    this.sentAny = new Uint8Array(capacity);
    this.lastWindowRaw = new Int32Array(capacity);
    this.sawSyn = new Uint8Array(capacity);
    this.sawSynAck = new Uint8Array(capacity);
    this.sawFin = new Uint8Array(capacity);
    this.sawRst = new Uint8Array(capacity);
    this.offeredSack = new Uint8Array(capacity);
    this.offeredTimestamps = new Uint8Array(capacity);
    this.usedTimestamps = new Uint8Array(capacity);
  }

  /** Adds the two directions of the next conversation (2c and 2c + 1) in their initial state. */
  addPair(): void {
    if (this.count + 2 > this.baseSeq.length) this.grow(this.baseSeq.length * 2);
    for (let d = this.count; d < this.count + 2; d++) {
      // Fresh columns are zero; only the fields whose "nothing yet" is not 0 are set.
      this.winScale[d] = WSCALE_UNKNOWN;
      this.lastWindowRaw[d] = -1;
      if (!this.analysis) continue;
      this.nextseqTime[d] = -Infinity;
      this.lastackTime[d] = -Infinity;
      this.window[d] = 0xffffffff;
      this.validBif[d] = 1;
      this.unackedHead[d] = NIL;
      this.unackedTail[d] = NIL;
    }
    this.count += 2;
  }

  /** Appends a segment to direction d's unacknowledged list. */
  pushUnacked(d: number, seq: number, nextseq: number, frame: number, karn: boolean): void {
    const p = this.pool;
    const tail = this.unackedTail[d];
    const k = p.alloc();
    p.seq[k] = seq;
    p.nextseq[k] = nextseq;
    p.frame[k] = frame;
    const marked = karn || this.karnAll[d] !== 0;
    p.karn[k] = marked ? 1 : 0;
    p.next[k] = NIL;
    p.prev[k] = tail;
    if (tail === NIL) this.unackedHead[d] = k;
    else {
      p.next[tail] = k;
      const disorder = this.disorderOf(tail, k);
      // An in-order list's ACKs went by the shortcut, which keeps no record of the last ACK.
      if (disorder && this.unackedDisorder[d] === 0) this.walkSettled[d] = 0;
      this.unackedDisorder[d] += disorder;
    }
    this.unackedTail[d] = k;
    this.unackedCount[d]++;
    if (!marked) this.unackedFresh[d]++;
    this.karnBudget += this.karnStepsPerSegment;
    // The last ACK would touch a segment that starts below it or ends at or below it.
    const ack = this.walkAck[d];
    if (seqGt(ack, seq) || !seqGt(nextseq, ack)) this.walkSettled[d] = 0;
    if (this.spanKnown[d]) {
      const first = seqSub(seq, this.spanBase[d]);
      const last = seqSub(nextseq, this.spanBase[d]);
      if (first < this.spanFirst[d]) this.spanFirst[d] = first;
      if (last > this.spanLast[d]) this.spanLast[d] = last;
    }
  }

  /** Unlinks entry k from direction d's list and returns the entry that preceded it (-1 at the head). */
  removeUnacked(d: number, k: number): number {
    const p = this.pool;
    const before = p.prev[k];
    const after = p.next[k];
    if (before !== NIL) this.unackedDisorder[d] -= this.disorderOf(before, k);
    if (after !== NIL) this.unackedDisorder[d] -= this.disorderOf(k, after);
    if (before === NIL) this.unackedHead[d] = after;
    else p.next[before] = after;
    if (after === NIL) this.unackedTail[d] = before;
    else p.prev[after] = before;
    if (before !== NIL && after !== NIL) this.unackedDisorder[d] += this.disorderOf(before, after);
    if (p.karn[k] === 0) this.unackedFresh[d]--;
    p.release(k);
    this.unackedCount[d]--;
    this.spanKnown[d] = 0;
    return before;
  }

  /**
   * Marks the entries of direction d's list that a resend of [seq, end) covers, so their ACK
   * gives no RTT sample (Karn). Newest first: entries already marked are passed over, and the
   * walk ends once every unmarked one has been seen.
   */
  markResent(d: number, seq: number, end: number): void {
    const p = this.pool;
    let unseen = this.unackedFresh[d];
    if (unseen === 0) return;
    // A walk passes at most every entry of the list.
    if (this.karnBudget < this.unackedCount[d]) {
      this.markAllResent(d);
      return;
    }
    let steps = 0;
    for (let k = this.unackedTail[d]; k !== NIL && unseen > 0; k = p.prev[k]) {
      steps++;
      if (p.karn[k] !== 0) continue;
      unseen--;
      if (seqLt(p.seq[k], end) && seqGt(p.nextseq[k], seq)) {
        p.karn[k] = 1;
        this.unackedFresh[d]--;
      }
    }
    this.karnBudget -= steps;
  }

  /** Marks every entry of direction d, and every one it gets from now on, as resent (see KARN_FREE_STEPS). */
  private markAllResent(d: number): void {
    const p = this.pool;
    for (let k = this.unackedHead[d]; k !== NIL; k = p.next[k]) p.karn[k] = 1;
    this.unackedFresh[d] = 0;
    this.karnAll[d] = 1;
  }

  /** Moves entry k's start up to `seq` (an ACK covered its beginning). */
  trimUnacked(d: number, k: number, seq: number): void {
    const p = this.pool;
    const before = p.prev[k];
    if (before !== NIL) this.unackedDisorder[d] -= this.disorderOf(before, k);
    p.seq[k] = seq;
    if (before !== NIL) this.unackedDisorder[d] += this.disorderOf(before, k);
    this.spanKnown[d] = 0;
  }

  /** 1 when entry b, linked after a, starts before a ends. */
  private disorderOf(a: number, b: number): number {
    const p = this.pool;
    return ((p.seq[b] - p.nextseq[a]) | 0) < 0 ? 1 : 0;
  }

  private grow(capacity: number): void {
    this.baseSeq = grown(this.baseSeq, capacity);
    this.baseSeqSet = grown(this.baseSeqSet, capacity);
    this.baseFromSyn = grown(this.baseFromSyn, capacity);
    this.nextseq = grown(this.nextseq, capacity);
    this.maxseqtobeacked = grown(this.maxseqtobeacked, capacity);
    this.lastack = grown(this.lastack, capacity);
    this.winScale = grown(this.winScale, capacity);
    this.isFirstAck = grown(this.isFirstAck, capacity);
    this.mssOption = grown(this.mssOption, capacity);
    this.sackCount = grown(this.sackCount, capacity);
    this.packets = grown(this.packets, capacity);
    this.payloadBytes = grown(this.payloadBytes, capacity);
    this.wireBytes = grown(this.wireBytes, capacity);
    this.highestRel = grown(this.highestRel, capacity);
    this.sentAny = grown(this.sentAny, capacity);
    this.lastWindowRaw = grown(this.lastWindowRaw, capacity);
    this.sawSyn = grown(this.sawSyn, capacity);
    this.sawSynAck = grown(this.sawSynAck, capacity);
    this.sawFin = grown(this.sawFin, capacity);
    this.sawRst = grown(this.sawRst, capacity);
    this.offeredSack = grown(this.offeredSack, capacity);
    this.offeredTimestamps = grown(this.offeredTimestamps, capacity);
    this.usedTimestamps = grown(this.usedTimestamps, capacity);
    if (!this.analysis) return;
    this.nextseqFrame = grown(this.nextseqFrame, capacity);
    this.nextseqTime = grown(this.nextseqTime, capacity);
    this.lastackTime = grown(this.lastackTime, capacity);
    this.window = grown(this.window, capacity);
    this.dupacknum = grown(this.dupacknum, capacity);
    this.lastnondupack = grown(this.lastnondupack, capacity);
    this.lastSegmentFlags = grown(this.lastSegmentFlags, capacity);
    this.validBif = grown(this.validBif, capacity);
    this.sackEdges = grown(this.sackEdges, capacity * SACK_EDGES);
    this.unackedHead = grown(this.unackedHead, capacity);
    this.unackedTail = grown(this.unackedTail, capacity);
    this.unackedCount = grown(this.unackedCount, capacity);
    this.unackedDisorder = grown(this.unackedDisorder, capacity);
    this.unackedFresh = grown(this.unackedFresh, capacity);
    this.karnAll = grown(this.karnAll, capacity);
    this.walkAck = grown(this.walkAck, capacity);
    this.walkSettled = grown(this.walkSettled, capacity);
    this.spanKnown = grown(this.spanKnown, capacity);
    this.spanBase = grown(this.spanBase, capacity);
    this.spanFirst = grown(this.spanFirst, capacity);
    this.spanLast = grown(this.spanLast, capacity);
  }
}
