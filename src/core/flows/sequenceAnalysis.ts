// Per-segment TCP sequence analysis with Wireshark's flag definitions and evaluation order
// (paraphrased in design/tcp-analysis.md from packet-tcp.c tcp_analyze_sequence_number()).
// Runs once per TCP row, in file order; state lives in the DirectionTable columns of the
// segment's direction (`f`, its sender) and of the reverse direction (`r`).
import { TcpFlag, relTime, type PacketTable } from '../capture/packetTable';
import { AnalysisFlag as F } from './analysisFlags';
import type { DirectionTable } from './directionState';
import { MAX_UNACKED_SEGMENTS, WSCALE_NONE, WSCALE_UNKNOWN } from './directionState';
import { acknowledge, bytesInFlight } from './rtt';
import { seqAdd, seqGt, seqLe, seqLt, seqSub } from './seqMath';
import type { FlowAnalysis } from './types';

const SYN_FIN_RST = TcpFlag.Syn | TcpFlag.Fin | TcpFlag.Rst;
const SYN_FIN = TcpFlag.Syn | TcpFlag.Fin;
/** A retransmission within this long of the peer's last duplicate ACK is a fast retransmission. */
const FAST_RETRANSMIT_WINDOW_S = 0.02;
/** Out-of-order threshold when the handshake RTT is unknown. */
const DEFAULT_OOO_THRESHOLD_S = 0.003;
const RETRANSMITTED = F.Retransmission | F.FastRetransmission | F.SpuriousRetransmission;

export type AnalysisColumns = Pick<FlowAnalysis, 'flags' | 'dupAckNum' | 'rtoFrame' | 'ackedFrame' | 'bytesInFlight'>;

/**
 * Analyses row `i` of conversation `c`, sent in direction `f` (the peer's is `r`);
 * `firstRttOf[c]` is the conversation's handshake RTT (NaN when unknown).
 */
