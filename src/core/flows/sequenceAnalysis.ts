// Per-segment TCP sequence analysis with Wireshark's flag definitions and evaluation order
// (paraphrased in design/tcp-analysis.md from packet-tcp.c tcp_analyze_sequence_number()).
// Runs once per TCP row, in file order; state lives in the two DirectionState records.
import { TcpFlag, type PacketTable } from '../capture/packetTable';
import { AnalysisFlag as F } from './analysisFlags';
import type { DirectionState } from './directionState';
import { MAX_UNACKED_SEGMENTS, WSCALE_NONE, WSCALE_UNKNOWN } from './directionState';
import type { Conversation } from './conversation';
import { acknowledge, bytesInFlight } from './rtt';
import { seqAdd, seqGe, seqGt, seqLe, seqLt, seqSub } from './seqMath';
import type { FlowAnalysis } from './types';

const SYN_FIN_RST = TcpFlag.Syn | TcpFlag.Fin | TcpFlag.Rst;
const SYN_FIN = TcpFlag.Syn | TcpFlag.Fin;
/** A retransmission within this long of the peer's last duplicate ACK is a fast retransmission. */
const FAST_RETRANSMIT_WINDOW_S = 0.02;
/** Out-of-order threshold when the handshake RTT is unknown. */
const DEFAULT_OOO_THRESHOLD_S = 0.003;
const RETRANSMITTED = F.Retransmission | F.FastRetransmission | F.SpuriousRetransmission;

export type AnalysisColumns = Pick<FlowAnalysis, 'flags' | 'dupAckNum' | 'rtoFrame' | 'rto' | 'ackRtt' | 'bytesInFlight'>;

