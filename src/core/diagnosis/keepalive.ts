// keepalive: after the connection has been idle for the keep-alive time, tcp_keepalive_timer sends
// probes (tcp_write_wakeup: an empty segment at snd_una − 1, which the peer must ACK) every
// keep-alive interval. Answered probes keep an idle connection open; after the configured number
// of unanswered ones the kernel gives up: an active reset (RST|ACK at snd_nxt) and ETIMEDOUT.
import { TcpFlag } from '../capture/packetTable';
import type { Finding } from './finding';
import { endpointOf, frameOf, senderSide, type FlowTrace } from './flowTrace';
import { makeFinding, round } from './makeFinding';

/** Keep-alive times are set in whole seconds (TCP_KEEPIDLE/TCP_KEEPINTVL ≥ 1 s). */
const MIN_KEEPALIVE_IDLE_S = 1;

interface Probe {
  k: number;
  answerK: number;
}

export interface KeepaliveRun {
  proberDir: number;
  probes: Probe[];
  /** The prober's RST that ended the run (the timer giving up), else -1. */
  resetK: number;
}

/**
 * Runs of keep-alive probes per flow. A probe is an empty segment that nothing but a timer can
 * have sent: the connection idle for at least a keep-alive time, nothing of the prober's
 * unacknowledged, the peer's window open (else it is the persist timer's), and either the
 * probe's own sequence number snd_una − 1 or — where the record shows no sequence number for an
 * empty ACK, as tcpdump's text does not — an exact repeat of the prober's last ACK and window.
 */
export function keepaliveRuns(tr: FlowTrace): KeepaliveRun[] {
  // Found once per trace: the keep-alive and the RST-on-close detectors both ask.
  return (tr.memo.keepaliveRuns ??= findKeepaliveRuns(tr));
}

function findKeepaliveRuns(tr: FlowTrace): KeepaliveRun[] {
  if (tr.flow.proto !== 'tcp') return [];
  const idleMin = Math.max(MIN_KEEPALIVE_IDLE_S, 10 * tr.rtt);
  // Until a direction's first probe, lastT below is always the previous row's time (no row is
  // skipped before then), so a first probe needs two adjacent rows at least idleMin apart.
  if (!(tr.has.longestGap >= idleMin)) return [];
  const runs: KeepaliveRun[] = [];
  for (let p = 0; p < 2; p++) {
    const probes: Probe[] = [];
    let lastT = -Infinity; // last packet of the flow other than this direction's probes
    let peerWin = -1;
    let highest = 0;
    let una = -1;
    let ownAck = -1;
    let ownWin = -1;
    let pending: Probe | null = null;
    // A reset counts as the timer's only when it follows an unanswered probe.
    const flush = (resetK: number) => {
      if (!probes.length) return;
      const gaveUp = resetK >= 0 && probes[probes.length - 1].answerK < 0;
      runs.push({ proberDir: p, probes: probes.splice(0), resetK: gaveUp ? resetK : -1 });
    };
    for (let k = 0; k < tr.n; k++) {
      const f = tr.flags[k];
      if (tr.dir[k] === p) {
        const bare = tr.len[k] === 0 && f & TcpFlag.Ack && !(f & (TcpFlag.Syn | TcpFlag.Fin | TcpFlag.Rst));
        const repeat = bare && tr.seq[k] === highest && tr.ack[k] === ownAck && tr.win[k] === ownWin;
        const idleProbe =
          (tr.probe[k] || repeat) && peerWin > 0 && una >= highest && tr.t[k] - lastT >= idleMin && !(f & TcpFlag.Rst);
        if (idleProbe) {
          pending = { k, answerK: -1 };
          probes.push(pending);
          continue;
        }
        if (tr.len[k] > 0 || f & (TcpFlag.Fin | TcpFlag.Rst)) flush(f & TcpFlag.Rst ? k : -1);
        const end = tr.seq[k] + tr.len[k] + (f & (TcpFlag.Syn | TcpFlag.Fin) ? 1 : 0);
        if (end > highest) highest = end;
        if (f & TcpFlag.Ack) {
          ownAck = tr.ack[k];
          ownWin = tr.win[k];
        }
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
        if (tr.len[k] > 0 || f & (TcpFlag.Fin | TcpFlag.Rst)) flush(-1);
      }
      lastT = tr.t[k];
    }
    flush(-1);
  }
  return runs.sort((a, b) => a.probes[0].k - b.probes[0].k);
}

export function detectKeepalive(tr: FlowTrace): Finding[] {
  return keepaliveRuns(tr).map((run) => report(tr, run));
}

function report(tr: FlowTrace, run: KeepaliveRun): Finding {
  const p = run.proberDir;
  const probes = run.probes;
  const first = probes[0].k;
  const last = probes[probes.length - 1].k;
  const unanswered = probes.filter((x) => x.answerK < 0).length;
  const times = probes.map((x) => tr.t[x.k]);
  const intervals = times.slice(1).map((t, j) => round(t - times[j], 3));
  // After an answered probe the idle time starts over; the keep-alive interval shows after an unanswered one.
  const afterUnanswered = intervals.filter((_, j) => probes[j].answerK < 0);
  const interval = afterUnanswered.length ? afterUnanswered[0] : intervals[0];
  // The prober says nothing more, or only the reset with which its timer gave up.
  const ownLater = (() => {
    for (let k = last + 1; k < tr.n; k++) if (tr.dir[k] === p && k !== run.resetK) return true;
    return false;
  })();
  const dead = unanswered >= 2 && probes[probes.length - 1].answerK < 0 && !ownLater;
  let idle = 0;
  for (let k = first - 1; k >= 0; k--) {
    idle = tr.t[first] - tr.t[k];
    break;
  }
  const frames: number[] = [];
  if (run.resetK >= 0) frames.push(frameOf(tr, run.resetK));
  for (const x of probes) {
    frames.push(frameOf(tr, x.k));
    if (x.answerK >= 0) frames.push(frameOf(tr, x.answerK));
  }
  return makeFinding(tr, {
    stage: 'keepalive',
    side: senderSide(p),
    start: tr.t[first],
    end: tr.t[run.resetK >= 0 ? run.resetK : last],
    frames,
    confidence: unanswered >= 2 ? 'high' : 'medium',
    text: {
      stage: 'keepalive',
      prober: endpointOf(tr, p),
      probes: probes.length,
      idleS: idle,
      ...(interval !== undefined ? { intervalS: interval } : {}),
      unanswered,
      dropped: dead,
      reset: run.resetK >= 0,
    },
    facts: {
      probes: probes.length,
      unanswered,
      idleBeforeS: round(idle, 3),
      intervalsS: intervals,
      connectionDropped: dead,
      resetSent: run.resetK >= 0,
    },
  });
}
