// How long after a packet of its peer appears in the capture a host's reaction to it appears.
// A capture taken next to a host sees that host react at once and its peer react one round trip
// later; a capture in the middle of the path sees something in between. Detectors that ask "what
// did the sender know when it sent this?" look back by the sender's lag instead of assuming the
// capture sits at the sender.
import { TcpFlag } from '../capture/packetTable';
import { openingSyn, type FlowTrace } from './flowTrace';

/** Per direction d: seconds between a packet of the other direction and d's reaction, ≤ the RTT. */
export type ResponseLag = [number, number];

/** Rows the handshake is looked for in. */
const HANDSHAKE_ROWS = 10;

/** Measured once per trace; window-full and send-buffer detection both ask. */
export function responseLag(tr: FlowTrace): ResponseLag {
  return (tr.memo.responseLag ??= measure(tr));
}

function measure(tr: FlowTrace): ResponseLag {
  const rtt = tr.rtt;
  const clamp = (x: number) => Math.min(rtt, Math.max(0, x));
  if (tr.flow.proto !== 'tcp') return [0, 0];
  // The handshake is the cleanest sample: the SYN-ACK answers the SYN at once, and the ACK
  // answers the SYN-ACK at once (no delayed ACK applies to it).
  // Only the first rows are looked at: a handshake is at the start of a flow or not captured.
  const head = Math.min(tr.n, HANDSHAKE_ROWS);
  const synK = openingSyn(tr, head);
  let synAckK = -1;
  for (let k = synK + 1; synK >= 0 && k < head; k++) {
    const f = tr.flags[k];
    if (f & TcpFlag.Syn && f & TcpFlag.Ack && tr.dir[k] !== tr.dir[synK]) synAckK = k;
    else if (synAckK >= 0 && tr.dir[k] === tr.dir[synK] && f & TcpFlag.Ack && !(f & (TcpFlag.Syn | TcpFlag.Rst))) {
      const lag: ResponseLag = [0, 0];
      lag[tr.dir[synAckK]] = clamp(tr.t[synAckK] - tr.t[synK]);
      lag[tr.dir[k]] = clamp(tr.t[k] - tr.t[synAckK]);
      return lag;
    }
  }
  // Otherwise the fastest ACK of a segment's end, per acknowledging direction. ACKs may be
  // delayed, so only the minimum says how far the acknowledger is from the capture.
  const best = [Infinity, Infinity];
  const lastEnd = [-1, -1];
  const lastEndT = [0, 0];
  for (let k = 0; k < tr.n; k++) {
    const d = tr.dir[k];
    const o = 1 - d;
    if (tr.len[k] > 0 && !tr.retrans[k] && !tr.probe[k]) {
      lastEnd[d] = tr.seq[k] + tr.len[k];
      lastEndT[d] = tr.t[k];
    }
    if (tr.flags[k] & TcpFlag.Ack && lastEnd[o] >= 0 && tr.ack[k] === lastEnd[o]) {
      best[d] = Math.min(best[d], tr.t[k] - lastEndT[o]);
      lastEnd[o] = -1;
    }
  }
  return [Number.isFinite(best[0]) ? clamp(best[0]) : 0, Number.isFinite(best[1]) ? clamp(best[1]) : 0];
}
