// Answers `getSeries`: the points of a time-sequence graph for one direction of a flow over a
// time range. A range with few points goes out point for point; a dense one keeps, per time
// column, only the points that give the column its shape (M4-style min/max decimation), so the
// reply is a few thousand numbers whether the flow has 5,000 segments or 5 million.
// Pure: the browser tests' stand-in host runs the same code on the same columns.
import {
  analysisBit as bit,
  MAX_SERIES_BUCKETS,
  SERIES_EXACT_LIMIT,
  type SeriesMessage,
  type SeriesPoints,
} from '../protocol';
import type { FlowSeries } from './flowSeries';

export type SeriesBody = Omit<SeriesMessage, 'type' | 'requestId' | 'flow'>;

/** A FlowSeries whose columns came as JSON (plain arrays: a report page, a test fixture), typed again. */
export function seriesFromColumns(j: { readonly [K in keyof FlowSeries]: ArrayLike<number> }): FlowSeries {
  return {
    time: Float64Array.from(j.time),
    dir: Uint8Array.from(j.dir),
    seq: Float64Array.from(j.seq),
    len: Uint32Array.from(j.len),
    ack: Float64Array.from(j.ack),
    win: Float64Array.from(j.win),
    tcpFlags: Uint16Array.from(j.tcpFlags),
    analysis: Uint32Array.from(j.analysis),
    sackAt: Uint32Array.from(j.sackAt),
    sackStart: Uint32Array.from(j.sackStart),
    sackEdges: Float64Array.from(j.sackEdges),
  };
}

const SYN = 0x002;
const FIN = 0x001;
const RST = 0x004;

/** Data segments worth keeping in a decimated column even when they are neither edge. */
const NOTABLE_DATA =
  bit('retransmission') | bit('fast_retransmission') | bit('spurious_retransmission') | bit('out_of_order') | bit('lost_segment') | bit('zero_window_probe') | bit('keep_alive');
const PROBES = bit('zero_window_probe') | bit('keep_alive');
/** How far back to look for the ACK in force at the start of the range (keeps the step line continuous). */
const LOOKBACK = 20_000;
/** Zero-window periods sent at most; closer ones merge first. */
const MAX_ZERO_WINDOWS = 2000;

function emptyPoints(): SeriesPoints {
  return { index: [], time: [], seq: [], edge: [], analysis: [] };
}

/** Times travel as decimals; microseconds are finer than any pixel of the graph. */
function roundTime(t: number): number {
  return Math.round(t * 1e6) / 1e6;
}

function push(p: SeriesPoints, index: number, time: number, seq: number, edge: number, analysis: number): void {
  p.index.push(index);
  p.time.push(roundTime(time));
  p.seq.push(seq);
  p.edge.push(edge);
  p.analysis.push(analysis);
}

