// A connect() into a dead path, seen from the handshake: the SYN_SENT socket's retransmit timer
// resends the SYN with the same ISN each time it expires — first after the initial RTO (1 s since
// Linux 3.1, 3 s before), on Linux 6.6+ a few times at that same interval
// (tcp_syn_linear_timeouts), then doubling — until tcp_write_timeout finds tcp_syn_retries (or
// TCP_SYNCNT) spent and connect() fails with ETIMEDOUT. A server whose SYN-ACK is never
// acknowledged resends it the same way (tcp_synack_retries). The data-path backoff (rtoBackoff.ts)
// only follows segments that carry data, so the handshake's retries are found here.
import { absTime, Proto, TcpFlag, type PacketTable } from '../capture/packetTable';
import type { Finding } from './finding';
import { endpointOf, frameOf, senderSide, type FlowTrace } from './flowTrace';
import { makeFinding, round } from './makeFinding';
import { doublingPairs } from './rtoBackoff';
import type { HandshakeRetry, Recovery } from '../i18n/summaries/index';

/** Shortest gap a retransmit timer leaves (TCP_RTO_MIN is 200 ms; timers may fire a little early in the capture's clock). */
const MIN_TIMER_GAP_S = 0.15;
/** Successive expiries are 1× (linear phase) to 2× (backoff) apart; the rest is timer and capture jitter. */
const MIN_RATIO = 0.75;
const MAX_RATIO = 2.7;
/** The timer's next expiry is due two last gaps after the last SYN; a late capture clock may show it slightly sooner. */
const NEXT_EXPIRY_FACTOR = 1.9;

export function detectUnansweredConnect(tr: FlowTrace): Finding[] {
  if (tr.flow.proto !== 'tcp' || tr.n === 0) return [];
  const syns = handshakeSeries(tr, 0);
  if (syns.length >= 2) return synFindings(tr, syns);
  // With one SYN the client got the SYN-ACK; repeated SYN-ACKs are then the server's own timer.
  if (syns.length === 1) {
    const synAcks = handshakeSeries(tr, 1);
    if (synAcks.length >= 2) return synAckFindings(tr, synAcks);
  }
  return [];
}

/** Rows of direction d's handshake segment (SYN, or SYN-ACK for the server) at its ISN, up to d's first other segment. */
function handshakeSeries(tr: FlowTrace, d: number): number[] {
  const want = d === 0 ? TcpFlag.Syn : TcpFlag.Syn | TcpFlag.Ack;
  const rows: number[] = [];
  for (let k = 0; k < tr.n; k++) {
    if (tr.dir[k] !== d) continue;
    const f = tr.flags[k];
    if (!(f & TcpFlag.Syn)) break;
    if ((f & (TcpFlag.Syn | TcpFlag.Ack | TcpFlag.Rst)) === want && tr.seq[k] === 0 && tr.len[k] === 0) rows.push(k);
  }
  return rows;
}

function gapsOf(tr: FlowTrace, rows: readonly number[]): number[] {
  const gaps: number[] = [];
  for (let j = 1; j < rows.length; j++) gaps.push(tr.t[rows[j]] - tr.t[rows[j - 1]]);
  return gaps;
}

/** Gaps a retransmit timer leaves: none too short, each 1× to 2× the one before. */
function timerShaped(gaps: readonly number[]): boolean {
  if (gaps.length === 0 || gaps[0] < MIN_TIMER_GAP_S) return false;
  for (let j = 1; j < gaps.length; j++) {
    const r = gaps[j] / gaps[j - 1];
    if (!(r >= MIN_RATIO && r <= MAX_RATIO)) return false;
  }
  return true;
}

/** Gaps at the initial interval, before the doubling starts (Linux 6.6+ tcp_syn_linear_timeouts). */
function linearGaps(gaps: readonly number[]): number {
  let n = 0;
  while (n + 1 < gaps.length && gaps[n + 1] / gaps[n] < 1.5) n++;
  return n > 0 ? n + 1 : 0;
}

function confidenceFor(retransmissions: number): Finding['confidence'] {
  // One resend is a single lost SYN: a second of delay that healthy networks also show now and then.
  return retransmissions >= 3 ? 'high' : retransmissions === 2 ? 'medium' : 'low';
}

interface Answer {
  /** Flow row of the SYN-ACK (or, when it was not captured, the client's ACK) after the last SYN; -1 if none. */
  k: number;
  refused: boolean;
  /** Any segment from the peer after the first SYN. */
  peerSpoke: boolean;
  /** SYN-ACKs from the peer before the last SYN: answers lost on the way back to the client. */
  earlySynAcks: number;
}