/** Analyses row `i` sent by `fwd` (the peer is `rev`); `now` is seconds since the first packet. */
export function analyzeSegment(
  t: PacketTable,
  i: number,
  now: number,
  conv: Conversation,
  fwd: DirectionState,
  rev: DirectionState,
  out: AnalysisColumns,
): void {
  const seq = t.seq[i];
  const ack = t.ack[i];
  const seglen = t.len[i];
  const flags = t.tcpFlags[i];
  const window = t.win[i];
  const frame = i + 1;
  const notSfr = (flags & SYN_FIN_RST) === 0;
  let fl = out.flags[i];

  if (flags & TcpFlag.Ack) rev.validBif = true;

  fwdChecks: {
    // A one-byte segment at the next expected seq into a closed window probes it; nothing else applies.
    if (seglen === 1 && seq === fwd.nextseq && rev.window === 0) {
      fl |= F.ZeroWindowProbe;
      break fwdChecks;
    }
    if (window === 0 && notSfr) fl |= F.ZeroWindow;
    if (fwd.nextseq !== 0 && seqGt(seq, fwd.nextseq) && (flags & TcpFlag.Rst) === 0) {
      fl |= F.LostSegment;
      fwd.validBif = false;
    }
    if ((seglen === 0 || seglen === 1) && seq === seqSub(fwd.nextseq, 1) && notSfr) fl |= F.KeepAlive;
    if (
      seglen === 0 &&
      window !== 0 &&
      window !== fwd.window &&
      seq === fwd.nextseq &&
      ack === fwd.lastack &&
      notSfr
    )
      fl |= F.WindowUpdate;
    if (seglen > 0 && rev.winScale !== WSCALE_UNKNOWN && notSfr) {
      const shift = rev.isFirstAck || rev.winScale === WSCALE_NONE ? 0 : rev.winScale;
      const rightEdge = seqAdd(rev.lastack, (rev.window << shift) >>> 0);
      if (seqAdd(seq, seglen) === rightEdge) fl |= F.WindowFull;
    }
    const repeatsAck = seglen === 0 && seq === fwd.nextseq && notSfr;
    if (repeatsAck && window !== 0 && window === fwd.window && ack === fwd.lastack && rev.lastSegmentFlags & F.KeepAlive) {
      fl |= F.KeepAliveAck;
      break fwdChecks;
    }
    if (
      repeatsAck &&
      window === 0 &&
      fwd.window === 0 &&
      (ack === fwd.lastack || ack === seqAdd(fwd.lastack, 1)) &&
      rev.lastSegmentFlags & F.ZeroWindowProbe
    ) {
      fl |= F.ZeroWindowProbeAck;
      // The receiver took the probe's byte (Wireshark issue 10745): the sender's edge moves on.
      if (ack === seqAdd(fwd.lastack, 1)) {
        rev.nextseq = ack;
        rev.maxseqtobeacked = ack;
      }
      break fwdChecks;
    }
    if (repeatsAck && window !== 0 && window === fwd.window && ack === fwd.lastack) {
      fwd.dupacknum++;
      fl |= F.DuplicateAck;
      out.dupAckNum[i] = fwd.dupacknum;
    }
  }

  if (ack !== fwd.lastack) {
    fwd.lastnondupack = frame;
    fwd.dupacknum = 0;
  }

  if (rev.maxseqtobeacked !== 0 && seqGt(ack, rev.maxseqtobeacked) && flags & TcpFlag.Ack) {
    fl |= F.AckLostSegment;
    // Report this gap once: from now on only ACKs past everything seen from the peer count.
    rev.maxseqtobeacked = rev.nextseq;
  }

  let seqNotAdvanced = fwd.nextseq !== 0 && seqLt(seq, fwd.nextseq);
  const synOrFin = (flags & SYN_FIN) !== 0;
  if ((seglen > 0 || synOrFin) && (fl & F.KeepAlive) === 0) {
    retransmission: {
      // Data starting one below nextseq right after a probe adds new bytes: not a retransmission.
      if (seglen > 1 && seqSub(fwd.nextseq, 1) === seq) seqNotAdvanced = false;
      if (seglen > 0 && rev.lastack !== 0 && seqLe(seqAdd(seq, seglen), rev.lastack)) {
        fl |= F.SpuriousRetransmission;
        break retransmission;
      }
      if (!seqNotAdvanced) break retransmission;
      const end = seqAdd(seq, seglen);
      markResent(fwd, seq, end);
      const sinceAck = now - rev.lastackTime;
      if (sinceAck >= 0 && sinceAck < FAST_RETRANSMIT_WINDOW_S && rev.dupacknum >= 2 && rev.lastack === seq) {
        fl |= F.FastRetransmission;
        break retransmission;
      }
      // Close behind the highest segment and not simply a resend of it: reordered in the network.
      const threshold = Number.isNaN(conv.tsFirstRtt) ? DEFAULT_OOO_THRESHOLD_S : conv.tsFirstRtt;
      const sinceHighest = now - fwd.nextseqTime;
      if (sinceHighest >= 0 && sinceHighest < threshold && fwd.nextseq !== seqAdd(end, synOrFin ? 1 : 0)) {
        fl |= F.OutOfOrder;
        break retransmission;
      }
      fl |= F.Retransmission;
      // Wireshark 4.0 names the oldest segment still unacknowledged as the original; with an
      // empty list, the segment that last advanced nextseq.
      const list = fwd.unacked;
      let origFrame = fwd.nextseqFrame;
      let origTime = fwd.nextseqTime;
      if (list.count > 0) {
        origFrame = list.pool.frame[list.head];
        origTime = list.pool.time[list.head];
      }
      out.rtoFrame[i] = origFrame;
      out.rto[i] = now - origTime;
    }
  }

  let nextseq = seqAdd(seq, seglen);
  if ((seglen > 0 || synOrFin) && fwd.unacked.count < MAX_UNACKED_SEGMENTS) {
    if (synOrFin) nextseq = seqAdd(nextseq, 1);
    fwd.unacked.push(seq, nextseq, frame, now, (fl & RETRANSMITTED) !== 0);
  }
  if ((fwd.nextseq === 0 || seqGt(nextseq, fwd.nextseq)) && (fl & F.ZeroWindowProbe) === 0) {
    fwd.nextseq = nextseq;
    fwd.nextseqFrame = frame;
    fwd.nextseqTime = now;
  }
  if ((fwd.maxseqtobeacked === 0 || seq === fwd.maxseqtobeacked) && (fl & F.ZeroWindowProbe) === 0) {
    fwd.maxseqtobeacked = fwd.nextseq;
  }
  fwd.window = window;
  fwd.lastack = ack;
  fwd.lastackTime = now;
  fwd.lastSegmentFlags = fl;

  out.ackRtt[i] = acknowledge(rev.unacked, ack, now);
  if (seglen !== 0) out.bytesInFlight[i] = bytesInFlight(fwd, rev, synOrFin);
  out.flags[i] = fl;
}

/** Marks the unacked segments this resend covers, so their ACK gives no RTT sample (Karn). */
function markResent(fwd: DirectionState, seq: number, end: number): void {
  const p = fwd.unacked.pool;
  for (let k = fwd.unacked.head; k !== -1; k = p.next[k]) {
    if (seqLt(p.seq[k], end) && seqGt(p.nextseq[k], seq)) p.karn[k] = 1;
  }
}