/** First index whose time is >= t (times in flow order are non-decreasing but for rare clock steps). */
function lowerBound(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (time[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose time is > t. */
function upperBound(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (time[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Payload, SYN or FIN, and the payload-less probes a sender makes into a closed window. */
function isData(s: FlowSeries, k: number, dir: number): boolean {
  return s.dir[k] === dir && (s.len[k] > 0 || (s.tcpFlags[k] & (SYN | FIN)) !== 0 || (s.analysis[k] & PROBES) !== 0);
}

function isAck(s: FlowSeries, k: number, dir: number): boolean {
  return s.dir[k] !== dir && s.ack[k] >= 0;
}

function extentOf(s: FlowSeries, dir: number): SeriesBody['extent'] {
  const n = s.time.length;
  let seq0 = Infinity;
  let seq1 = -Infinity;
  let t0 = Infinity;
  let t1 = -Infinity;
  for (let k = 0; k < n; k++) {
    const t = s.time[k];
    if (t < t0) t0 = t;
    if (t > t1) t1 = t;
    if (isData(s, k, dir)) {
      if (s.seq[k] < seq0) seq0 = s.seq[k];
      const end = s.seq[k] + s.len[k];
      if (end > seq1) seq1 = end;
    } else if (isAck(s, k, dir)) {
      if (s.ack[k] < seq0) seq0 = s.ack[k];
      const edge = s.ack[k] + s.win[k];
      if (edge > seq1) seq1 = edge;
    }
  }
  if (n === 0) return { t0: 0, t1: 0, seq0: 0, seq1: 0 };
  if (seq0 > seq1) {
    seq0 = 0;
    seq1 = 0;
  }
  return { t0, t1, seq0, seq1 };
}

/** Appends the indices kept in each column (up to `per` slots per column), column by column, in index order. */
function flushColumns(slots: Int32Array, per: number, emit: (k: number) => void): void {
  const buf = new Int32Array(per);
  for (let b = 0; b < slots.length; b += per) {
    let m = 0;
    for (let j = 0; j < per; j++) {
      const k = slots[b + j];
      if (k < 0) continue;
      let dup = false;
      for (let i = 0; i < m; i++) if (buf[i] === k) dup = true;
      if (!dup) buf[m++] = k;
    }
    buf.subarray(0, m).sort();
    for (let i = 0; i < m; i++) emit(buf[i]);
  }
}

export function decimateSeries(s: FlowSeries, dir: number, reqT0: number, reqT1: number, reqBuckets: number): SeriesBody {
  const d = dir === 1 ? 1 : 0;
  const extent = extentOf(s, d);
  const whole = !(reqT0 <= reqT1) || !Number.isFinite(reqT0) || !Number.isFinite(reqT1);
  const t0 = whole ? extent.t0 : reqT0;
  const t1 = whole ? extent.t1 : reqT1;
  const buckets = Math.max(1, Math.min(MAX_SERIES_BUCKETS, Math.floor(Number.isFinite(reqBuckets) ? reqBuckets : 1)));
  const lo = lowerBound(s.time, t0);
  const hi = upperBound(s.time, t1);
  const span = t1 - t0 > 0 ? t1 - t0 : 1;
  const column = (t: number): number => Math.min(buckets - 1, Math.max(0, Math.floor(((t - t0) / span) * buckets)));

  let dataCount = 0;
  let ackCount = 0;
  for (let k = lo; k < hi; k++) {
    if (isData(s, k, d)) dataCount++;
    else if (isAck(s, k, d)) ackCount++;
  }

  const data = emptyPoints();
  const pushData = (k: number): void => push(data, k, s.time[k], s.seq[k], s.seq[k] + s.len[k], s.analysis[k]);
  if (dataCount <= SERIES_EXACT_LIMIT) {
    for (let k = lo; k < hi; k++) if (isData(s, k, d)) pushData(k);
  } else {
    // Per column: lowest sequence number, highest end, first notable segment.
    const slots = new Int32Array(buckets * 3).fill(-1);
    for (let k = lo; k < hi; k++) {
      if (!isData(s, k, d)) continue;
      const b = column(s.time[k]) * 3;
      if (slots[b] < 0 || s.seq[k] < s.seq[slots[b]]) slots[b] = k;
      if (slots[b + 1] < 0 || s.seq[k] + s.len[k] > s.seq[slots[b + 1]] + s.len[slots[b + 1]]) slots[b + 1] = k;
      if (slots[b + 2] < 0 && s.analysis[k] & NOTABLE_DATA) slots[b + 2] = k;
    }
    flushColumns(slots, 3, pushData);
  }

  const acks = emptyPoints();
  const pushAck = (k: number): void => push(acks, k, s.time[k], s.ack[k], s.ack[k] + s.win[k], s.analysis[k]);
  // The ACK in force when the range starts, so the ACK and window lines enter from the left edge.
  for (let k = lo - 1; k >= 0 && k >= lo - LOOKBACK; k--) {
    if (isAck(s, k, d)) {
      pushAck(k);
      break;
    }
  }
  if (ackCount <= SERIES_EXACT_LIMIT) {
    for (let k = lo; k < hi; k++) if (isAck(s, k, d)) pushAck(k);
  } else {
    // Per column: first and last ACK (the step line's ends), lowest and highest window edge, first zero window.
    const slots = new Int32Array(buckets * 5).fill(-1);
    for (let k = lo; k < hi; k++) {
      if (!isAck(s, k, d)) continue;
      const b = column(s.time[k]) * 5;
      if (slots[b] < 0) slots[b] = k;
      slots[b + 1] = k;
      const edge = s.ack[k] + s.win[k];
      if (slots[b + 2] < 0 || edge < s.ack[slots[b + 2]] + s.win[slots[b + 2]]) slots[b + 2] = k;
      if (slots[b + 3] < 0 || edge > s.ack[slots[b + 3]] + s.win[slots[b + 3]]) slots[b + 3] = k;
      if (slots[b + 4] < 0 && s.win[k] === 0) slots[b + 4] = k;
    }
    flushColumns(slots, 5, pushAck);
  }

  const sacks = emptyPoints();
  {
    let j0 = 0;
    let jn = s.sackAt.length;
    while (j0 < jn) {
      const mid = (j0 + jn) >> 1;
      if (s.sackAt[mid] < lo) j0 = mid + 1;
      else jn = mid;
    }
    let j1 = j0;
    while (j1 < s.sackAt.length && s.sackAt[j1] < hi) j1++;
    const exact = j1 - j0 <= SERIES_EXACT_LIMIT / 2;
    let lastColumn = -1;
    for (let j = j0; j < j1; j++) {
      const k = s.sackAt[j];
      if (s.dir[k] === d) continue;
      if (!exact) {
        const c = column(s.time[k]);
        if (c === lastColumn) continue;
        lastColumn = c;
      }
      const end = j + 1 < s.sackStart.length ? s.sackStart[j + 1] : s.sackEdges.length;
      for (let e = s.sackStart[j]; e + 1 < end; e += 2) push(sacks, k, s.time[k], s.sackEdges[e], s.sackEdges[e + 1], s.analysis[k]);
    }
  }

  return { dir: d, t0, t1, exact: dataCount <= SERIES_EXACT_LIMIT && ackCount <= SERIES_EXACT_LIMIT, dataInRange: dataCount, extent, data, acks, sacks, zeroWindows: zeroWindows(s, d, lo, hi, t0, t1, span / buckets) };
}

/** Periods in which the receiver (the side opposite `dir`) advertised a zero window, clipped to [t0, t1]. */
function zeroWindows(s: FlowSeries, dir: number, lo: number, hi: number, t0: number, t1: number, mergeGap: number): SeriesBody['zeroWindows'] {
  const out: SeriesBody['zeroWindows'] = [];
  const receiver = (k: number): boolean => s.dir[k] !== dir && (s.tcpFlags[k] & RST) === 0 && s.ack[k] >= 0;
  let start = -1;
  let startIndex = -1;
  // A period already open when the range starts.
  for (let k = lo - 1; k >= 0 && k >= lo - LOOKBACK; k--) {
    if (!receiver(k)) continue;
    if (s.win[k] === 0) {
      start = t0;
      startIndex = k;
    }
    break;
  }
  let lastTime = t0;
  const close = (end: number): void => {
    const prev = out[out.length - 1];
    if (prev && start - prev.end <= mergeGap) prev.end = roundTime(end);
    else out.push({ start: roundTime(start), end: roundTime(end), index: startIndex });
  };
  for (let k = lo; k < hi; k++) {
    lastTime = s.time[k];
    if (!receiver(k)) continue;
    if (s.win[k] === 0) {
      if (start < 0) {
        start = s.time[k];
        startIndex = k;
      }
    } else if (start >= 0) {
      close(s.time[k]);
      start = -1;
    }
  }
  if (start >= 0) {
    // Still closed at the end of the range: it lasts at least to the range's last packet, and to t1 when more follows.
    close(hi < s.time.length ? t1 : lastTime);
  }
  // Thousands of distinct periods (a receiver flapping its window): widen the merge gap until they fit.
  let merged = out;
  for (let gap = Math.max(mergeGap, (t1 - t0) / MAX_ZERO_WINDOWS, 1e-6); merged.length > MAX_ZERO_WINDOWS; gap *= 2) {
    const next: SeriesBody['zeroWindows'] = [];
    for (const z of merged) {
      const prev = next[next.length - 1];
      if (prev && z.start - prev.end <= gap) prev.end = z.end;
      else next.push({ ...z });
    }
    merged = next;
  }
  return merged;
}
