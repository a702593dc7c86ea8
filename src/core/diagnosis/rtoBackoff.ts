// rto_backoff: an outage seen from the sender. tcp_retransmit_timer resends the oldest unACKed
// segment and doubles the RTO each time no ACK arrives (backoff++, rto << 1, up to 120 s), so the
// same data leaves at 1×, 2×, 4× … intervals. When the sender's retransmissions are lost before
// the capture point, the first one that gets through still shows: old data after a long silence.
import { TcpFlag } from '../capture/packetTable';
import type { Finding } from './finding';
import { endpointOf, frameOf, LINUX_RTO_MIN_S, senderSide, type FlowTrace } from './flowTrace';
import { makeFinding, round } from './makeFinding';
import type { Recovery, SummaryArgs } from '../i18n/summaries/index';

export interface RetransmissionRun {
  senderDir: number;
  /** Flow row of the original transmission of the first data resent (-1 when not captured). */
  originalK: number;
  /** Flow rows of the retransmissions, in order. */
  retrans: number[];
  /** Gaps between successive transmissions, starting from the original (seconds). */
  intervals: number[];
  /** Flow row of the peer's ACK that first covered the resent data, -1 if none. */
  recoveredK: number;
  /** Flow row of the first new data the sender sent after the run, -1 if none. */
  resumedK: number;
  /** true when the retransmissions themselves were not captured: only the silence before one shows. */
  inferred: boolean;
  start: number;
  end: number;
}

/** Gaps growing by about ×2 (Linux doubles the RTO; timers fire a little late). */
export function doublingPairs(intervals: number[]): number {
  let n = 0;
  for (let j = 1; j < intervals.length; j++) {
    const r = intervals[j] / intervals[j - 1];
    if (r >= 1.5 && r <= 2.7) n++;
  }
  return n;
}

/** Silence before a retransmission long enough to hold at least two expiries of the retransmit timer. */
export function backoffSilence(tr: FlowTrace): number {
  const rto = Math.max(LINUX_RTO_MIN_S, 3 * tr.rtt);
  return 3 * rto;
}

function findOriginal(tr: FlowTrace, s: number, beforeK: number, seq: number): number {
  for (let k = beforeK - 1; k >= 0; k--) {
    if (tr.dir[k] !== s || tr.len[k] === 0 || tr.retrans[k] || tr.probe[k]) continue;
    if (tr.seq[k] <= seq && seq < tr.seq[k] + tr.len[k]) return k;
    if (tr.seq[k] + tr.len[k] <= seq) break;
  }
  return -1;
}

/**
 * Keeps the interval series to the segment resent most often — the head the retransmit timer
 * works on — so a tail-loss probe or the burst after recovery does not blur the doubling.
 */
function headChain(tr: FlowTrace, run: RetransmissionRun): void {
  const counts = new Map<number, number>();
  let headSeq = tr.seq[run.retrans[0]];
  let best = 0;
  for (const k of run.retrans) {
    const c = (counts.get(tr.seq[k]) ?? 0) + 1;
    counts.set(tr.seq[k], c);
    if (c > best) {
      best = c;
      headSeq = tr.seq[k];
    }
  }
  const chain = run.retrans.filter((k) => tr.seq[k] === headSeq);
  const originalK = findOriginal(tr, run.senderDir, chain[0], headSeq);
  const times = (originalK >= 0 ? [originalK, ...chain] : chain).map((k) => tr.t[k]);
  run.intervals = times.slice(1).map((x, j) => x - times[j]);
  if (originalK >= 0 && tr.t[originalK] < run.start) {
    run.start = tr.t[originalK];
    run.originalK = originalK;
  }
  if (run.originalK < 0) run.originalK = originalK;
}

/** Four detectors read the same flow's runs: they are found once per trace. Callers must not change them. */
export function retransmissionRuns(tr: FlowTrace): RetransmissionRun[] {
  return (tr.memo.retransmissionRuns ??= findRetransmissionRuns(tr));
}

/**
 * Per sender, in order: a run starts at a retransmission, takes every further retransmission of
 * the sender until the peer ACKs past the run's first resent byte (or to the end), and is resumed
 * by the sender's first new data after that ACK. Found by small scans from one such row to the
 * next, not by one loop carrying every state: that loop was the costliest to optimise.
 */
function findRetransmissionRuns(tr: FlowTrace): RetransmissionRun[] {
  if (tr.flow.proto !== 'tcp') return [];
  const runs: RetransmissionRun[] = [];
  const silence = backoffSilence(tr);
  for (let s = 0; s < 2; s++) {
    // A run starts only at a row of s marked retrans.
    if (tr.has.retransmissions[s] === 0) continue;
    for (let k = nextRow(tr, s, 0, ROW_RETRANS); k >= 0; ) {
      const prevOwn = previousOwnRow(tr, s, k);
      // NaN when s sent nothing before: then the run is not inferred.
      const gap = tr.t[k] - (prevOwn >= 0 ? tr.t[prevOwn] : NaN);
      const originalK = findOriginal(tr, s, k, tr.seq[k]);
      const run: RetransmissionRun = {
        senderDir: s,
        originalK,
        retrans: [k],
        intervals: [], // headChain measures them
        recoveredK: -1,
        resumedK: -1,
        inferred: gap >= silence,
        start: originalK >= 0 ? tr.t[originalK] : tr.t[k],
        end: tr.t[k],
      };
      const recoveredK = extendRun(tr, run);
      headChain(tr, run);
      run.recoveredK = recoveredK;
      run.end = recoveredK >= 0 ? tr.t[recoveredK] : tr.t[run.retrans[run.retrans.length - 1]];
      runs.push(run);
      if (recoveredK < 0) break;
      run.resumedK = nextRow(tr, s, recoveredK + 1, ROW_NEW_DATA);
      k = nextRow(tr, s, recoveredK + 1, ROW_RETRANS);
    }
  }
  return runs;
}