export function analyzeSegment(
  t: PacketTable,
  i: number,
  firstRttOf: Float64Array,
  c: number,
  d: DirectionTable,
  f: number,
  r: number,
  out: AnalysisColumns,
): void {
  const seq = t.seq[i];
  const ack = t.ack[i];
  const seglen = t.len[i];
  const flags = t.tcpFlags[i];
  const window = t.win[i];
  const frame = i + 1;
  const now = relTime(t, i);
  const notSfr = (flags & SYN_FIN_RST) === 0;
  let fl = out.flags[i];

  if (flags & TcpFlag.Ack) d.validBif[r] = 1;

  fwdChecks: {
    // A one-byte segment at the next expected seq into a closed window probes it; nothing else applies.
    if (seglen === 1 && seq === d.nextseq[f] && d.window[r] === 0) {
      fl |= F.ZeroWindowProbe;
      break fwdChecks;
    }
    if (window === 0 && notSfr) fl |= F.ZeroWindow;
    if (d.nextseq[f] !== 0 && seqGt(seq, d.nextseq[f]) && (flags & TcpFlag.Rst) === 0) {
      fl |= F.LostSegment;
      d.validBif[f] = 0;
    }
    if ((seglen === 0 || seglen === 1) && seq === seqSub(d.nextseq[f], 1) && notSfr) fl |= F.KeepAlive;
    if (
      seglen === 0 &&
      window !== 0 &&
      window !== d.window[f] &&
      seq === d.nextseq[f] &&
      ack === d.lastack[f] &&
      notSfr
    )
      fl |= F.WindowUpdate;
    if (seglen > 0 && d.winScale[r] !== WSCALE_UNKNOWN && notSfr) {
      const shift = d.isFirstAck[r] || d.winScale[r] === WSCALE_NONE ? 0 : d.winScale[r];
      const rightEdge = seqAdd(d.lastack[r], (d.window[r] << shift) >>> 0);
      if (seqAdd(seq, seglen) === rightEdge) fl |= F.WindowFull;
    }
    const repeatsAck = seglen === 0 && seq === d.nextseq[f] && notSfr;
    if (repeatsAck && window !== 0 && window === d.window[f] && ack === d.lastack[f] && d.lastSegmentFlags[r] & F.KeepAlive) {
      fl |= F.KeepAliveAck;
      break fwdChecks;
    }
    if (
      repeatsAck &&
      window === 0 &&
      d.window[f] === 0 &&
      (ack === d.lastack[f] || ack === seqAdd(d.lastack[f], 1)) &&
      d.lastSegmentFlags[r] & F.ZeroWindowProbe
    ) {
      fl |= F.ZeroWindowProbeAck;
      // The receiver took the probe's byte (Wireshark issue 10745): the sender's edge moves on.
      if (ack === seqAdd(d.lastack[f], 1)) {
        d.nextseq[r] = ack;
        d.maxseqtobeacked[r] = ack;
      }
      break fwdChecks;
    }
    if (repeatsAck && window !== 0 && window === d.window[f] && ack === d.lastack[f]) {
      d.dupacknum[f]++;
      fl |= F.DuplicateAck;
      out.dupAckNum[i] = d.dupacknum[f];
    }
  }

  if (ack !== d.lastack[f]) {
    d.lastnondupack[f] = frame;
    d.dupacknum[f] = 0;
  }

  if (d.maxseqtobeacked[r] !== 0 && seqGt(ack, d.maxseqtobeacked[r]) && flags & TcpFlag.Ack) {
    fl |= F.AckLostSegment;
    // Report this gap once: from now on only ACKs past everything seen from the peer count.
    d.maxseqtobeacked[r] = d.nextseq[r];
  }

  let seqNotAdvanced = d.nextseq[f] !== 0 && seqLt(seq, d.nextseq[f]);
  const synOrFin = (flags & SYN_FIN) !== 0;
  if ((seglen > 0 || synOrFin) && (fl & F.KeepAlive) === 0) {
    retransmission: {
      // Data starting one below nextseq right after a probe adds new bytes: not a retransmission.
      if (seglen > 1 && seqSub(d.nextseq[f], 1) === seq) seqNotAdvanced = false;
      if (seglen > 0 && d.lastack[r] !== 0 && seqLe(seqAdd(seq, seglen), d.lastack[r])) {
        fl |= F.SpuriousRetransmission;
        break retransmission;
      }
      if (!seqNotAdvanced) break retransmission;
      const end = seqAdd(seq, seglen);
      d.markResent(f, seq, end);
      const sinceAck = now - d.lastackTime[r];
      if (sinceAck >= 0 && sinceAck < FAST_RETRANSMIT_WINDOW_S && d.dupacknum[r] >= 2 && d.lastack[r] === seq) {
        fl |= F.FastRetransmission;
        break retransmission;
      }
      // Close behind the highest segment and not simply a resend of it: reordered in the network.
      const firstRtt = firstRttOf[c];
      const threshold = Number.isNaN(firstRtt) ? DEFAULT_OOO_THRESHOLD_S : firstRtt;
      const sinceHighest = now - d.nextseqTime[f];
      if (sinceHighest >= 0 && sinceHighest < threshold && d.nextseq[f] !== seqAdd(end, synOrFin ? 1 : 0)) {
        fl |= F.OutOfOrder;
        break retransmission;
      }
      fl |= F.Retransmission;
      // Wireshark 4.0 names the oldest segment still unacknowledged as the original; with an
      // empty list, the segment that last advanced nextseq.
      out.rtoFrame[i] = d.unackedCount[f] > 0 ? d.pool.frame[d.unackedHead[f]] : d.nextseqFrame[f];
    }
  }

  let nextseq = seqAdd(seq, seglen);
  if ((seglen > 0 || synOrFin) && d.unackedCount[f] < MAX_UNACKED_SEGMENTS) {
    if (synOrFin) nextseq = seqAdd(nextseq, 1);
    d.pushUnacked(f, seq, nextseq, frame, (fl & RETRANSMITTED) !== 0);
  }
  if ((d.nextseq[f] === 0 || seqGt(nextseq, d.nextseq[f])) && (fl & F.ZeroWindowProbe) === 0) {
    d.nextseq[f] = nextseq;
    d.nextseqFrame[f] = frame;
    d.nextseqTime[f] = now;
  }
  if ((d.maxseqtobeacked[f] === 0 || seq === d.maxseqtobeacked[f]) && (fl & F.ZeroWindowProbe) === 0) {
    d.maxseqtobeacked[f] = d.nextseq[f];
  }
  d.window[f] = window;
  d.lastack[f] = ack;
  d.lastackTime[f] = now;
  d.lastSegmentFlags[f] = fl;

  out.ackedFrame[i] = acknowledge(d, r, ack);
  if (seglen !== 0) out.bytesInFlight[i] = bytesInFlight(d, f, r, synOrFin);
  out.flags[i] = fl;
}
