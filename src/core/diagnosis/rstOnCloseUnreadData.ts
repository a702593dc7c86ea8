// rst_on_close_unread_data: a host closes a socket whose receive queue still holds data. tcp_close
// (__tcp_close) counts the unread bytes and, instead of a FIN, calls tcp_send_active_reset: an
// immediate RST|ACK at snd_nxt (RFC 2525). The peer's next recv() fails with ECONNRESET.
import { TcpFlag } from '../capture/packetTable';
import type { Finding } from './finding';
import { endpointOf, frameOf, senderSide, type FlowTrace } from './flowTrace';
import { keepaliveRuns } from './keepalive';
import { makeFinding, round } from './makeFinding';

export function detectRstOnCloseUnreadData(tr: FlowTrace): Finding[] {
  // Only a RST row can end the scan below with a finding.
  if (tr.flow.proto !== 'tcp' || !(tr.has.flags & TcpFlag.Rst)) return [];
  const highest = [0, 0];
  const sent = [false, false];
  const finSent = [false, false];
  const synAcked = [false, false];
  const dataBytes = [0, 0];
  const lastDataK = [-1, -1];
  for (let k = 0; k < tr.n; k++) {
    const x = tr.dir[k];
    const o = 1 - x;
    const f = tr.flags[k];
    if (f & TcpFlag.Rst) {
      // An active reset carries ACK and sits exactly at the closer's next sequence number.
      const established = synAcked[0] || synAcked[1] || (dataBytes[0] > 0 && dataBytes[1] >= 0 && sent[x]);
      if (!(f & TcpFlag.Ack) || finSent[x] || !established || dataBytes[o] === 0) return [];
      if (sent[x] && tr.seq[k] !== highest[x]) return [];
      // The same reset ends a connection whose keep-alive probes went unanswered (tcp_keepalive_timer).
      if (keepaliveRuns(tr).some((run) => run.resetK === k)) return [];
      const pk = lastDataK[o];
      // Data from the peer that the closer never answered: the likely unread bytes.
      const unanswered = pk > lastDataK[x];
      const since = tr.t[k] - tr.t[pk];
      const frames = [pk, k].map((j) => frameOf(tr, j));
      return [
        makeFinding(tr, {
          stage: 'rst_on_close_unread_data',
          side: senderSide(x),
          start: tr.t[pk],
          end: tr.t[k],
          frames,
          confidence: unanswered ? 'medium' : 'low',
          text: { stage: 'rst_on_close_unread_data', closer: endpointOf(tr, x), peer: endpointOf(tr, o), sinceS: since, unanswered },
          facts: {
            peerBytesSent: dataBytes[o],
            closerBytesSent: dataBytes[x],
            afterPeerDataS: round(since),
            unansweredPeerData: unanswered,
          },
        }),
      ];
    }
    if (f & TcpFlag.Syn && f & TcpFlag.Ack) synAcked[x] = true;
    if (f & TcpFlag.Fin) finSent[x] = true;
    const end = tr.seq[k] + tr.len[k] + (f & TcpFlag.Syn ? 1 : 0) + (f & TcpFlag.Fin ? 1 : 0);
    if (!sent[x] || end > highest[x]) highest[x] = end;
    sent[x] = true;
    if (tr.len[k] > 0 && !tr.retrans[k] && !tr.probe[k]) {
      dataBytes[x] += tr.len[k];
      lastDataK[x] = k;
    }
  }
  return [];
}
