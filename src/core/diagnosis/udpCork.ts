// udp_cork: with MSG_MORE or UDP_CORK, udp_sendmsg appends each write to one pending datagram
// (ip_append_data) and udp_push_pending_frames sends it only when the cork is released. On the
// wire that is a single datagram the size of several writes. The wire cannot prove it, so this is
// a hint: a datagram whose size is the sum of a run of the same sender's other datagrams.
import type { Finding } from './finding';
import { endpointOf, frameOf, senderSide, type FlowTrace } from './flowTrace';
import { makeFinding } from './makeFinding';

/** Only small flows are searched: the hint is about a handful of writes, not bulk UDP. */
const MAX_DATAGRAMS = 512;

export function detectUdpCork(tr: FlowTrace): Finding[] {
  if (tr.flow.proto !== 'udp' || tr.n > MAX_DATAGRAMS) return [];
  const findings: Finding[] = [];
  for (let s = 0; s < 2; s++) {
    const ks: number[] = [];
    for (let k = 0; k < tr.n; k++) if (tr.dir[k] === s && tr.len[k] > 0) ks.push(k);
    for (const k of ks) {
      const target = tr.len[k];
      let match: number[] | null = null;
      for (let a = 0; a < ks.length && !match; a++) {
        if (ks[a] === k) continue;
        let sum = 0;
        for (let b = a; b < ks.length && sum < target; b++) {
          if (ks[b] === k || tr.len[ks[b]] >= target) break;
          sum += tr.len[ks[b]];
          if (sum === target && b > a) match = ks.slice(a, b + 1);
        }
      }
      if (!match) continue;
      findings.push(
        makeFinding(tr, {
          stage: 'udp_cork',
          side: senderSide(s),
          start: tr.t[k],
          end: tr.t[k],
          frames: [k, ...match].map((j) => frameOf(tr, j)),
          confidence: 'low',
          text: { stage: 'udp_cork', sender: endpointOf(tr, s), datagramBytes: target, parts: match.map((j) => tr.len[j]) },
          facts: { datagramBytes: target, parts: match.map((j) => tr.len[j]) },
        }),
      );
    }
  }
  return findings;
}