function answerTo(tr: FlowTrace, syns: readonly number[]): Answer {
  const last = syns[syns.length - 1];
  const a: Answer = { k: -1, refused: false, peerSpoke: false, earlySynAcks: 0 };
  for (let k = syns[0] + 1; k < tr.n; k++) {
    const f = tr.flags[k];
    if (tr.dir[k] === 0) {
      // The client's first segment after its SYNs completes the handshake it saw.
      if (k > last && !(f & TcpFlag.Syn) && f & TcpFlag.Ack && !(f & TcpFlag.Rst) && a.k < 0) a.k = k;
      continue;
    }
    a.peerSpoke = true;
    if (f & TcpFlag.Rst && !(f & TcpFlag.Syn)) {
      if (a.k < 0) a.refused = true;
      return a;
    }
    if ((f & (TcpFlag.Syn | TcpFlag.Ack)) === (TcpFlag.Syn | TcpFlag.Ack)) {
      if (k < last) a.earlySynAcks++;
      else if (a.k < 0) {
        a.k = k;
        return a;
      }
    }
  }
  return a;
}

function synFindings(tr: FlowTrace, syns: number[]): Finding[] {
  const gaps = gapsOf(tr, syns);
  if (!timerShaped(gaps)) return [];
  const answer = answerTo(tr, syns);
  // A RST is the peer's kernel refusing: connectionRefused.ts reports it.
  if (answer.refused) return [];
  const first = syns[0];
  const last = syns[syns.length - 1];
  const start = tr.t[first];
  const lastT = tr.t[last];
  const lastGap = gaps[gaps.length - 1];
  const captureEnd = absTime(tr.table, tr.table.count - 1);
  const icmp = icmpQuotes(tr, start, answer.k >= 0 ? tr.t[answer.k] : captureEnd);
  const icmpAfterLast = icmp.filter((row) => absTime(tr.table, row) >= lastT);
  const retransmissions = syns.length - 1;
  const doublings = doublingPairs(gaps);
  const handshake: HandshakeRetry = {
    segment: 'SYN',
    peer: endpointOf(tr, 1),
    linearGaps: linearGaps(gaps),
    icmpErrors: icmp.length,
    ...(icmp.length ? { icmpFrame: icmp[0] + 1 } : {}),
    endedByIcmp: icmpAfterLast.length > 0,
  };
  const recovery: Recovery =
    answer.k >= 0 ? { recovered: true, afterS: tr.t[answer.k] - start, frame: frameOf(tr, answer.k) } : { recovered: false };
  const frames = syns.map((k) => frameOf(tr, k));
  if (answer.k >= 0) frames.push(frameOf(tr, answer.k));
  const icmpFrames = icmp.map((row) => row + 1);
  const findings = [
    makeFinding(tr, {
      stage: 'rto_backoff',
      side: 'client',
      start,
      end: answer.k >= 0 ? tr.t[answer.k] : icmpAfterLast.length ? absTime(tr.table, icmpAfterLast[0]) : lastT,
      frames: [...frames, ...icmpFrames],
      confidence: confidenceFor(retransmissions),
      text: { stage: 'rto_backoff', who: endpointOf(tr, 0), inferred: false, times: retransmissions, intervalsS: gaps, doubling: doublings >= 1, recovery, handshake },
      facts: {
        segment: 'SYN',
        retransmissions,
        intervalsS: gaps.map((x) => round(x)),
        doublings,
        linearGaps: handshake.linearGaps,
        initialRtoS: round(gaps[0], 3),
        recovered: answer.k >= 0,
        recoveredAfterS: answer.k >= 0 ? round(tr.t[answer.k] - start, 3) : -1,
        synAcksLostBeforeClient: answer.earlySynAcks,
        icmpErrors: icmp.length,
        icmpFrames,
      },
    }),
  ];
  // Attempts that stopped without any answer: the SYN_SENT socket timed out, unless an ICMP error ended it.
  if (answer.k >= 0 || answer.peerSpoke || handshake.endedByIcmp || textIcmpAfter(tr, last, lastGap)) return findings;
  const quietAfter = captureEnd - lastT;
  if (quietAfter < lastGap) return findings; // the capture stops too soon to tell a timeout from its own end
  const nextDue = lastT + 2 * lastGap;
  const sawPastNext = quietAfter >= NEXT_EXPIRY_FACTOR * lastGap;
  findings.push(
    makeFinding(tr, {
      stage: 'connection_timeout',
      side: 'client',
      start,
      end: Math.min(captureEnd, nextDue),
      frames,
      confidence: sawPastNext && retransmissions >= 2 ? 'high' : 'medium',
      text: {
        stage: 'connection_timeout',
        who: endpointOf(tr, 0),
        retransmissions,
        spanS: lastT - start,
        after: sawPastNext ? { kind: 'captureRunsLonger', s: quietAfter } : { kind: 'captureEndsFirst', dueS: 2 * lastGap },
        handshake,
      },
      facts: {
        segment: 'SYN',
        retransmissions,
        intervalsS: gaps.map((x) => round(x)),
        lastTransmissionAfterS: round(lastT - start, 3),
        abortDueAfterS: round(nextDue - start, 3),
        observedPastDue: sawPastNext,
        icmpErrors: icmp.length,
      },
    }),
  );
  return findings;
}

