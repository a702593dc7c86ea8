// How a segment is labelled: tcpdump-style flag letters and Wireshark's analysis names.
import { ANALYSIS_FLAG_LABELS } from '../src/protocol';
import { EN, type MessageKey } from '../src/core/i18n/messages/en';
import { t } from './i18n';

function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(EN, key);
}

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

/** The short name of a stage on a flow's badge, in the page's language. */
export function stageShort(stage: string): string {
  const key = `webview.badge.${stage}`;
  return isMessageKey(key) ? t(key) : stage;
}

/** A flow's state word (refused, open, closed, reset), in the page's language. */
export function stateWord(state: string): string {
  const key = `webview.state.${state}`;
  return isMessageKey(key) ? t(key) : state;
}