const ROW_RETRANS = 0;
const ROW_NEW_DATA = 1;

/** Direction s's first row at or after `from` that is a retransmission (ROW_RETRANS) or new data (ROW_NEW_DATA); -1 if none. */
function nextRow(tr: FlowTrace, s: number, from: number, kind: number): number {
  for (let k = from; k < tr.n; k++) {
    if (tr.dir[k] !== s) continue;
    if (kind === ROW_RETRANS ? tr.retrans[k] : tr.len[k] > 0 && !tr.retrans[k] && !tr.probe[k]) return k;
  }
  return -1;
}

/** Direction s's first new-data row (payload, neither retrans nor probe) at or after `from`; -1 if none. */
export function nextNewDataRow(tr: FlowTrace, s: number, from: number): number {
  return nextRow(tr, s, from, ROW_NEW_DATA);
}

function previousOwnRow(tr: FlowTrace, s: number, k: number): number {
  for (let j = k - 1; j >= 0; j--) if (tr.dir[j] === s) return j;
  return -1;
}

/**
 * Adds the sender's later retransmissions to a run that began at run.retrans[0], up to the peer's
 * ACK (not a reset) past that segment's first byte: the returned row, or -1 when none came.
 */
function extendRun(tr: FlowTrace, run: RetransmissionRun): number {
  const s = run.senderDir;
  const firstSeq = tr.seq[run.retrans[0]];
  for (let k = run.retrans[0] + 1; k < tr.n; k++) {
    if (tr.dir[k] === s) {
      if (tr.retrans[k]) run.retrans.push(k);
    } else if (tr.flags[k] & TcpFlag.Ack && !(tr.flags[k] & TcpFlag.Rst) && tr.ack[k] > firstSeq) {
      // Covers the resent data (a spurious resend is covered by an ACK that does not advance).
      return k;
    }
  }
  return -1;
}

/** A run that shows a backoff: ≥ 2 resends with growing gaps, or one resend after a long silence. */
export function isBackoff(tr: FlowTrace, run: RetransmissionRun): boolean {
  if (run.retrans.length >= 2 && doublingPairs(run.intervals) >= 1) return true;
  return run.inferred && run.intervals.length > 0 && run.intervals[run.intervals.length - 1] >= backoffSilence(tr);
}

export function detectRtoBackoff(tr: FlowTrace): Finding[] {
  const findings: Finding[] = [];
  for (const run of retransmissionRuns(tr)) {
    if (!isBackoff(tr, run)) continue;
    const s = run.senderDir;
    const who = endpointOf(tr, s);
    const doubling = doublingPairs(run.intervals);
    const seen = run.retrans.length;
    const frames = run.retrans.map((k) => frameOf(tr, k));
    if (run.originalK >= 0) frames.push(frameOf(tr, run.originalK));
    if (run.recoveredK >= 0) frames.push(frameOf(tr, run.recoveredK));
    if (run.resumedK >= 0) frames.push(frameOf(tr, run.resumedK));
    const lastT = tr.t[run.retrans[seen - 1]];
    const recovery: Recovery =
      run.recoveredK >= 0
        ? {
            recovered: true,
            afterS: tr.t[run.recoveredK] - run.start,
            frame: frameOf(tr, run.recoveredK),
            ...(run.resumedK >= 0 ? { resumedFrame: frameOf(tr, run.resumedK) } : {}),
          }
        : { recovered: false };
    const confident = run.inferred && seen === 1 ? 'medium' : doubling >= 2 || seen >= 3 ? 'high' : 'medium';
    const text: SummaryArgs =
      run.inferred && seen === 1
        ? { stage: 'rto_backoff', who, inferred: true, silenceS: run.intervals[run.intervals.length - 1] ?? 0, recovery }
        : { stage: 'rto_backoff', who, inferred: false, times: seen, intervalsS: run.intervals, doubling: doubling >= 2, recovery };
    findings.push(
      makeFinding(tr, {
        stage: 'rto_backoff',
        side: senderSide(s),
        start: run.start,
        end: run.recoveredK >= 0 ? tr.t[run.recoveredK] : lastT,
        frames,
        confidence: confident,
        text,
        facts: {
          retransmissions: seen,
          intervalsS: run.intervals.map((x) => round(x)),
          doublings: doubling,
          inferred: run.inferred && seen === 1,
          recovered: run.recoveredK >= 0,
          recoveredAfterS: run.recoveredK >= 0 ? round(tr.t[run.recoveredK] - run.start, 3) : -1,
          rttS: round(tr.rtt),
        },
      }),
    );
  }
  return findings;
}
