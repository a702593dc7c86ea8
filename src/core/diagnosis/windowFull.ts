// window_full: the sender keeps filling the window its peer advertises (tcp_write_xmit stops at
// tcp_snd_wnd_test), so the receiver's reading pace, not the network, sets the throughput.
import { TcpFlag } from '../capture/packetTable';
import type { Finding } from './finding';
import { endpointOf, frameOf, LINUX_RTO_MIN_S, senderSide, type FlowTrace } from './flowTrace';
import { makeFinding, round } from './makeFinding';
import { responseLag } from './responseLag';

export interface WindowFullEpisode {
  senderDir: number;
  /** Flow rows of the segments that filled the window. */
  full: number[];
  firstK: number;
  lastK: number;
  start: number;
  end: number;
  /** New payload bytes the sender and its peer sent between the first and last full segment. */
  senderBytes: number;
  peerBytes: number;
  /** Largest and median window the peer advertised during the episode. */
  maxWindow: number;
  medianWindow: number;
  /** Zero-window advertisements by the peer inside the episode. */
  zeroAds: number;
  /** The sender's FIN row when the episode ran into the sender's close, else -1. */
  finK: number;
}

/** Segments that fill the window this many round trips apart still belong to one episode. */
const GAP_RTTS = 20;

/** Three detectors read the same flow's episodes: they are found once per trace. Callers must not change them. */
export function windowFullEpisodes(tr: FlowTrace): WindowFullEpisode[] {
  return (tr.memo.windowFullEpisodes ??= findWindowFullEpisodes(tr));
}

/** Only this share of the sender's lag is looked back, so capture-time jitter errs toward the newer window. */
const LAG_SHARE = 0.8;

/**
 * The rows of sender s's new data segments that reach the right edge of the window the sender
 * knew when it sent them: the peer's latest advertisement that had reached the sender. Next to
 * the sender that is the latest one in the capture; next to the receiver, one from a round trip
 * earlier, since the receiver has moved its window on by the time the segment arrives.
 * Full segments close together make one episode; a pause in which the peer's window sat at zero
 * continues it too: the window was still full. `breaks` gets the index in `full` of each
 * episode's first row but the first. A loop of its own with nothing after it, so V8 optimises it
 * once (see flowTrace).
 */
function fillingRows(tr: FlowTrace, s: number, lookBack: number, maxGap: number, full: number[], breaks: number[]): void {
  const { n, t, dir, flags, seq, ack, len, win, retrans, probe } = tr;
  const CONTROL = TcpFlag.Syn | TcpFlag.Fin | TcpFlag.Rst;
  let j = 0; // next row to consider as the peer's advertisement
  let edge = -1;
  let peerZero = false;
  for (let k = 0; k < n; k++) {
    if (dir[k] !== s) {
      if (win[k] === 0 && flags[k] & TcpFlag.Ack && !(flags[k] & (TcpFlag.Syn | TcpFlag.Rst))) peerZero = true;
      continue;
    }
    for (; j < k && t[j] <= t[k] - lookBack; j++) {
      if (dir[j] === s || !(flags[j] & TcpFlag.Ack) || flags[j] & (TcpFlag.Syn | TcpFlag.Rst)) continue;
      edge = ack[j] + win[j];
    }
    if (edge < 0 || len[k] === 0 || flags[k] & CONTROL || retrans[k] || probe[k]) continue;
    if (seq[k] + len[k] < edge) continue;
    if (full.length && t[k] - t[full[full.length - 1]] > maxGap && !peerZero) breaks.push(full.length);
    full.push(k);
    peerZero = false;
  }
}

