// send_buffer_full: the sender's own buffer is the limit. In tcp_sendmsg_locked the check
// sk_stream_memory_free() fails, the writer goes to wait_for_sndbuf / wait_for_space and sleeps in
// sk_stream_wait_memory() (a blocking send()) or gets EAGAIN (non-blocking). The wire never shows
// the buffer, so this is inferred from what forces it to fill: data that cannot leave for many
// round trips (a closed window, an outage) while the sender plainly had more queued — it sends at
// once when the way opens — or a window-limited stream carrying many buffers' worth of data.
import type { Finding } from './finding';
import { frameOf, senderSide, type FlowTrace } from './flowTrace';
import { makeFinding, round } from './makeFinding';
import type { SendBufferClue } from '../i18n/summaries/index';
import { isBackoff, retransmissionRuns } from './rtoBackoff';
import { isSustained, windowFullEpisodes } from './windowFull';
import { episodeMatters, zeroWindowEpisodes } from './zeroWindow';

type Cause = 'zero_window' | 'window_limited' | 'outage';

interface Span {
  senderDir: number;
  start: number;
  end: number;
  frames: number[];
  causes: Cause[];
  clues: SendBufferClue[];
  queuedBytes: number;
}

/**
 * Linux autotunes the send buffer to about twice the congestion window (tcp_sndbuf_expand), and
 * the window caps what is useful; a window-limited stream that carries this many windows' worth
 * of data was refilled by a writer that kept finding the buffer full.
 */
const WINDOWS_PER_BUFFER_REFILL = 16;

/** New bytes sender s put on the wire within `horizon` seconds after flow row k. */
function burstAfter(tr: FlowTrace, s: number, k: number, horizon: number): { bytes: number; firstK: number } {
  let bytes = 0;
  let firstK = -1;
  for (let j = k + 1; j < tr.n && tr.t[j] - tr.t[k] <= horizon; j++) {
    if (tr.dir[j] !== s || tr.len[j] === 0 || tr.retrans[j] || tr.probe[j]) continue;
    if (firstK < 0) firstK = j;
    bytes += tr.len[j];
  }
  return { bytes, firstK };
}

function collectSpans(tr: FlowTrace): Span[] {
  const spans: Span[] = [];
  const react = 2 * tr.rtt + 0.002;

  for (const ep of zeroWindowEpisodes(tr)) {
    if (ep.updateK < 0 || !episodeMatters(tr, ep)) continue;
    const s = 1 - ep.receiverDir;
    const { bytes, firstK } = burstAfter(tr, s, ep.updateK, react);
    if (firstK < 0 || bytes < tr.mss[s]) continue;
    spans.push({
      senderDir: s,
      start: ep.start,
      end: tr.t[firstK],
      frames: [ep.firstK, ep.updateK, firstK].map((k) => frameOf(tr, k)),
      causes: ['zero_window'],
      clues: [{ kind: 'burstAfterZeroWindow', bytes, withinS: tr.t[firstK] - tr.t[ep.updateK], zeroS: ep.end - ep.start }],
      queuedBytes: bytes,
    });
  }

  for (const ep of windowFullEpisodes(tr)) {
    if (!isSustained(tr, ep) || ep.maxWindow <= 0) continue;
    const ratio = ep.senderBytes / ep.maxWindow;
    if (ratio < WINDOWS_PER_BUFFER_REFILL) continue;
    spans.push({
      senderDir: ep.senderDir,
      start: ep.start,
      end: ep.end,
      frames: [ep.firstK, ep.lastK].map((k) => frameOf(tr, k)),
      causes: ['window_limited'],
      clues: [{ kind: 'windowLimited', durationS: ep.end - ep.start, bytes: ep.senderBytes, windows: Math.round(ratio) }],
      queuedBytes: Math.round(ep.maxWindow),
    });
  }

  for (const run of retransmissionRuns(tr)) {
    if (!isBackoff(tr, run) || run.recoveredK < 0 || run.resumedK < 0) continue;
    const s = run.senderDir;
    // New data right after the path recovered: it had been waiting in the send buffer.
    if (tr.t[run.resumedK] - tr.t[run.recoveredK] > react + tr.rtt) continue;
    const { bytes } = burstAfter(tr, s, run.resumedK - 1, react);
    if (bytes < tr.mss[s]) continue;
    const frames = [run.retrans[0], run.recoveredK, run.resumedK];
    if (run.originalK >= 0) frames.push(run.originalK);
    spans.push({
      senderDir: s,
      start: run.start,
      end: tr.t[run.resumedK],
      frames: frames.map((k) => frameOf(tr, k)),
      causes: ['outage'],
      clues: [{ kind: 'afterOutage', stuckS: tr.t[run.recoveredK] - run.start, bytes }],
      queuedBytes: bytes,
    });
  }
  return spans.sort((a, b) => a.start - b.start);
}

export function detectSendBufferFull(tr: FlowTrace): Finding[] {
  const merged: Span[] = [];
  const joinGap = Math.max(10 * tr.rtt, 0.05);
  for (const sp of collectSpans(tr)) {
    let prev: Span | undefined;
    for (const m of merged) if (m.senderDir === sp.senderDir) prev = m;
    if (prev && sp.start <= prev.end + joinGap) {
      prev.end = Math.max(prev.end, sp.end);
      prev.frames.push(...sp.frames);
      for (const c of sp.causes) if (!prev.causes.includes(c)) prev.causes.push(c);
      prev.clues.push(...sp.clues);
      prev.queuedBytes = Math.max(prev.queuedBytes, sp.queuedBytes);
    } else merged.push({ ...sp, frames: [...sp.frames], causes: [...sp.causes], clues: [...sp.clues] });
  }
  return merged.map((sp) =>
    makeFinding(tr, {
      stage: 'send_buffer_full',
      side: senderSide(sp.senderDir),
      start: sp.start,
      end: sp.end,
      frames: sp.frames,
      confidence: 'medium',
      text: { stage: 'send_buffer_full', who: tr.endpoint[sp.senderDir], durationS: sp.end - sp.start, clues: sp.clues },
      facts: {
        durationS: round(sp.end - sp.start, 3),
        evidence: sp.causes.join(','),
        queuedBytesAtLeast: sp.queuedBytes,
      },
    }),
  );
}
