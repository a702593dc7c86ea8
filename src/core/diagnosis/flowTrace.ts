// One TCP or UDP flow seen from the diagnosis side: its rows as compact columns with sequence
// numbers made relative, windows scaled to bytes, and the few per-segment facts every detector
// needs (retransmitted, keep-alive/probe shaped, window filled). Built once per flow; detectors
// then scan typed arrays instead of re-deriving sequence state each on its own.
import { TcpFlag, type PacketTable } from '../capture/packetTable';
import { endpointText } from '../flows/flowJson';
import { Dir, type Flow, type FlowGrouping } from '../flows/types';
import type { RetransmissionRun } from './rtoBackoff';
import type { WindowFullEpisode } from './windowFull';
import type { ResponseLag } from './responseLag';
import type { KeepaliveRun } from './keepalive';
import type { ZeroWindowEpisode } from './zeroWindow';

/** Linux's minimum retransmission timeout (TCP_RTO_MIN, 200 ms): the floor of every RTO. */
export const LINUX_RTO_MIN_S = 0.2;

export interface FlowTrace {
  table: PacketTable;
  analysis: FlowGrouping;
  flow: Flow;
  /** Number of rows in the flow. */
  n: number;
  /** Packet-table row of each flow row. */
  rows: Uint32Array;
  /** Absolute time (epoch seconds, or seconds since midnight). */
  t: Float64Array;
  dir: Uint8Array;
  /** Sequence number relative to the sending direction's ISN (mod 2^32, so 32 bits hold it). */
  seq: Uint32Array;
  /** Acknowledgement number relative to the other direction's ISN (meaningful when ACK is set). */
  ack: Uint32Array;
  len: Uint32Array;
  flags: Uint16Array;
  /** Advertised receive window in bytes (scaled when the scale is known). */
  win: Float64Array;
  /** 1 when the segment carries data at or below what its direction had already sent. */
  retrans: Uint8Array;
  /** 1 for a 0/1-byte segment at seq = the peer's ACK − 1: a keep-alive or a Linux zero-window probe. */
  probe: Uint8Array;
  /** Round-trip time estimate in seconds (handshake, else the fastest data→ACK sample). */
  rtt: number;
  /** Largest segment each direction may send (the peer's MSS option, else the largest seen). */
  mss: [number, number];
  /** Payload bytes each direction sent, retransmissions excluded. */
  newBytes: [number, number];
  /** Whole-flow facts gathered while the trace is built, so a detector can tell at once that its pattern cannot occur. */
  has: TraceFacts;
  /** Results several detectors share, computed by the first that asks (a field, not a WeakMap: one per flow adds up over 20,000 flows). */
  memo: TraceMemo;
}

/**
 * What every row of the flow taken together shows. Most flows of a capture are clean, and each
 * detector would otherwise walk all of a flow's rows only to find none of the rows its pattern
 * starts with; each use says why its test is exact.
 */
export interface TraceFacts {
  /** Bitwise OR of every row's TCP flags. */
  flags: number;
  /** Some row is an ACK (no SYN/FIN/RST) advertising a zero window. */
  zeroWindowAd: boolean;
  /** Per direction: rows marked `retrans`. */
  retransmissions: [number, number];
  /** Per direction: rows with payload not marked `retrans` (probes included). */
  dataSegments: [number, number];
  /** Per direction: rows with payload, neither `retrans` nor `probe`. */
  newDataSegments: [number, number];
  /** Some row carries FIN and payload and is not marked `retrans`. */
  finWithData: boolean;
  /** Largest t[k] − t[k − 1] over the flow's rows (0 for a single row). */
  longestGap: number;
}

export interface TraceMemo {
  retransmissionRuns?: RetransmissionRun[];
  windowFullEpisodes?: WindowFullEpisode[];
  zeroWindowEpisodes?: ZeroWindowEpisode[];
  responseLag?: ResponseLag;
  keepaliveRuns?: KeepaliveRun[];
}