function findWindowFullEpisodes(tr: FlowTrace): WindowFullEpisode[] {
  if (tr.flow.proto !== 'tcp' || tr.has.newDataSegments[0] + tr.has.newDataSegments[1] === 0) return [];
  const out: WindowFullEpisode[] = [];
  const lag = responseLag(tr);
  const maxGap = Math.max(GAP_RTTS * tr.rtt, LINUX_RTO_MIN_S);
  for (let s = 0; s < 2; s++) {
    // Only new data can fill the window.
    if (tr.has.newDataSegments[s] === 0) continue;
    const full: number[] = [];
    const breaks: number[] = [];
    fillingRows(tr, s, lag[s] * LAG_SHARE, maxGap, full, breaks);
    if (full.length === 0) continue;
    if (breaks.length === 0) {
      out.push(summarise(tr, s, full));
      continue;
    }
    breaks.push(full.length);
    let first = 0;
    for (const end of breaks) {
      out.push(summarise(tr, s, full.slice(first, end)));
      first = end;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

const WIN_SCRATCH = new Float64Array(1024);

function summarise(tr: FlowTrace, s: number, full: number[]): WindowFullEpisode {
  const firstK = full[0];
  const lastK = full[full.length - 1];
  let senderBytes = 0;
  let peerBytes = 0;
  let zeroAds = 0;
  // A typed array sorts numbers without a comparator call per step (an episode can span a
  // million ACKs). The windows are not kept, so short episodes (most of them) share one.
  const span = lastK - firstK + 1;
  const wins = span <= WIN_SCRATCH.length ? WIN_SCRATCH : new Float64Array(span);
  let m = 0;
  for (let k = firstK; k <= lastK; k++) {
    const newData = tr.len[k] > 0 && !tr.retrans[k] && !tr.probe[k] ? tr.len[k] : 0;
    if (tr.dir[k] === s) senderBytes += newData;
    else {
      peerBytes += newData;
      if (tr.flags[k] & TcpFlag.Ack) {
        wins[m++] = tr.win[k];
        if (tr.win[k] === 0) zeroAds++;
      }
    }
  }
  // The sender's FIN soon after the last full segment: the episode was the queue draining at close.
  let finK = -1;
  const horizon = tr.t[lastK] + Math.max(GAP_RTTS * tr.rtt, LINUX_RTO_MIN_S);
  for (let k = lastK; k < tr.n && tr.t[k] <= horizon; k++) {
    if (tr.dir[k] === s && tr.flags[k] & TcpFlag.Fin) {
      finK = k;
      break;
    }
  }
  const sorted = wins.subarray(0, m).sort();
  return {
    senderDir: s,
    full,
    firstK,
    lastK,
    start: tr.t[firstK],
    end: tr.t[lastK],
    senderBytes,
    peerBytes,
    maxWindow: sorted.length ? sorted[sorted.length - 1] : 0,
    medianWindow: sorted.length ? sorted[sorted.length >> 1] : 0,
    zeroAds,
    finK,
  };
}

/**
 * A sustained window-limited transfer to a pure receiver. When the receiver also sends (a
 * full-duplex flow), a full window mostly reflects an application that alternates between
 * writing and reading, which is ordinary for such flows.
 */
export function isSustained(tr: FlowTrace, ep: WindowFullEpisode): boolean {
  const duration = ep.end - ep.start;
  const s = ep.senderDir;
  const pureReceiver = tr.newBytes[1 - s] <= Math.max(2 * tr.mss[s], tr.newBytes[s] * 0.01);
  return ep.full.length >= 10 && duration >= 10 * tr.rtt && pureReceiver;
}

export function detectWindowFull(tr: FlowTrace): Finding[] {
  const findings: Finding[] = [];
  for (const ep of windowFullEpisodes(tr)) {
    const duration = ep.end - ep.start;
    if (ep.full.length < 4 || duration < 4 * tr.rtt) continue;
    const sustained = isSustained(tr, ep);
    const sender = endpointOf(tr, ep.senderDir);
    const receiver = endpointOf(tr, 1 - ep.senderDir);
    findings.push(
      makeFinding(tr, {
        stage: 'window_full',
        side: senderSide(ep.senderDir),
        start: ep.start,
        end: ep.end,
        frames: ep.full.map((k) => frameOf(tr, k)),
        confidence: sustained ? 'medium' : 'low',
        text: {
          stage: 'window_full',
          sender,
          receiver,
          times: ep.full.length,
          durationS: duration,
          medianWindow: Math.round(ep.medianWindow),
          maxWindow: Math.round(ep.maxWindow),
          sustained,
        },
        facts: {
          durationS: round(duration, 3),
          windowFullSegments: ep.full.length,
          bytesSent: ep.senderBytes,
          medianWindowBytes: Math.round(ep.medianWindow),
          maxWindowBytes: Math.round(ep.maxWindow),
          zeroWindowAds: ep.zeroAds,
          peerBytes: ep.peerBytes,
        },
      }),
    );
  }
  return findings;
}
