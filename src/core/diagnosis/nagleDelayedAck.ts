// nagle_delayed_ack: a small segment is unACKed, so Nagle (tcp_nagle_check via tcp_nagle_test)
// holds the next small one; the peer delays its ACK (tcp_send_delayed_ack: ≥ 40 ms on Linux,
// up to 200 ms elsewhere) waiting for more data that cannot come. Each exchange pays that delay.
import { TcpFlag } from '../capture/packetTable';
import type { Confidence, Finding } from './finding';
import { endpointOf, frameOf, senderSide, type FlowTrace } from './flowTrace';
import { makeFinding, round } from './makeFinding';

/** Linux's shortest delayed-ACK timeout (TCP_DELACK_MIN, 40 ms), with room for timer slack. */
const DELACK_MIN_S = 0.03;

interface Stall {
  aK: number;
  ackK: number;
  bK: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1] : 0;
}

/** Sender s's stalls, in order. A function of its own: V8 optimises the loop while it runs, and reporting code after it would be optimised with it. */
function findStalls(tr: FlowTrace, s: number): Stall[] {
  const { n, t, dir, flags, seq, ack, len, retrans, probe, rtt } = tr;
  const mss = tr.mss[s];
  const stalls: Stall[] = [];
  let aK = -1; // the latest small new-data segment of s
  let ackK = -1; // the peer's pure ACK that covered it, after a delayed-ACK pause
  let spoiled = false; // the peer sent data meanwhile: its ACK was not a delayed one
  for (let k = 0; k < n; k++) {
    const f = flags[k];
    if (dir[k] !== s) {
      if (aK < 0 || ackK >= 0) continue;
      if (len[k] > 0) spoiled = true;
      else if (f & TcpFlag.Ack && !(f & (TcpFlag.Syn | TcpFlag.Fin | TcpFlag.Rst)) && ack[k] >= seq[aK] + len[aK]) {
        const wait = t[k] - t[aK];
        if (!spoiled && wait >= 1.5 * rtt && wait >= DELACK_MIN_S) ackK = k;
        else aK = -1;
      }
      continue;
    }
    if (len[k] === 0 || retrans[k] || probe[k] || f & TcpFlag.Syn) continue;
    // The held segment leaves as soon as the ACK arrives (one RTT later if captured at the peer).
    if (aK >= 0 && ackK >= 0 && seq[k] === seq[aK] + len[aK] && t[k] - t[ackK] <= 1.5 * rtt + 0.002) {
      stalls.push({ aK, ackK, bK: k });
    }
    aK = len[k] < mss && !(f & TcpFlag.Fin) ? k : -1;
    ackK = -1;
    spoiled = false;
  }
  return stalls;
}

export function detectNagleDelayedAck(tr: FlowTrace): Finding[] {
  if (tr.flow.proto !== 'tcp') return [];
  const findings: Finding[] = [];
  for (let s = 0; s < 2; s++) {
    // A stall needs two new-data segments of s (the held one and the one after it).
    if (tr.has.newDataSegments[s] < 2) continue;
    const stalls = findStalls(tr, s);
    if (stalls.length === 0) continue;
    const ackDelays = stalls.map((x) => tr.t[x.ackK] - tr.t[x.aK]);
    const stallTimes = stalls.map((x) => tr.t[x.bK] - tr.t[x.aK]);
    const med = median(ackDelays);
    const confidence: Confidence = stalls.length >= 3 ? 'high' : stalls.length === 2 ? 'medium' : 'low';
    const frames: number[] = [];
    for (const x of stalls) frames.push(frameOf(tr, x.aK), frameOf(tr, x.ackK), frameOf(tr, x.bK));
    findings.push(
      makeFinding(tr, {
        stage: 'nagle_delayed_ack',
        side: senderSide(s),
        start: tr.t[stalls[0].aK],
        end: tr.t[stalls[stalls.length - 1].bK],
        frames,
        confidence,
        text: {
          stage: 'nagle_delayed_ack',
          sender: endpointOf(tr, s),
          peer: endpointOf(tr, 1 - s),
          stalls: stalls.length,
          medianAckS: med,
          rttS: tr.rtt,
          // Linux delays ACKs ~40 ms; other stacks up to ~200 ms.
          linuxPeer: med - tr.rtt < 0.1,
          medianStallS: median(stallTimes),
        },
        facts: {
          stalls: stalls.length,
          medianAckDelayS: round(med),
          medianStallS: round(median(stallTimes)),
          rttS: round(tr.rtt),
          addedDelayS: round(stallTimes.reduce((a, b) => a + b, 0) - stalls.length * tr.rtt, 3),
        },
      }),
    );
  }
  return findings;
}
