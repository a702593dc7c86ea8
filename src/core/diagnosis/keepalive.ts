// keepalive: after the connection has been idle for the keep-alive time, tcp_keepalive_timer sends
// probes (tcp_write_wakeup: an empty segment at snd_una − 1, which the peer must ACK) every
// keep-alive interval. Answered probes keep an idle connection open; after the configured number
// of unanswered ones the kernel drops it with ETIMEDOUT and no RST.
import { TcpFlag } from '../capture/packetTable';
import type { Finding } from './finding';
import { frameOf, senderSide, type FlowTrace } from './flowTrace';
import { makeFinding, round } from './makeFinding';

/** Keep-alive times are set in whole seconds (TCP_KEEPIDLE/TCP_KEEPINTVL ≥ 1 s). */
const MIN_KEEPALIVE_IDLE_S = 1;

interface Probe {
  k: number;
  answerK: number;
}

export function detectKeepalive(tr: FlowTrace): Finding[] {
  if (tr.flow.proto !== 'tcp') return [];
  const findings: Finding[] = [];
  const idleMin = Math.max(MIN_KEEPALIVE_IDLE_S, 10 * tr.rtt);
  for (let p = 0; p < 2; p++) {
    const probes: Probe[] = [];
    let lastT = -Infinity; // last packet of the flow other than this direction's probes
    let peerWin = -1;
    let highest = 0;
    let una = -1;
    let pending: Probe | null = null;
    const flush = () => {
      if (probes.length) findings.push(report(tr, p, probes.splice(0)));
    };
    for (let k = 0; k < tr.n; k++) {
      const f = tr.flags[k];
      if (tr.dir[k] === p) {
        const idleProbe =
          tr.probe[k] && peerWin > 0 && una >= highest && tr.t[k] - lastT >= idleMin && !(f & TcpFlag.Rst);
        if (idleProbe) {
          pending = { k, answerK: -1 };
          probes.push(pending);
          continue;
        }
        if (tr.len[k] > 0 || f & (TcpFlag.Fin | TcpFlag.Rst)) flush();
        const end = tr.seq[k] + tr.len[k] + (f & (TcpFlag.Syn | TcpFlag.Fin) ? 1 : 0);
        if (end > highest) highest = end;
      } else {
        if (f & TcpFlag.Ack) {
          peerWin = tr.win[k];
          if (tr.ack[k] > una) una = tr.ack[k];
        }
        if (pending && tr.len[k] === 0 && !(f & TcpFlag.Rst)) {
          pending.answerK = k;
          pending = null;
          // The answer to a probe does not end the idleness the next probe measures.
          continue;
        }
        if (tr.len[k] > 0 || f & (TcpFlag.Fin | TcpFlag.Rst)) flush();
      }
      lastT = tr.t[k];
    }
    flush();
  }
  return findings;
}

function report(tr: FlowTrace, p: number, probes: Probe[]): Finding {
  const first = probes[0].k;
  const last = probes[probes.length - 1].k;
  const unanswered = probes.filter((x) => x.answerK < 0).length;
  const times = probes.map((x) => tr.t[x.k]);
  const intervals = times.slice(1).map((t, j) => round(t - times[j], 3));
  const ownLater = (() => {
    for (let k = last + 1; k < tr.n; k++) if (tr.dir[k] === p) return true;
    return false;
  })();
  const dead = unanswered >= 2 && probes[probes.length - 1].answerK < 0 && !ownLater;
  let idle = 0;
  for (let k = first - 1; k >= 0; k--) {
    idle = tr.t[first] - tr.t[k];
    break;
  }
  const frames: number[] = [];
  for (const x of probes) {
    frames.push(frameOf(tr, x.k));
    if (x.answerK >= 0) frames.push(frameOf(tr, x.answerK));
  }
  return makeFinding(tr, {
    stage: 'keepalive',
    side: senderSide(p),
    start: tr.t[first],
    end: tr.t[last],
    frames,
    confidence: unanswered >= 2 ? 'high' : 'medium',
    text: {
      stage: 'keepalive',
      prober: tr.endpoint[p],
      probes: probes.length,
      idleS: idle,
      ...(intervals.length ? { intervalS: intervals[0] } : {}),
      unanswered,
      dropped: dead,
    },
    facts: {
      probes: probes.length,
      unanswered,
      idleBeforeS: round(idle, 3),
      intervalsS: intervals,
      connectionDropped: dead,
    },
  });
}
