// send_buffer_full: the sender's own buffer is the limit. In tcp_sendmsg_locked the check
// sk_stream_memory_free() fails, the writer goes to wait_for_sndbuf / wait_for_space and sleeps in
// sk_stream_wait_memory() (a blocking send()) or gets EAGAIN (non-blocking). The wire never shows
// the buffer, so this is inferred from what forces it to fill: data that cannot leave for many
// round trips (a closed window, an outage) while the sender plainly had more queued — it sends at
// once when the way opens — or a window-limited stream that never waits for its application and
// carries many buffers' worth of data.
import { TcpFlag } from '../capture/packetTable';
import type { Finding } from './finding';
import { endpointOf, frameOf, senderSide, type FlowTrace } from './flowTrace';
import { makeFinding, round } from './makeFinding';
import { responseLag } from './responseLag';
import type { SendBufferClue } from '../i18n/summaries/index';
import { isBackoff, nextNewDataRow, retransmissionRuns } from './rtoBackoff';
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
 * Linux sizes the send buffer for about twice the larger of the congestion window and the
 * initial window (tcp_sndbuf_expand), and a window-limited sender's congestion window does not
 * grow past what the peer's window lets out; a stream that carries this many such buffers' worth
 * was refilled by a writer that kept finding the buffer full, not written at once.
 */
const WINDOWS_PER_BUFFER_REFILL = 16;
/** Segments of Linux's initial congestion window (TCP_INIT_CWND): the least a send buffer is sized for. */
const INIT_CWND_SEGMENTS = 10;
/**
 * A writer blocked on a full buffer always has the next bytes ready: nearly every time the peer's
 * window opens by a segment, new data follows at once. An application-limited sender leaves
 * openings unused.
 */
const MIN_OPENINGS_USED = 0.8;

/**
 * The share of the peer's window openings (room for at least one more segment beyond what the
 * sender had sent) within the episode that the sender filled with new data as soon as it could.
 */
function openingsUsed(tr: FlowTrace, s: number, firstK: number, lastK: number, react: number): number {
  const newData = (j: number) => tr.dir[j] === s && tr.len[j] > 0 && !tr.retrans[j] && !tr.probe[j];
  // The sender's highest new-data end so far. A row that is neither retrans nor probe starts at or
  // past every end its direction sent before (flowTrace), so that is the end of its latest
  // new-data row: the episode's rows need not be walked from the start of the flow.
  let highest = 0;
  for (let k = firstK - 1; k >= 0; k--) {
    if (newData(k)) {
      highest = tr.seq[k] + tr.len[k];
      break;
    }
  }
  let opens = 0;
  let used = 0;
  let next = 0; // the sender's first new-data row after k; only moves forward
  for (let k = firstK; k <= lastK; k++) {
    if (tr.dir[k] === s) {
      if (newData(k)) highest = Math.max(highest, tr.seq[k] + tr.len[k]);
      continue;
    }
    if (!(tr.flags[k] & TcpFlag.Ack) || tr.flags[k] & (TcpFlag.Syn | TcpFlag.Rst)) continue;
    if (tr.ack[k] + tr.win[k] - highest < tr.mss[s]) continue;
    opens++;
    if (next <= k) next = k + 1;
    while (next < tr.n && !newData(next)) next++;
    if (next < tr.n && tr.t[next] - tr.t[k] <= react) used++;
  }
  return opens === 0 ? 1 : used / opens;
}

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

/**
 * The row where the path came back for a retransmission run that began at row firstK: the peer's
 * first ACK past what it had acknowledged before the run, at the latest the ACK that covered the
 * resent data (recoveredK).
 */
function pathBack(tr: FlowTrace, firstK: number, recoveredK: number): number {
  const s = tr.dir[firstK];
  let una = -1;
  for (let k = firstK - 1; k >= 0 && una < 0; k--) if (tr.dir[k] !== s && tr.flags[k] & TcpFlag.Ack) una = tr.ack[k];
  if (una < 0) return recoveredK;
  for (let k = firstK + 1; k < recoveredK; k++) {
    if (tr.dir[k] !== s && tr.flags[k] & TcpFlag.Ack && !(tr.flags[k] & TcpFlag.Rst) && tr.ack[k] > una) return k;
  }
  return recoveredK;
}

function collectSpans(tr: FlowTrace): Span[] {
  const spans: Span[] = [];
  // How soon a sender with data queued answers a reopening, as the capture sees it: its lag
  // behind the packet that reopened the way, plus slack for a busy host.
  const lag = responseLag(tr);
  const reactOf = (s: number) => lag[s] + 2 * tr.rtt + 0.002;

  for (const ep of zeroWindowEpisodes(tr)) {
    if (ep.updateK < 0 || !episodeMatters(tr, ep)) continue;
    const s = 1 - ep.receiverDir;
    const { bytes, firstK } = burstAfter(tr, s, ep.updateK, reactOf(s));
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
    const s = ep.senderDir;
    const ratio = ep.senderBytes / ep.maxWindow;
    const bufferUnit = Math.max(ep.maxWindow, INIT_CWND_SEGMENTS * tr.mss[s]);
    if (ep.senderBytes < WINDOWS_PER_BUFFER_REFILL * bufferUnit) continue;
    if (openingsUsed(tr, s, ep.firstK, ep.lastK, reactOf(s)) < MIN_OPENINGS_USED) continue;
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
    if (!isBackoff(tr, run) || run.recoveredK < 0) continue;
    const s = run.senderDir;
    const react = reactOf(s);
    // The path is back with the peer's first ACK that moves on; loss recovery may go on for a
    // while after it, and a sender with data queued sends new data alongside.
    const backK = pathBack(tr, run.retrans[0], run.recoveredK);
    const resumedK = nextNewDataRow(tr, s, backK + 1);
    // New data right after the path recovered: it had been waiting in the send buffer.
    if (resumedK < 0 || tr.t[resumedK] - tr.t[backK] > react + tr.rtt) continue;
    const { bytes } = burstAfter(tr, s, resumedK - 1, react);
    if (bytes < tr.mss[s]) continue;
    const frames = [run.retrans[0], backK, resumedK];
    if (run.originalK >= 0) frames.push(run.originalK);
    spans.push({
      senderDir: s,
      start: run.start,
      end: tr.t[resumedK],
      frames: frames.map((k) => frameOf(tr, k)),
      causes: ['outage'],
      clues: [{ kind: 'afterOutage', stuckS: tr.t[backK] - run.start, bytes }],
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
      text: { stage: 'send_buffer_full', who: endpointOf(tr, sp.senderDir), durationS: sp.end - sp.start, clues: sp.clues },
      facts: {
        durationS: round(sp.end - sp.start, 3),
        evidence: sp.causes.join(','),
        queuedBytesAtLeast: sp.queuedBytes,
      },
    }),
  );
}
