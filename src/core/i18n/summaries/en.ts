// English finding summaries: the wording every test and the JSON contract were written against.
import { plural, seconds } from '../units';
import type { HandshakeRetry, Recovery, SendBufferClue, SummaryRenderers } from './args';

function recovery(r: Recovery): string {
  if (!r.recovered) return '; never ACKed in the capture';
  return (
    `; ACKed again ${seconds(r.afterS)} after the first transmission (frame ${r.frame})` +
    (r.resumedFrame !== undefined ? `, new data from frame ${r.resumedFrame}` : '')
  );
}

function clue(c: SendBufferClue): string {
  switch (c.kind) {
    case 'burstAfterZeroWindow':
      return `sent ${c.bytes} bytes within ${seconds(c.withinS)} of the window reopening after ${seconds(c.zeroS)} at zero`;
    case 'windowLimited':
      return `kept the window full for ${seconds(c.durationS)} and sent ${c.bytes} bytes, ${c.windows}× the largest window`;
    case 'afterOutage':
      return `had its data stuck behind an outage for ${seconds(c.stuckS)} and ${c.bytes} new bytes left as soon as the path recovered`;
  }
}

function intervals(xs: readonly number[]): string {
  return xs.map((x) => seconds(x)).join(', ');
}

function handshakeBackoff(who: string, h: HandshakeRetry, times: number, intervalsS: number[], doubling: boolean, r: Recovery): string {
  const shape =
    h.linearGaps > 0
      ? ` (${h.linearGaps} at the initial timeout${doubling ? ', then doubling' : ''}: a linear phase, tcp_syn_linear_timeouts)`
      : doubling
        ? ' (doubling: retransmit timer backoff)'
        : '';
  const head = `${who} resent its ${h.segment} to ${h.peer} ${plural(times, 'time')} at intervals ${intervals(intervalsS)}${shape}`;
  if (h.segment === 'SYN-ACK') {
    return (
      head +
      `: ${h.peer}'s ACK did not arrive` +
      (r.recovered ? `; the handshake was through ${seconds(r.afterS)} after the first SYN-ACK (frame ${r.frame})` : '; never acknowledged in the capture')
    );
  }
  if (r.recovered) return head + `; answered by frame ${r.frame}, ${seconds(r.afterS)} after the first SYN: connect() waited that long`;
  if (h.endedByIcmp)
    return (
      head +
      `; an ICMP error quoting the SYN (frame ${h.icmpFrame}) ended the attempt: connect() fails with it ` +
      `(EHOSTUNREACH, ENETUNREACH or ECONNREFUSED by its code)`
    );
  return (
    head +
    '; no SYN-ACK or RST in the capture' +
    (h.icmpErrors ? `; ${plural(h.icmpErrors, 'ICMP error')} quoted the SYN (the first in frame ${h.icmpFrame})` : '')
  );
}

