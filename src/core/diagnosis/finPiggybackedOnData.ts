// fin_piggybacked_on_data: close() returned long ago, but the FIN leaves only now, on the last data
// segment of a queue that was still draining (tcp_send_fin sets FIN on the write queue's tail skb).
// On its own a FIN that carries data is ordinary; it matters when a small window made the queue
// drain slowly, so the peer sees the end of the stream well after the application finished.
import { TcpFlag } from '../capture/packetTable';
import type { Finding } from './finding';
import { endpointOf, frameOf, senderSide, type FlowTrace } from './flowTrace';
import { makeFinding, round } from './makeFinding';
import { windowFullEpisodes } from './windowFull';

/** A drain counts as slow when the window it squeezed through held at most this many segments. */
const SMALL_WINDOW_SEGMENTS = 4;
/** ... and lasted at least this many round trips. */
const MIN_DRAIN_RTTS = 10;

export function detectFinPiggybackedOnData(tr: FlowTrace): Finding[] {
  // The scan below looks only at FINs carrying data that are not retransmissions.
  if (tr.flow.proto !== 'tcp' || !tr.has.finWithData) return [];
  const findings: Finding[] = [];
  const episodes = windowFullEpisodes(tr);
  for (let k = 0; k < tr.n; k++) {
    if (!(tr.flags[k] & TcpFlag.Fin) || tr.len[k] === 0 || tr.retrans[k]) continue;
    const s = tr.dir[k];
    const drain = episodes.find((ep) => ep.senderDir === s && ep.finK === k);
    const drainS = drain ? tr.t[k] - drain.start : 0;
    const slow =
      drain !== undefined &&
      drainS >= MIN_DRAIN_RTTS * tr.rtt &&
      drain.full.length >= 4 &&
      drain.medianWindow <= SMALL_WINDOW_SEGMENTS * tr.mss[s];
    // A FIN on the last data of a queue that drained briskly is an ordinary teardown.
    if (!slow || !drain) continue;
    const frames = [k, drain.firstK, drain.lastK];
    findings.push(
      makeFinding(tr, {
        stage: 'fin_piggybacked_on_data',
        side: senderSide(s),
        start: tr.t[k],
        end: tr.t[k],
        frames: frames.map((j) => frameOf(tr, j)),
        confidence: 'medium',
        text: { stage: 'fin_piggybacked_on_data', closer: endpointOf(tr, s), finBytes: tr.len[k], drainS, windowBytes: Math.round(drain.medianWindow) },
        facts: {
          finPayloadBytes: tr.len[k],
          drainS: round(drainS, 3),
          drainWindowBytes: Math.round(drain.medianWindow),
        },
      }),
    );
  }
  return findings;
}