const FALLBACK_MSS = 1460;
/** TCP options on a full-sized Linux segment (timestamps, padded): MSS option minus this is the payload. */
const TYPICAL_OPTION_BYTES = 12;

type Columns = Pick<FlowTrace, 't' | 'dir' | 'seq' | 'ack' | 'len' | 'flags' | 'win' | 'retrans' | 'probe'>;

/**
 * Column storage that one trace after another can reuse. A trace lives only while the detectors
 * look at its flow, and fresh memory is the dearest part of building one (every new page is a
 * fault), so `diagnose` builds all of its traces in one of these, grown to the largest flow.
 */
export class TraceColumns {
  private capacity = 0;
  private lastTaken: Columns | undefined;
  private t = new Float64Array(0);
  private dir = new Uint8Array(0);
  private seq = new Uint32Array(0);
  private ack = new Uint32Array(0);
  private len = new Uint32Array(0);
  private flags = new Uint16Array(0);
  private win = new Float64Array(0);
  private marks = new Uint8Array(0);
  /**
   * buildFlowTrace's per-direction state (index = direction), reused from flow to flow: typed
   * arrays keep one element kind, where [0, 0] arrays that later hold fractions change theirs
   * and send the optimised loop back to the interpreter.
   */
  readonly state = new Float64Array(Slot.Count * 2);

  /**
   * Room for flows of up to n rows at once, so that a caller that knows its largest flow
   * allocates (and faults in) the columns once instead of growing them flow by flow.
   */
  reserve(n: number): void {
    if (n <= this.capacity) return;
    const c = Math.max(n, Math.ceil(this.capacity * 1.5));
    this.t = new Float64Array(c);
    this.dir = new Uint8Array(c);
    this.seq = new Uint32Array(c);
    this.ack = new Uint32Array(c);
    this.len = new Uint32Array(c);
    this.flags = new Uint16Array(c);
    this.win = new Float64Array(c);
    this.marks = new Uint8Array(2 * c);
    this.capacity = c;
  }

  /**
   * Columns for n rows, not cleared: buildFlowTrace writes every row of every column. Views
   * even for small flows: a fresh typed array of more than 64 bytes has a backing store of its
   * own (malloc, and a finaliser for the collector), which cost more than the views on a
   * capture of 20,000 short connections. The views of the last call are handed out again when
   * n is the same, as it mostly is from one short connection to the next: nine views per flow
   * were 0.26–0.42 s of a million one-packet flows.
   */
  take(n: number): Columns {
    if (n === this.lastTaken?.t.length && this.lastTaken.t.buffer === this.t.buffer) return this.lastTaken;
    this.reserve(n);
    const c = this.capacity;
    this.lastTaken = columns(
      this.t.subarray(0, n),
      this.dir.subarray(0, n),
      this.seq.subarray(0, n),
      this.ack.subarray(0, n),
      this.len.subarray(0, n),
      this.flags.subarray(0, n),
      this.win.subarray(0, n),
      this.marks.subarray(0, n),
      this.marks.subarray(c, c + n),
    );
    return this.lastTaken;
  }
}

/** One place that makes the column record, so every trace's record has the same hidden class. */
function columns(
  t: Float64Array,
  dir: Uint8Array,
  seq: Uint32Array,
  ack: Uint32Array,
  len: Uint32Array,
  flags: Uint16Array,
  win: Float64Array,
  retrans: Uint8Array,
  probe: Uint8Array,
): Columns {
  return { t, dir, seq, ack, len, flags, win, retrans, probe };
}