export const SUMMARIES_EN: SummaryRenderers = {
  connection_refused: (a) =>
    `${a.refuser} refused the connection from ${a.caller}: ` +
    `${a.syns > 1 ? plural(a.syns, 'SYN') : 'the SYN was'} answered by RST after ${seconds(a.waitS)}`,
  zero_window: (a) =>
    `${a.who} advertised a zero window for ${seconds(a.durationS)}; ${plural(a.probes, 'persist probe')}` +
    (a.intervalsS.length ? ` at intervals ${a.intervalsS.map((x) => seconds(x)).join(', ')}` : '') +
    (a.unanswered ? ` (${a.unanswered} unanswered)` : '') +
    `; ${a.updateFrame !== undefined ? `reopened by the window update in frame ${a.updateFrame}` : 'still closed when the capture ends'}`,
  window_full: (a) =>
    `${a.sender} filled the window of ${a.receiver} ${plural(a.times, 'time')} over ${seconds(a.durationS)} ` +
    `(window ${a.medianWindow} bytes median, ${a.maxWindow} max)` +
    (a.sustained ? '; the receiver’s reading pace set the throughput' : '; data also flowed the other way'),
  send_buffer_full: (a) =>
    `${a.who}'s send buffer was most likely full for ${seconds(a.durationS)}: it ` +
    `${a.clues.map(clue).join('; it ')}. A blocking send() waited in sk_stream_wait_memory(), a non-blocking one got EAGAIN ` +
    `(inferred from the wire; the buffer itself is not visible)`,
  stalled_direction: (a) => {
    const until =
      a.until.kind === 'captureEnd'
        ? 'until the end of the capture'
        : a.until.kind === 'frame'
          ? `until frame ${a.until.frame}`
          : `until ${a.peer} closed in frame ${a.until.frame}`;
    return (
      `${a.who} sent no data for ${seconds(a.durationS)} (${until}) although all it had sent was ACKed and ${a.peer} ` +
      `kept its window open (${a.minWindow}–${a.maxWindow} bytes) and sent ${plural(a.peerSegments, 'data segment')}; ` +
      `${a.who} only ACKed (${plural(a.ownAcks, 'ACK')})` +
      (a.afterOutage
        ? '. It follows an outage: the signature of a lost write-space wake-up or a writer that gave up'
        : '. Its application may simply have had nothing to send')
    );
  },
  rto_backoff: (a) =>
    !a.inferred && a.handshake
      ? handshakeBackoff(a.who, a.handshake, a.times, a.intervalsS, a.doubling, a.recovery)
      : a.inferred
      ? `${a.who} resent old data after ${seconds(a.silenceS)} of silence: ` +
        `its earlier retransmissions were lost before the capture point (an outage)` +
        recovery(a.recovery)
      : `${a.who} retransmitted unACKed data ${plural(a.times, 'time')}; the head segment at intervals ` +
        `${a.intervalsS.map((x) => seconds(x)).join(', ')}` +
        (a.doubling ? ' (doubling: RTO backoff)' : '') +
        recovery(a.recovery),
  connection_timeout: (a) =>
    a.handshake
      ? `${a.who} gave up connecting to ${a.handshake.peer} after ${plural(a.retransmissions, 'unanswered SYN retransmission')} over ` +
        `${seconds(a.spanS)}: no SYN-ACK, no RST` +
        (a.after.kind === 'captureRunsLonger'
          ? ` although the capture runs ${seconds(a.after.s)} longer`
          : `; the capture ends before the next retransmission was due (${seconds(a.after.dueS)} later)`) +
        `; connect() fails with ETIMEDOUT once tcp_syn_retries (or TCP_SYNCNT) is spent` +
        (a.handshake.icmpErrors ? ', or with the ICMP error it recorded (EHOSTUNREACH, ENETUNREACH)' : '')
      : `${a.who} gave up after ${plural(a.retransmissions, 'unanswered retransmission')} over ` +
    `${seconds(a.spanS)}: no further segment, no RST` +
    (a.after.kind === 'captureRunsLonger'
      ? ` although the capture runs ${seconds(a.after.s)} longer`
      : `; the capture ends before the next retransmission was due (${seconds(a.after.dueS)} later)`),
  rst_on_close_unread_data: (a) =>
    `${a.closer} reset the connection (RST|ACK, no FIN) ${seconds(a.sinceS)} after ` +
    `${a.peer}'s last data` +
    (a.unanswered
      ? `, which it had ACKed but never answered: it closed with unread data (or with SO_LINGER 0)`
      : `; an abortive close (unread data or SO_LINGER 0)`),
  fin_piggybacked_on_data: (a) =>
    `${a.closer}'s FIN rode on its last ${a.finBytes}-byte data segment` +
    ` after ${seconds(a.drainS)} of draining its queue through a ${a.windowBytes}-byte window: ` +
    `the application's close() had returned while the data was still queued`,
  nagle_delayed_ack: (a) =>
    `${a.sender} held a small segment until ${a.peer}'s delayed ACK ${plural(a.stalls, 'time')}: ` +
    `ACK after ${seconds(a.medianAckS)} median (RTT ${seconds(a.rttS)}, ${a.linuxPeer ? 'a Linux-like ~40 ms' : 'a ~200 ms'} delayed-ACK timer), ` +
    `each exchange stalled ${seconds(a.medianStallS)}; TCP_NODELAY or writing the message in one call avoids it`,
  keepalive: (a) =>
    `${a.prober} sent ${plural(a.probes, 'keep-alive probe')} after ${seconds(a.idleS)} idle` +
    (a.intervalS !== undefined ? `, every ${seconds(a.intervalS)}` : '') +
    (a.unanswered ? `; ${a.unanswered} unanswered` : '; all answered') +
    (a.dropped ? `: the probes stop and the kernel gave up on the connection (ETIMEDOUT${a.reset ? ', and an RST to the peer' : ''})` : ''),
  half_open_rst: (a) =>
    `${a.resetter} answered ${a.peer}'s ${a.segmentBytes > 0 ? `${a.segmentBytes}-byte segment` : 'probe'} ` +
    `with a bare RST at its ACK number ${seconds(a.replyAfterS)} later: it no longer knew the connection` +
    (a.silentBeforeS !== undefined ? ` (it had been silent for ${seconds(a.silentBeforeS)})` : ' (nothing from it before in the capture)'),
  udp_cork: (a) =>
    `${a.sender} sent a ${a.datagramBytes}-byte datagram, the size of ${a.parts.length} of its other datagrams together ` +
    `(${a.parts.join(' + ')}): possibly several writes joined by MSG_MORE or UDP_CORK`,
};
