// What each detector found, as plain figures and endpoint names: the facts a finding's one-line
// summary is rendered from, in whatever locale. Durations are seconds; endpoints are `addr:port`
// as printed (untrusted text from logs is only ever inserted, never interpreted).
import type { StageId } from '../../diagnosis/finding';

/** How an RTO backoff ended: ACKed again (maybe with new data after), or never in the capture. */
export type Recovery = { recovered: false } | { recovered: true; afterS: number; frame: number; resumedFrame?: number };

/**
 * A handshake segment resent by its retransmit timer: the client's SYN (connect() into a dead
 * path) or the server's SYN-ACK (the client's ACK never arrived).
 */
export interface HandshakeRetry {
  segment: 'SYN' | 'SYN-ACK';
  /** The endpoint the segment was sent to. */
  peer: string;
  /** Leading gaps at the initial interval before the doubling (Linux 6.6+ tcp_syn_linear_timeouts); 0 when none. */
  linearGaps: number;
  /** ICMP errors that quoted the SYN, and the frame of the first. */
  icmpErrors: number;
  icmpFrame?: number;
  /** An ICMP error came after the last SYN: a connecting Linux socket fails at once with it. */
  endedByIcmp: boolean;
}

/** One reason to believe a send buffer was full. */
export type SendBufferClue =
  | { kind: 'burstAfterZeroWindow'; bytes: number; withinS: number; zeroS: number }
  | { kind: 'windowLimited'; durationS: number; bytes: number; windows: number }
  | { kind: 'afterOutage'; stuckS: number; bytes: number };

export interface SummaryArgsOf {
  connection_refused: { refuser: string; caller: string; syns: number; waitS: number };
  zero_window: { who: string; durationS: number; probes: number; intervalsS: number[]; unanswered: number; updateFrame?: number };
  window_full: { sender: string; receiver: string; times: number; durationS: number; medianWindow: number; maxWindow: number; sustained: boolean };
  send_buffer_full: { who: string; durationS: number; clues: SendBufferClue[] };
  stalled_direction: {
    who: string;
    peer: string;
    durationS: number;
    until: { kind: 'captureEnd' } | { kind: 'frame'; frame: number } | { kind: 'peerClosed'; frame: number };
    minWindow: number;
    maxWindow: number;
    peerSegments: number;
    ownAcks: number;
    afterOutage: boolean;
  };
  rto_backoff:
    | { who: string; inferred: true; silenceS: number; recovery: Recovery }
    | { who: string; inferred: false; times: number; intervalsS: number[]; doubling: boolean; recovery: Recovery; handshake?: HandshakeRetry };
  connection_timeout: {
    who: string;
    retransmissions: number;
    spanS: number;
    /** Seconds the capture runs past the last retransmission, or when the next one was due. */
    after: { kind: 'captureRunsLonger'; s: number } | { kind: 'captureEndsFirst'; dueS: number };
    /** Set when the retransmissions were of the handshake: the attempt to connect timed out. */
    handshake?: HandshakeRetry;
  };
  rst_on_close_unread_data: { closer: string; peer: string; sinceS: number; unanswered: boolean };
  fin_piggybacked_on_data: { closer: string; finBytes: number; drainS: number; windowBytes: number };
  nagle_delayed_ack: { sender: string; peer: string; stalls: number; medianAckS: number; rttS: number; linuxPeer: boolean; medianStallS: number };
  keepalive: { prober: string; probes: number; idleS: number; intervalS?: number; unanswered: number; dropped: boolean; reset?: boolean };
  half_open_rst: { resetter: string; peer: string; segmentBytes: number; replyAfterS: number; silentBeforeS?: number };
  udp_cork: { sender: string; datagramBytes: number; parts: number[] };
}

/** A summary's facts tagged with their stage, as a finding carries them. */
export type SummaryArgs = { [K in StageId]: { stage: K } & SummaryArgsOf[K] }[StageId];

export type SummaryRenderers = { readonly [K in StageId]: (a: SummaryArgsOf[K]) => string };
