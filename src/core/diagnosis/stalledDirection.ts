// stalled_direction: one direction stops sending data although everything it sent is ACKed, the
// peer's window is open and the peer keeps talking — so neither the network nor the receiver holds
// it. Either its application stopped writing, or a write-space wake-up was lost
// (tcp_check_space → sk_stream_write_space never woke the writer; tcp_poll never reported
// EPOLLOUT), the bug class behind "one direction never resumes after an outage".
import { TcpFlag } from '../capture/packetTable';
import type { Confidence, Finding } from './finding';
import { endpointOf, frameOf, senderSide, type FlowTrace } from './flowTrace';
import { makeFinding, round } from './makeFinding';
import { isBackoff, retransmissionRuns } from './rtoBackoff';
import type { SummaryArgsOf } from '../i18n/summaries/index';

/** A silence shorter than this many round trips is ordinary application pacing. */
const MIN_SILENCE_RTTS = 20;
/** ... and it must be at least this many round trips to count as long after an outage. */
const LONG_SILENCE_RTTS = 100;
/** The peer must keep sending data through the silence: at least this many segments. */
const MIN_PEER_SEGMENTS = 8;

interface Silence {
  d: number;
  /** Row of the peer ACK that covered all of d's data (or d's last data row when unseen). */
  fromK: number;
  /** Row that ends the silence (d's next data, FIN or RST) or -1 at the end of the flow. */
  toK: number;
  lastDataK: number;
}

function evaluate(tr: FlowTrace, sil: Silence, outageEnds: number[]): Finding | null {
  const d = sil.d;
  const o = 1 - d;
  const peer = endpointOf(tr, o);
  const start = tr.t[sil.fromK];
  // The silence ends with d's next data, or when the peer closes (then nothing is owed any more).
  let stop = sil.toK >= 0 ? sil.toK : tr.n;
  for (let k = sil.fromK + 1; k < stop; k++) {
    if (tr.dir[k] === o && tr.flags[k] & (TcpFlag.Fin | TcpFlag.Rst)) {
      stop = k;
      break;
    }
  }
  const end = stop < tr.n ? tr.t[stop] : tr.t[tr.n - 1];
  const duration = end - start;
  if (duration < MIN_SILENCE_RTTS * tr.rtt) return null;
  let peerSegs = 0;
  let peerBytes = 0;
  let ownAcks = 0;
  let minWin = Infinity;
  let maxWin = 0;
  let lastPeerDataT = start;
  const frames = [frameOf(tr, sil.lastDataK), frameOf(tr, sil.fromK)];
  for (let k = sil.fromK + 1; k < stop; k++) {
    if (tr.dir[k] === o) {
      if (tr.flags[k] & TcpFlag.Ack) {
        minWin = Math.min(minWin, tr.win[k]);
        maxWin = Math.max(maxWin, tr.win[k]);
      }
      if (tr.len[k] > 0 && !tr.retrans[k]) {
        peerSegs++;
        peerBytes += tr.len[k];
        lastPeerDataT = tr.t[k];
        if (peerSegs <= 3) frames.push(frameOf(tr, k));
      }
    } else if (tr.len[k] === 0) {
      ownAcks++;
      if (ownAcks <= 3) frames.push(frameOf(tr, k));
    }
  }
  if (stop < tr.n) frames.push(frameOf(tr, stop));
  // The peer's window must stay open for at least a full segment, and the peer must stay active.
  if (!(minWin >= tr.mss[d]) || peerSegs < MIN_PEER_SEGMENTS) return null;
  // d must hear the peer (it ACKs its data): a side that does not is cut off, not stalled.
  if (ownAcks < Math.max(2, peerSegs / 4)) return null;
  if (lastPeerDataT - start < 0.5 * duration) return null;

  const afterOutage = outageEnds.some((t) => t <= start + 2 * tr.rtt && t >= start - duration);
  let confidence: Confidence = 'low';
  if (afterOutage) confidence = duration >= LONG_SILENCE_RTTS * tr.rtt ? 'high' : 'medium';
  const who = endpointOf(tr, d);
  const until: SummaryArgsOf['stalled_direction']['until'] =
    stop >= tr.n ? { kind: 'captureEnd' } : tr.dir[stop] === d ? { kind: 'frame', frame: frameOf(tr, stop) } : { kind: 'peerClosed', frame: frameOf(tr, stop) };
  return makeFinding(tr, {
    stage: 'stalled_direction',
    side: senderSide(d),
    start,
    end,
    frames,
    confidence,
    text: {
      stage: 'stalled_direction',
      who,
      peer,
      durationS: duration,
      until,
      minWindow: Math.round(minWin),
      maxWindow: Math.round(maxWin),
      peerSegments: peerSegs,
      ownAcks,
      afterOutage,
    },
    facts: {
      durationS: round(duration, 3),
      peerDataSegments: peerSegs,
      peerDataBytes: peerBytes,
      ownAcks,
      peerWindowMinBytes: Math.round(minWin),
      peerWindowMaxBytes: Math.round(maxWin),
      afterOutage,
      silenceRtts: Math.round(duration / tr.rtt),
    },
  });
}

export function detectStalledDirection(tr: FlowTrace): Finding[] {
  if (tr.flow.proto !== 'tcp') return [];
  // evaluate() wants MIN_PEER_SEGMENTS of the peer's data rows (not retransmitted) inside the
  // silence: a direction whose peer sent fewer over the whole flow has nothing to report.
  const peerTalks = [tr.has.dataSegments[1] >= MIN_PEER_SEGMENTS, tr.has.dataSegments[0] >= MIN_PEER_SEGMENTS];
  if (!peerTalks[0] && !peerTalks[1]) return [];
  const outageEnds = retransmissionRuns(tr)
    .filter((r) => isBackoff(tr, r))
    .map((r) => r.end);
  const findings: Finding[] = [];
  for (let d = 0; d < 2; d++) {
    if (!peerTalks[d]) continue;
    for (const sil of silencesOf(tr, d)) {
      const f = evaluate(tr, sil, outageEnds);
      if (f) findings.push(f);
    }
  }
  return findings;
}

/**
 * Direction d's silences, in order: each from the peer's ACK of all of d's data so far to d's next
 * data, FIN or RST (toK = -1: to the end of the flow). The loop stays apart from evaluate() so
 * V8 optimises a small loop, not the report with it.
 */
function silencesOf(tr: FlowTrace, d: number): Silence[] {
  const { n, dir, flags, seq, ack, len, retrans, probe } = tr;
  const out: Silence[] = [];
  let lastDataK = -1;
  let highest = 0;
  let ackedK = -1;
  let finished = false;
  for (let k = 0; k < n && !finished; k++) {
    const f = flags[k];
    if (dir[k] === d) {
      const isData = len[k] > 0 && !retrans[k] && !probe[k];
      if (isData || f & (TcpFlag.Fin | TcpFlag.Rst)) {
        if (lastDataK >= 0 && ackedK >= 0) out.push({ d, fromK: ackedK, toK: k, lastDataK });
        if (f & (TcpFlag.Fin | TcpFlag.Rst)) finished = true;
        if (isData) {
          lastDataK = k;
          highest = seq[k] + len[k];
          ackedK = -1;
        }
      }
    } else if (lastDataK >= 0 && ackedK < 0 && f & TcpFlag.Ack && ack[k] >= highest) {
      ackedK = k;
    }
  }
  if (!finished && lastDataK >= 0 && ackedK >= 0) out.push({ d, fromK: ackedK, toK: -1, lastDataK });
  return out;
}