/** The server's SYN-ACK resent by its request timer: the client's ACK did not reach it. */
function synAckFindings(tr: FlowTrace, synAcks: number[]): Finding[] {
  const gaps = gapsOf(tr, synAcks);
  if (!timerShaped(gaps)) return [];
  const last = synAcks[synAcks.length - 1];
  // The server is through the handshake at its first segment that is not a SYN-ACK.
  let doneK = -1;
  for (let k = last + 1; k < tr.n && doneK < 0; k++) if (tr.dir[k] === 1 && !(tr.flags[k] & TcpFlag.Syn)) doneK = k;
  const start = tr.t[synAcks[0]];
  const retransmissions = synAcks.length - 1;
  const doublings = doublingPairs(gaps);
  const recovery: Recovery =
    doneK >= 0 ? { recovered: true, afterS: tr.t[doneK] - start, frame: frameOf(tr, doneK) } : { recovered: false };
  const handshake: HandshakeRetry = { segment: 'SYN-ACK', peer: endpointOf(tr, 0), linearGaps: linearGaps(gaps), icmpErrors: 0, endedByIcmp: false };
  const frames = synAcks.map((k) => frameOf(tr, k));
  if (doneK >= 0) frames.push(frameOf(tr, doneK));
  return [
    makeFinding(tr, {
      stage: 'rto_backoff',
      side: senderSide(1),
      start,
      end: doneK >= 0 ? tr.t[doneK] : tr.t[last],
      frames,
      confidence: confidenceFor(retransmissions),
      text: { stage: 'rto_backoff', who: endpointOf(tr, 1), inferred: false, times: retransmissions, intervalsS: gaps, doubling: doublings >= 1, recovery, handshake },
      facts: {
        segment: 'SYN-ACK',
        retransmissions,
        intervalsS: gaps.map((x) => round(x)),
        doublings,
        initialRtoS: round(gaps[0], 3),
        recovered: doneK >= 0,
        recoveredAfterS: doneK >= 0 ? round(tr.t[doneK] - start, 3) : -1,
      },
    }),
  ];
}

/**
 * Table rows of ICMP errors quoting this flow's SYN (the quoted header names the client as
 * source and carries the SYN's sequence number), between `from` and `to`.
 */
function icmpQuotes(tr: FlowTrace, from: number, to: number): number[] {
  const table = tr.table;
  const rows = icmpRowsOf(table);
  if (rows.length === 0) return [];
  const f = tr.flow;
  const isn = tr.flow.dirs[0].isn >>> 0;
  const out: number[] = [];
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j];
    const t = absTime(table, i);
    if (t < from || t > to) continue;
    if (
      table.src[i] === f.clientAddr &&
      table.dst[i] === f.serverAddr &&
      table.sport[i] === f.clientPort &&
      table.dport[i] === f.serverPort &&
      // A quote cut before the sequence number leaves it 0: the endpoints alone then name the flow.
      (table.seq[i] >>> 0 === isn || table.seq[i] === 0)
    )
      out.push(i);
  }
  return out;
}

/**
 * tcpdump's one-line text prints an ICMP host-unreachable without the quoted ports, so the text
 * reader keeps it as a bare IP row: one addressed to the client within half a timer interval of
 * its last SYN is taken as the answer that ended the attempt, and no timeout is claimed.
 */
function textIcmpAfter(tr: FlowTrace, lastK: number, lastGap: number): boolean {
  const table = tr.table;
  if (table.format !== 'tcpdump-text') return false;
  const client = tr.flow.clientAddr;
  const until = tr.t[lastK] + lastGap / 2;
  for (let i = tr.rows[lastK] + 1; i < table.count; i++) {
    if (absTime(table, i) > until) break;
    const p = table.proto[i];
    if ((p === Proto.Ipv4 || p === Proto.Ipv6 || p === Proto.IcmpQuote) && table.dst[i] === client) return true;
  }
  return false;
}

/** ICMP-quote rows per table, found once: only flows with repeated SYNs ever look, and there are few such rows. */
const icmpRowCache = new WeakMap<PacketTable, Uint32Array>();

function icmpRowsOf(table: PacketTable): Uint32Array {
  let rows = icmpRowCache.get(table);
  if (!rows) {
    const found: number[] = [];
    const proto = table.proto;
    for (let i = 0; i < table.count; i++) if (proto[i] === Proto.IcmpQuote) found.push(i);
    rows = Uint32Array.from(found);
    icmpRowCache.set(table, rows);
  }
  return rows;
}