// Slots of TraceColumns.state (a const enum, so the bundler writes the numbers into the row loop).
const enum Slot {
  // Per direction d, slot s is state[2 * s + d]:
  Highest = 0, // highest sequence end sent
  SentAny = 1, // 1 once the direction sent anything
  LastAck = 2, // last ACK sent
  AckKnown = 3, // 1 once the direction sent an ACK
  MaxLen = 4,
  NewBytes = 5,
  LastEnd = 6, // RTT samples: the newest new-data segment's end, when it left, whether no resend blurred it
  LastEndT = 7,
  LastEndClean = 8,
  MinSample = 9,
  DataSegments = 10,
  NewDataSegments = 11,
  Retransmissions = 12,
  // ... and whole-flow facts in state[2 * s]:
  FlagsOr = 13,
  ZeroWindowAd = 14,
  FinWithData = 15,
  Count = 16,
}

/** `storage`: reuse these columns instead of allocating (the previous trace built in them is overwritten). */
export function buildFlowTrace(table: PacketTable, analysis: FlowGrouping, flow: Flow, storage?: TraceColumns): FlowTrace {
  const rows = flow.rows;
  const n = rows.length;
  const store = storage ?? new TraceColumns();
  const cols = store.take(n);
  const st = store.state;
  st.fill(0);
  st[2 * Slot.LastEnd] = -1;
  st[2 * Slot.LastEnd + 1] = -1;
  st[2 * Slot.MinSample] = Infinity;
  st[2 * Slot.MinSample + 1] = Infinity;
  let longestGap: number;
  if (flow.proto === 'tcp') {
    longestGap = gatherTcpRows(table, analysis.dirOf, flow, cols);
    markSegments(cols, n, st);
  } else longestGap = gatherOtherRows(table, analysis.dirOf, flow, cols);

  // A capture taken next to one host sees that host's ACKs almost at once: the larger of the
  // two directions' fastest samples is the one that spans the path.
  let rtt = flow.initialRtt;
  if (!(rtt > 0)) {
    const min0 = st[2 * Slot.MinSample];
    const min1 = st[2 * Slot.MinSample + 1];
    const best = Math.max(Number.isFinite(min0) ? min0 : 0, Number.isFinite(min1) ? min1 : 0);
    rtt = best > 0 ? best : 0.001;
  }
  rtt = Math.max(rtt, 0.0005);

  const mssOf = (d: 0 | 1): number => {
    const maxLen = st[2 * Slot.MaxLen + d];
    const peerOpt = flow.dirs[1 - d].mss;
    if (peerOpt > 0) return Math.max(peerOpt - TYPICAL_OPTION_BYTES, maxLen);
    return Math.max(maxLen, FALLBACK_MSS - TYPICAL_OPTION_BYTES);
  };

  return {
    table,
    analysis,
    flow,
    n,
    rows,
    t: cols.t,
    dir: cols.dir,
    seq: cols.seq,
    ack: cols.ack,
    len: cols.len,
    flags: cols.flags,
    win: cols.win,
    retrans: cols.retrans,
    probe: cols.probe,
    rtt,
    mss: [mssOf(0), mssOf(1)],
    newBytes: [st[2 * Slot.NewBytes], st[2 * Slot.NewBytes + 1]],
    has: {
      flags: st[2 * Slot.FlagsOr],
      zeroWindowAd: st[2 * Slot.ZeroWindowAd] !== 0,
      retransmissions: [st[2 * Slot.Retransmissions], st[2 * Slot.Retransmissions + 1]],
      dataSegments: [st[2 * Slot.DataSegments], st[2 * Slot.DataSegments + 1]],
      newDataSegments: [st[2 * Slot.NewDataSegments], st[2 * Slot.NewDataSegments + 1]],
      finWithData: st[2 * Slot.FinWithData] !== 0,
      longestGap,
    },
    memo: {},
  };
}

// The per-row loops are functions of their own, with nothing after the loop: V8 optimises a hot
// loop while it runs (on-stack replacement), and code after the loop that has never run before
// would send it back to the interpreter once more on the way out, each time a recompilation.

