// One TCP or UDP flow seen from the diagnosis side: its rows as compact columns with sequence
// numbers made relative, windows scaled to bytes, and the few per-segment facts every detector
// needs (retransmitted, keep-alive/probe shaped, window filled). Built once per flow; detectors
// then scan typed arrays instead of re-deriving sequence state each on its own.
import { TcpFlag, type PacketTable } from '../capture/packetTable';
import { endpointText, flowName } from '../flows/flowJson';
import { Dir, type Flow, type FlowAnalysis } from '../flows/types';
import type { RetransmissionRun } from './rtoBackoff';
import type { WindowFullEpisode } from './windowFull';
import type { ResponseLag } from './responseLag';
import type { KeepaliveRun } from './keepalive';

/** Linux's minimum retransmission timeout (TCP_RTO_MIN, 200 ms): the floor of every RTO. */
export const LINUX_RTO_MIN_S = 0.2;

export interface FlowTrace {
  table: PacketTable;
  analysis: FlowAnalysis;
  flow: Flow;
  /** Printed id, `f<n>`. */
  id: string;
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
  /** 1 for a data segment ending at (or beyond) the right edge of the window the peer advertised. */
  winFull: Uint8Array;
  /** Round-trip time estimate in seconds (handshake, else the fastest data→ACK sample). */
  rtt: number;
  /** Largest segment each direction may send (the peer's MSS option, else the largest seen). */
  mss: [number, number];
  /** `addr:port` of the sender of each direction. */
  endpoint: [string, string];
  /** Payload bytes each direction sent, retransmissions excluded. */
  newBytes: [number, number];
  /** Results several detectors share, computed by the first that asks (a field, not a WeakMap: one per flow adds up over 20,000 flows). */
  memo: TraceMemo;
}

export interface TraceMemo {
  retransmissionRuns?: RetransmissionRun[];
  windowFullEpisodes?: WindowFullEpisode[];
  responseLag?: ResponseLag;
  keepaliveRuns?: KeepaliveRun[];
}

const FALLBACK_MSS = 1460;
/** TCP options on a full-sized Linux segment (timestamps, padded): MSS option minus this is the payload. */
const TYPICAL_OPTION_BYTES = 12;

/**
 * Column storage that one trace after another can reuse. A trace lives only while the detectors
 * look at its flow, and fresh memory is the dearest part of building one (every new page is a
 * fault), so `diagnose` builds all of its traces in one of these, grown to the largest flow.
 */
export class TraceColumns {
  private capacity = 0;
  private t = new Float64Array(0);
  private dir = new Uint8Array(0);
  private seq = new Uint32Array(0);
  private ack = new Uint32Array(0);
  private len = new Uint32Array(0);
  private flags = new Uint16Array(0);
  private win = new Float64Array(0);
  private marks = new Uint8Array(0);

  /** Zeroed columns for n rows; they stay valid until the next call. */
  take(n: number): Pick<FlowTrace, 't' | 'dir' | 'seq' | 'ack' | 'len' | 'flags' | 'win' | 'retrans' | 'probe' | 'winFull'> {
    // Small arrays come from the young generation, whose pages are mapped already: views and
    // clearing would cost more than they save.
    if (n <= FRESH_TRACE_ROWS) return freshColumns(n);
    if (n > this.capacity) {
      const c = Math.max(n, Math.ceil(this.capacity * 1.5));
      this.t = new Float64Array(c);
      this.dir = new Uint8Array(c);
      this.seq = new Uint32Array(c);
      this.ack = new Uint32Array(c);
      this.len = new Uint32Array(c);
      this.flags = new Uint16Array(c);
      this.win = new Float64Array(c);
      this.marks = new Uint8Array(3 * c);
      this.capacity = c;
    }
    const c = this.capacity;
    const cols = {
      t: this.t.subarray(0, n),
      dir: this.dir.subarray(0, n),
      seq: this.seq.subarray(0, n),
      ack: this.ack.subarray(0, n),
      len: this.len.subarray(0, n),
      flags: this.flags.subarray(0, n),
      win: this.win.subarray(0, n),
      retrans: this.marks.subarray(0, n),
      probe: this.marks.subarray(c, c + n),
      winFull: this.marks.subarray(2 * c, 2 * c + n),
    };
    // buildFlowTrace writes t, dir and len on every row; the rest only where they apply.
    cols.seq.fill(0);
    cols.ack.fill(0);
    cols.flags.fill(0);
    cols.win.fill(0);
    cols.retrans.fill(0);
    cols.probe.fill(0);
    cols.winFull.fill(0);
    return cols;
  }
}

/** Flows of up to this many rows get columns of their own (most flows of a many-connection capture). */
const FRESH_TRACE_ROWS = 1024;

function freshColumns(n: number): ReturnType<TraceColumns['take']> {
  return {
    t: new Float64Array(n),
    dir: new Uint8Array(n),
    seq: new Uint32Array(n),
    ack: new Uint32Array(n),
    len: new Uint32Array(n),
    flags: new Uint16Array(n),
    win: new Float64Array(n),
    retrans: new Uint8Array(n),
    probe: new Uint8Array(n),
    winFull: new Uint8Array(n),
  };
}

