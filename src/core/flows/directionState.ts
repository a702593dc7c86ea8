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

/** Segments sent in one direction and not yet covered by the peer's ACK, oldest first. */
export class UnackedSegments {
  count = 0;
  seq = new Uint32Array(16);
  nextseq = new Uint32Array(16);
  frame = new Uint32Array(16);
  time = new Float64Array(16);
  /** Set when the range was sent more than once, so an ACK of it gives no RTT sample (Karn). */
  karn = new Uint8Array(16);

  push(seq: number, nextseq: number, frame: number, time: number, karn: boolean): void {
    if (this.count === this.seq.length) this.grow();
    const k = this.count++;
    this.seq[k] = seq;
    this.nextseq[k] = nextseq;
    this.frame[k] = frame;
    this.time[k] = time;
    this.karn[k] = karn ? 1 : 0;
  }

  /** Drops entry k, keeping the order of the rest. */
  removeAt(k: number): void {
    const n = --this.count;
    if (k < n) {
      this.seq.copyWithin(k, k + 1, n + 1);
      this.nextseq.copyWithin(k, k + 1, n + 1);
      this.frame.copyWithin(k, k + 1, n + 1);
      this.time.copyWithin(k, k + 1, n + 1);
      this.karn.copyWithin(k, k + 1, n + 1);
    }
  }

  private grow(): void {
    const n = this.seq.length * 2;
    const seq = new Uint32Array(n);
    seq.set(this.seq);
    this.seq = seq;
    const next = new Uint32Array(n);
    next.set(this.nextseq);
    this.nextseq = next;
    const frame = new Uint32Array(n);
    frame.set(this.frame);
    this.frame = frame;
    const time = new Float64Array(n);
    time.set(this.time);
    this.time = time;
    const karn = new Uint8Array(n);
    karn.set(this.karn);
    this.karn = karn;
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
  readonly sackEdges = new Uint32Array(8);
  readonly unacked = new UnackedSegments();

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