/**
 * Copies a TCP flow's rows out of the packet table: sequence numbers relative to each
 * direction's ISN, windows scaled (never a SYN's). Returns the longest gap between two rows.
 */
function gatherTcpRows(table: PacketTable, dirOf: Uint8Array, flow: Flow, c: Columns): number {
  const rows = flow.rows;
  const { t, dir, seq, ack, len, flags, win } = c;
  const [c2s, s2c] = flow.dirs;
  const isn0 = c2s.isn >>> 0;
  const isn1 = s2c.isn >>> 0;
  const shift0 = c2s.windowScale;
  const shift1 = s2c.windowScale;
  // Bytes per unit of each direction's window field; 1 when the scale is unknown.
  const winUnit0 = shift0 < 0 ? 1 : 2 ** shift0;
  const winUnit1 = shift1 < 0 ? 1 : 2 ** shift1;
  const { secs, nanos, seq: tableSeq, ack: tableAck, win: tableWin, len: tableLen, tcpFlags } = table;
  let longestGap = 0;
  let prevT = 0;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    const d = dirOf[i] === Dir.ToClient ? 1 : 0;
    dir[k] = d;
    const tk = secs[i] + nanos[i] * 1e-9;
    t[k] = tk;
    if (k > 0 && tk - prevT > longestGap) longestGap = tk - prevT;
    prevT = tk;
    len[k] = tableLen[i];
    const f = tcpFlags[i];
    flags[k] = f;
    seq[k] = (tableSeq[i] - (d === 0 ? isn0 : isn1)) >>> 0;
    ack[k] = (tableAck[i] - (d === 0 ? isn1 : isn0)) >>> 0;
    const raw = tableWin[i];
    win[k] = f & TcpFlag.Syn ? raw : raw * (d === 0 ? winUnit0 : winUnit1);
  }
  return longestGap;
}

/** The same for a flow without TCP headers: time, direction and length; the TCP columns stay 0. */
function gatherOtherRows(table: PacketTable, dirOf: Uint8Array, flow: Flow, c: Columns): number {
  const rows = flow.rows;
  const { secs, nanos, len: tableLen } = table;
  let longestGap = 0;
  let prevT = 0;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    c.dir[k] = dirOf[i] === Dir.ToClient ? 1 : 0;
    const tk = secs[i] + nanos[i] * 1e-9;
    c.t[k] = tk;
    if (k > 0 && tk - prevT > longestGap) longestGap = tk - prevT;
    prevT = tk;
    c.len[k] = tableLen[i];
  }
  c.seq.fill(0);
  c.ack.fill(0);
  c.flags.fill(0);
  c.win.fill(0);
  c.retrans.fill(0);
  c.probe.fill(0);
  return longestGap;
}

/**
 * Walks a TCP trace in order, tracking what each direction has sent and heard: marks
 * retransmissions and probes, counts new bytes, samples the RTT, and gathers the whole-flow facts
 * (all into `st`, see the slots above).
 */
