// How a segment is labelled: tcpdump-style flag letters and Wireshark's analysis names.
import { ANALYSIS_FLAG_LABELS } from '../src/protocol';

const FLAG_LETTERS: [number, string][] = [
  [0x002, 'S'],
  [0x001, 'F'],
  [0x004, 'R'],
  [0x008, 'P'],
  [0x020, 'U'],
  [0x040, 'E'],
  [0x080, 'W'],
];

/** `S.`, `P.`, `R`, … as tcpdump prints them ('.' stands for ACK). */
export function flagLetters(flags: number): string {
  let s = '';
  for (const [bit, letter] of FLAG_LETTERS) if (flags & bit) s += letter;
  if (flags & 0x010) s += '.';
  return s || 'none';
}

/** The text above a ladder arrow, tcpdump-like: `[P.] 1:1449 ack 1 win 64512 len 1448`. */
export function segmentLabel(flags: number, seq: number, ack: number, win: number, len: number): string {
  // An ACK number is meaningful only with the ACK flag (a bare SYN carries garbage there).
  const ackText = flags & 0x010 ? ` ack ${ack}` : '';
  return len > 0
    ? `[${flagLetters(flags)}] ${seq}:${seq + len}${ackText} win ${win} len ${len}`
    : `[${flagLetters(flags)}] seq ${seq}${ackText} win ${win}`;
}

const FLAG_NAMES: [number, string][] = [
  [0x002, 'SYN'],
  [0x010, 'ACK'],
  [0x008, 'PSH'],
  [0x001, 'FIN'],
  [0x004, 'RST'],
  [0x020, 'URG'],
  [0x040, 'ECE'],
  [0x080, 'CWR'],
  [0x100, 'AE'],
];

export function flagNames(flags: number): string {
  const out: string[] = [];
  for (const [bit, name] of FLAG_NAMES) if (flags & bit) out.push(name);
  return out.join(' ') || 'none';
}

/** Short labels for the ladder's analysis column. */
const SHORT: Record<string, string> = {
  retransmission: 'Retransmission',
  fast_retransmission: 'Fast retransmission',
  spurious_retransmission: 'Spurious retransmission',
  out_of_order: 'Out of order',
  lost_segment: 'Previous segment lost',
  ack_lost_segment: 'ACKed unseen segment',
  duplicate_ack: 'Dup ACK',
  zero_window: 'Zero window',
  zero_window_probe: 'Zero window probe',
  zero_window_probe_ack: 'Zero window probe ACK',
  window_full: 'Window full',
  window_update: 'Window update',
  keep_alive: 'Keep-alive',
  keep_alive_ack: 'Keep-alive ACK',
  reused_ports: 'Reused ports',
};

export function analysisNames(bits: number): string[] {
  const out: string[] = [];
  for (let k = 0; k < ANALYSIS_FLAG_LABELS.length; k++) if (bits & (1 << k)) out.push(ANALYSIS_FLAG_LABELS[k]);
  return out;
}

export function analysisLabel(bits: number): string {
  return analysisNames(bits)
    .map((n) => SHORT[n] ?? n)
    .join(', ');
}

export const STAGE_SHORT: Record<string, string> = {
  connection_refused: 'refused',
  zero_window: 'zero window',
  window_full: 'window full',
  send_buffer_full: 'send buffer full',
  stalled_direction: 'stalled direction',
  rto_backoff: 'RTO backoff',
  connection_timeout: 'timeout',
  rst_on_close_unread_data: 'RST on close',
  fin_piggybacked_on_data: 'FIN on data',
  nagle_delayed_ack: 'Nagle + delayed ACK',
  keepalive: 'keep-alive',
  half_open_rst: 'half-open RST',
  udp_cork: 'UDP cork',
};