/** `storage`: reuse these columns instead of allocating (the previous trace built in them is overwritten). */
export function buildFlowTrace(table: PacketTable, analysis: FlowAnalysis, flow: Flow, storage?: TraceColumns): FlowTrace {
  const rows = flow.rows;
  const n = rows.length;
  const { t, dir, seq, ack, len, flags, win, retrans, probe, winFull } = (storage ?? new TraceColumns()).take(n);
  const isTcp = flow.proto === 'tcp';
  const isn = [flow.dirs[0].isn >>> 0, flow.dirs[1].isn >>> 0];
  const shift = [flow.dirs[0].windowScale, flow.dirs[1].windowScale];
  // Bytes per unit of each direction's window field; 1 when the scale is unknown.
  const winUnit = [shift[0] < 0 ? 1 : 2 ** shift[0], shift[1] < 0 ? 1 : 2 ** shift[1]];
  const dirOf = analysis.dirOf;
  const secs = table.secs;
  const nanos = table.nanos;
  const tableLen = table.len;
  const tableFlags = table.tcpFlags;
  const tableSeq = table.seq;
  const tableAck = table.ack;
  const tableWin = table.win;

  // Per direction: highest sequence end sent, last ACK and window advertised, whether known.
  const highest = [0, 0];
  const sentAny = [false, false];
  const lastAck = [0, 0];
  const lastWin = [0, 0];
  const ackKnown = [false, false];
  const maxLen = [0, 0];
  const newBytes: [number, number] = [0, 0];
  // RTT samples: the newest new-data segment per direction and when it left.
  const lastEnd = [-1, -1];
  const lastEndT = [0, 0];
  const lastEndClean = [false, false];
  const minSample = [Infinity, Infinity];

  for (let k = 0; k < n; k++) {
    const i = rows[k];
    const d = dirOf[i] === Dir.ToClient ? 1 : 0;
    const o = 1 - d;
    dir[k] = d;
    t[k] = secs[i] + nanos[i] * 1e-9;
    const l = tableLen[i];
    len[k] = l;
    if (!isTcp) continue;
    const f = tableFlags[i];
    flags[k] = f;
    const s = (tableSeq[i] - isn[d]) >>> 0;
    const a = (tableAck[i] - isn[o]) >>> 0;
    seq[k] = s;
    ack[k] = a;
    const raw = tableWin[i];
    win[k] = f & TcpFlag.Syn ? raw : raw * winUnit[d];
    if (l > maxLen[d]) maxLen[d] = l;
    const end = s + l + (f & TcpFlag.Syn ? 1 : 0) + (f & TcpFlag.Fin ? 1 : 0);
    const control = (f & (TcpFlag.Syn | TcpFlag.Fin | TcpFlag.Rst)) !== 0;

    if (l > 0 && sentAny[d] && s < highest[d]) retrans[k] = 1;
    if (!control && l <= 1 && ackKnown[o] && s + 1 === lastAck[o]) {
      probe[k] = 1;
      retrans[k] = 0;
    }
    if (l > 0 && !control && ackKnown[o] && !retrans[k] && end >= lastAck[o] + lastWin[o]) winFull[k] = 1;
    if (l > 0 && !retrans[k] && !probe[k]) {
      newBytes[d] += Math.max(0, end - Math.max(s, sentAny[d] ? highest[d] : s));
      lastEnd[d] = end;
      lastEndT[d] = t[k];
      lastEndClean[d] = true;
    } else if (retrans[k] && s < lastEnd[d] && s + l >= lastEnd[d] - l) {
      // Karn: an ACK after a retransmission says nothing about the RTT.
      lastEndClean[d] = false;
    }
    if (!sentAny[d] || end > highest[d]) highest[d] = end;
    sentAny[d] = true;
    if (f & TcpFlag.Ack && !(f & TcpFlag.Rst)) {
      if (a === lastEnd[o] && lastEndClean[o]) {
        const sample = t[k] - lastEndT[o];
        if (sample < minSample[o]) minSample[o] = sample;
        lastEndClean[o] = false;
      }
      lastAck[d] = a;
      lastWin[d] = win[k];
      ackKnown[d] = true;
    }
  }

  // A capture taken next to one host sees that host's ACKs almost at once: the larger of the
  // two directions' fastest samples is the one that spans the path.
  let rtt = flow.initialRtt;
  if (!(rtt > 0)) {
    const best = Math.max(Number.isFinite(minSample[0]) ? minSample[0] : 0, Number.isFinite(minSample[1]) ? minSample[1] : 0);
    rtt = best > 0 ? best : 0.001;
  }
  rtt = Math.max(rtt, 0.0005);

  const mssOf = (d: 0 | 1): number => {
    const peerOpt = flow.dirs[1 - d].mss;
    if (peerOpt > 0) return Math.max(peerOpt - TYPICAL_OPTION_BYTES, maxLen[d]);
    return Math.max(maxLen[d], FALLBACK_MSS - TYPICAL_OPTION_BYTES);
  };

  return {
    table,
    analysis,
    flow,
    id: flowName(flow.id),
    n,
    rows,
    t,
    dir,
    seq,
    ack,
    len,
    flags,
    win,
    retrans,
    probe,
    winFull,
    rtt,
    mss: [mssOf(0), mssOf(1)],
    endpoint: [
      endpointText(table.addrs[flow.clientAddr] ?? '?', flow.clientPort),
      endpointText(table.addrs[flow.serverAddr] ?? '?', flow.serverPort),
    ],
    newBytes,
    memo: {},
  };
}

/** The side ('client'/'server') whose kernel sends direction d. */
export function senderSide(d: number): 'client' | 'server' {
  return d === Dir.ToServer ? 'client' : 'server';
}

/** 1-based frame number of flow row k. */
export function frameOf(tr: FlowTrace, k: number): number {
  return tr.rows[k] + 1;
}