function markSegments(c: Columns, n: number, st: Float64Array): void {
  const { t, dir, seq, ack, len, flags, win, retrans, probe } = c;
  for (let k = 0; k < n; k++) {
    const d = dir[k];
    const o = 1 - d;
    const tk = t[k];
    const l = len[k];
    const f = flags[k];
    const s = seq[k];
    const a = ack[k];
    const w = win[k];
    st[2 * Slot.FlagsOr] = st[2 * Slot.FlagsOr] | f;
    if (l > st[2 * Slot.MaxLen + d]) st[2 * Slot.MaxLen + d] = l;
    const end = s + l + (f & TcpFlag.Syn ? 1 : 0) + (f & TcpFlag.Fin ? 1 : 0);
    const control = (f & (TcpFlag.Syn | TcpFlag.Fin | TcpFlag.Rst)) !== 0;
    const sentAny = st[2 * Slot.SentAny + d] !== 0;
    const highest = st[2 * Slot.Highest + d];

    let isRetrans = l > 0 && sentAny && s < highest;
    let isProbe = false;
    if (!control && l <= 1 && st[2 * Slot.AckKnown + o] !== 0 && s + 1 === st[2 * Slot.LastAck + o]) {
      isProbe = true;
      isRetrans = false;
    }
    retrans[k] = isRetrans ? 1 : 0;
    probe[k] = isProbe ? 1 : 0;
    // Counted with arithmetic, not under an if, so the optimised loop has seen every operation
    // before a flow's first retransmission.
    const data = l > 0 && !isRetrans ? 1 : 0;
    st[2 * Slot.Retransmissions + d] += isRetrans ? 1 : 0;
    st[2 * Slot.DataSegments + d] += data;
    st[2 * Slot.NewDataSegments + d] += isProbe ? 0 : data;
    st[2 * Slot.FinWithData] += f & TcpFlag.Fin ? data : 0;
    st[2 * Slot.ZeroWindowAd] += w === 0 && f & TcpFlag.Ack && !control ? 1 : 0;
    const lastEnd = st[2 * Slot.LastEnd + d];
    // Evaluated on every row, for the same reason.
    const startsBeforeLastEnd = s < lastEnd;
    const reachesLastEnd = s + l >= lastEnd - l;
    if (l > 0 && !isRetrans && !isProbe) {
      st[2 * Slot.NewBytes + d] += Math.max(0, end - Math.max(s, sentAny ? highest : s));
      st[2 * Slot.LastEnd + d] = end;
      st[2 * Slot.LastEndT + d] = tk;
      st[2 * Slot.LastEndClean + d] = 1;
    } else if (isRetrans && startsBeforeLastEnd && reachesLastEnd) {
      // Karn: an ACK after a retransmission says nothing about the RTT.
      st[2 * Slot.LastEndClean + d] = 0;
    }
    if (!sentAny || end > highest) st[2 * Slot.Highest + d] = end;
    st[2 * Slot.SentAny + d] = 1;
    if (f & TcpFlag.Ack && !(f & TcpFlag.Rst)) {
      if (a === st[2 * Slot.LastEnd + o] && st[2 * Slot.LastEndClean + o] !== 0) {
        const sample = tk - st[2 * Slot.LastEndT + o];
        if (sample < st[2 * Slot.MinSample + o]) st[2 * Slot.MinSample + o] = sample;
        st[2 * Slot.LastEndClean + o] = 0;
      }
      st[2 * Slot.LastAck + d] = a;
      st[2 * Slot.AckKnown + d] = 1;
    }
  }
}

/**
 * `addr:port` of the sender of direction d. Made when a finding names it, not with the trace:
 * most flows have no finding, and the two texts were a tenth of the diagnosis of a million
 * one-packet flows.
 */
export function endpointOf(tr: FlowTrace, d: number): string {
  const f = tr.flow;
  return d === Dir.ToServer
    ? endpointText(tr.table.addrs[f.clientAddr] ?? '?', f.clientPort)
    : endpointText(tr.table.addrs[f.serverAddr] ?? '?', f.serverPort);
}

/** The side ('client'/'server') whose kernel sends direction d. */
export function senderSide(d: number): 'client' | 'server' {
  return d === Dir.ToServer ? 'client' : 'server';
}

/** Flow row of the connection's opening SYN (the first SYN without ACK) among rows [0, limit); -1 if none. */
export function openingSyn(tr: FlowTrace, limit = tr.n): number {
  const end = Math.min(limit, tr.n);
  for (let k = 0; k < end; k++) {
    const f = tr.flags[k];
    if (f & TcpFlag.Syn && !(f & TcpFlag.Ack)) return k;
  }
  return -1;
}

/** 1-based frame number of flow row k. */
export function frameOf(tr: FlowTrace, k: number): number {
  return tr.rows[k] + 1;
}
