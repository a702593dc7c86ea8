// connection_refused: a SYN answered by RST before any SYN-ACK. The peer's kernel found no
// listening socket (tcp_v4_rcv → no_tcp_socket → tcp_v4_send_reset), so connect() fails with
// ECONNREFUSED after one round trip.
import { TcpFlag } from '../capture/packetTable';
import type { Finding } from './finding';
import { endpointOf, frameOf, openingSyn, senderSide, type FlowTrace } from './flowTrace';
import { makeFinding, round } from './makeFinding';

export function detectConnectionRefused(tr: FlowTrace): Finding[] {
  // Nothing is reported before a SYN row.
  if (tr.flow.proto !== 'tcp' || !(tr.has.flags & TcpFlag.Syn)) return [];
  const synK = openingSyn(tr);
  if (synK < 0) return [];
  let synCount = 1;
  for (let k = synK + 1; k < tr.n; k++) {
    const f = tr.flags[k];
    if (f & TcpFlag.Syn && !(f & TcpFlag.Ack)) {
      if (tr.dir[k] === tr.dir[synK]) synCount++;
      continue;
    }
    if (f & TcpFlag.Syn) return []; // a SYN-ACK: the handshake went on
    if (!(f & TcpFlag.Rst) || tr.dir[k] === tr.dir[synK]) continue;
    const d = tr.dir[k];
    // tcp_v4_send_reset answers a segment without ACK with RST|ACK acking SYN + 1.
    const exact = (f & TcpFlag.Ack) !== 0 && tr.ack[k] === tr.seq[synK] + 1;
    const wait = tr.t[k] - tr.t[synK];
    const refuser = endpointOf(tr, d);
    const caller = endpointOf(tr, 1 - d);
    const frames: number[] = [];
    for (let j = synK; j <= k; j++) frames.push(frameOf(tr, j));
    return [
      makeFinding(tr, {
        stage: 'connection_refused',
        side: senderSide(d),
        start: tr.t[synK],
        end: tr.t[k],
        frames,
        confidence: exact ? 'high' : 'medium',
        text: { stage: 'connection_refused', refuser, caller, syns: synCount, waitS: wait },
        facts: { waitS: round(wait, 6), synAttempts: synCount, rstAcksSyn: exact },
      }),
    ];
  }
  return [];
}
