// half_open_rst: a segment reaches a host that no longer knows the connection (it rebooted, or the
// socket is long gone); tcp_v4_rcv finds no socket and tcp_v4_send_reset answers a segment carrying
// ACK with a bare RST whose sequence number is that ACK. The sender learns of it only now.
import { TcpFlag } from '../capture/packetTable';
import type { Finding } from './finding';
import { endpointOf, frameOf, senderSide, type FlowTrace } from './flowTrace';
import { makeFinding, round } from './makeFinding';

export function detectHalfOpenRst(tr: FlowTrace): Finding[] {
  // Only a RST row can end the scan below with a finding.
  if (tr.flow.proto !== 'tcp' || !(tr.has.flags & TcpFlag.Rst)) return [];
  const lastOwn = [-1, -1];
  for (let k = 0; k < tr.n; k++) {
    const x = tr.dir[k];
    const f = tr.flags[k];
    if (!(f & TcpFlag.Rst) || f & TcpFlag.Ack) {
      lastOwn[x] = k;
      continue;
    }
    // The segment being answered: the peer's latest, which must carry ACK (else it is a refusal).
    let pk = -1;
    for (let j = k - 1; j >= 0; j--) {
      if (tr.dir[j] !== x) {
        pk = j;
        break;
      }
    }
    if (pk < 0 || !(tr.flags[pk] & TcpFlag.Ack) || tr.flags[pk] & (TcpFlag.Syn | TcpFlag.Rst)) return [];
    // A host that had spoken on this flow moments ago would not have forgotten it.
    const lastSelf = lastOwn[x];
    const mirror = tr.ack[pk] === tr.seq[k];
    const silentBefore = lastSelf < 0 ? Infinity : tr.t[pk] - tr.t[lastSelf];
    const peerTalked = tr.len[pk] > 0 || tr.probe[pk];
    if (!mirror || !peerTalked) return [];
    const confidence = silentBefore > 2 * tr.rtt ? 'high' : 'medium';
    return [
      makeFinding(tr, {
        stage: 'half_open_rst',
        side: senderSide(x),
        start: tr.t[pk],
        end: tr.t[k],
        frames: [pk, k].map((j) => frameOf(tr, j)),
        confidence,
        text: {
          stage: 'half_open_rst',
          resetter: endpointOf(tr, x),
          peer: endpointOf(tr, 1 - x),
          segmentBytes: tr.len[pk],
          replyAfterS: tr.t[k] - tr.t[pk],
          ...(Number.isFinite(silentBefore) ? { silentBeforeS: silentBefore } : {}),
        },
        facts: {
          replyAfterS: round(tr.t[k] - tr.t[pk]),
          silentBeforeS: Number.isFinite(silentBefore) ? round(silentBefore, 3) : -1,
          answeredBytes: tr.len[pk],
        },
      }),
    ];
  }
  return [];
}
