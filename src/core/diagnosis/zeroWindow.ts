// zero_window: the receiver's buffer is full because its application is not reading
// (__tcp_select_window offers 0). The sender's persist timer (tcp_probe_timer → tcp_send_probe0)
// then probes at backed-off intervals until a window update reopens the window.
import { TcpFlag } from '../capture/packetTable';
import type { Finding } from './finding';
import { endpointOf, frameOf, LINUX_RTO_MIN_S, senderSide, type FlowTrace } from './flowTrace';
import { makeFinding, round } from './makeFinding';

export interface ZeroWindowEpisode {
  /** Direction whose sender advertised the zero window (the receiver of the stalled data). */
  receiverDir: number;
  /** Flow rows: first zero advertisement, and the window update (-1 when it never reopened). */
  firstK: number;
  updateK: number;
  start: number;
  end: number;
  /** Rows of the sender's probes, and of the receiver's zero-window answers. */
  probes: number[];
  answers: number[];
}

const CONTROL = TcpFlag.Syn | TcpFlag.Fin | TcpFlag.Rst;

/** The zero-window and send-buffer detectors read the same flow's episodes: found once per trace. Callers must not change them. */
export function zeroWindowEpisodes(tr: FlowTrace): ZeroWindowEpisode[] {
  return (tr.memo.zeroWindowEpisodes ??= findZeroWindowEpisodes(tr));
}

function findZeroWindowEpisodes(tr: FlowTrace): ZeroWindowEpisode[] {
  // Every episode opens at an ACK advertising a zero window; without one nothing below is recorded.
  if (tr.flow.proto !== 'tcp' || !tr.has.zeroWindowAd) return [];
  const out: ZeroWindowEpisode[] = [];
  const open: (ZeroWindowEpisode | null)[] = [null, null];
  for (let k = 0; k < tr.n; k++) {
    const d = tr.dir[k];
    const f = tr.flags[k];
    const ep = open[d];
    if (!(f & TcpFlag.Ack) || f & CONTROL) {
      if (f & TcpFlag.Rst && ep) {
        ep.end = tr.t[k];
        out.push(ep);
        open[d] = null;
      }
    } else if (tr.win[k] === 0) {
      if (!ep) {
        open[d] = { receiverDir: d, firstK: k, updateK: -1, start: tr.t[k], end: tr.t[k], probes: [], answers: [] };
      } else {
        ep.answers.push(k);
        ep.end = tr.t[k];
      }
    } else if (ep) {
      ep.updateK = k;
      ep.end = tr.t[k];
      out.push(ep);
      open[d] = null;
    }
    // Probes travel the other way: the sender of data keeps asking the zero-window receiver.
    const peerEp = open[1 - d];
    if (peerEp && (tr.probe[k] || (tr.len[k] === 1 && !tr.retrans[k]))) peerEp.probes.push(k);
  }
  for (const ep of open) {
    if (ep) {
      ep.end = tr.t[tr.n - 1];
      out.push(ep);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** How long an episode must last to have held the sender at all: more than a round trip. */
export function episodeMatters(tr: FlowTrace, ep: ZeroWindowEpisode): boolean {
  return ep.probes.length > 0 || ep.end - ep.start >= 2.5 * tr.rtt;
}

export function detectZeroWindow(tr: FlowTrace): Finding[] {
  const findings: Finding[] = [];
  for (const ep of zeroWindowEpisodes(tr)) {
    if (!episodeMatters(tr, ep)) continue;
    const duration = ep.end - ep.start;
    const strong = ep.probes.length > 0 || duration >= Math.max(LINUX_RTO_MIN_S, 5 * tr.rtt);
    const probeTimes = ep.probes.map((k) => tr.t[k]);
    const intervals = probeTimes.slice(1).map((x, j) => round(x - probeTimes[j]));
    const answered = new Set<number>();
    for (const p of ep.probes) {
      const a = ep.answers.find((k) => k > p && (ep.updateK < 0 || k <= ep.updateK));
      if (a !== undefined && !answered.has(a)) answered.add(a);
    }
    const unanswered = Math.max(0, ep.probes.length - answered.size);
    const who = endpointOf(tr, ep.receiverDir);
    const frames = [ep.firstK, ...ep.probes, ...ep.answers];
    if (ep.updateK >= 0) frames.push(ep.updateK);
    findings.push(
      makeFinding(tr, {
        stage: 'zero_window',
        side: senderSide(ep.receiverDir),
        start: ep.start,
        end: ep.end,
        frames: frames.map((k) => frameOf(tr, k)),
        confidence: strong ? 'high' : 'medium',
        text: {
          stage: 'zero_window',
          who,
          durationS: duration,
          probes: ep.probes.length,
          intervalsS: intervals,
          unanswered,
          ...(ep.updateK >= 0 ? { updateFrame: frameOf(tr, ep.updateK) } : {}),
        },
        facts: {
          durationS: round(duration, 3),
          probes: ep.probes.length,
          probeIntervalsS: intervals,
          unansweredProbes: unanswered,
          reopened: ep.updateK >= 0,
          rttS: round(tr.rtt),
        },
      }),
    );
  }
  return findings;
}
