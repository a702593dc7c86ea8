// Which colour and mark a segment gets: the most serious thing about it wins, so a
// retransmitted RST reads as an RST and a zero-window probe as a probe.
import { analysisBit as bit } from '../../src/protocol';
import type { Palette } from './palette';

const RETRANSMISSIONS = bit('retransmission') | bit('fast_retransmission') | bit('spurious_retransmission');
const ZERO_WINDOW = bit('zero_window') | bit('zero_window_probe') | bit('zero_window_probe_ack');
const WINDOW_FULL = bit('window_full');
const LOSS = bit('duplicate_ack') | bit('lost_segment') | bit('ack_lost_segment') | bit('out_of_order');
const KEEPALIVE = bit('keep_alive') | bit('keep_alive_ack');
const WINDOW_UPDATE = bit('window_update');

export const enum Mark {
  None = 0,
  Cross = 1,
  Dot = 2,
  Diamond = 3,
  Square = 4,
}

export interface SegmentStyle {
  color: string;
  /** Line width of the arrow. */
  width: number;
  mark: Mark;
  /** Pure ACKs are drawn dashed so data stands out. */
  dashed: boolean;
}

const RST = 0x004;
const SYN = 0x002;
const FIN = 0x001;

export function segmentStyle(flags: number, analysis: number, len: number, p: Palette, out: SegmentStyle): SegmentStyle {
  out.width = 1.25;
  out.dashed = false;
  out.mark = Mark.None;
  if (flags & RST) {
    out.color = p.red;
    out.width = 2.5;
    out.mark = Mark.Cross;
  } else if (analysis & RETRANSMISSIONS) {
    out.color = p.red;
    out.width = 2;
    out.mark = Mark.Dot;
  } else if (analysis & ZERO_WINDOW) {
    out.color = p.orange;
    out.width = 2;
    out.mark = Mark.Diamond;
  } else if (analysis & WINDOW_FULL) {
    out.color = p.yellow;
    out.width = 1.75;
    out.mark = Mark.Square;
  } else if (analysis & LOSS) {
    out.color = p.purple;
    out.width = 1.5;
    out.mark = Mark.Dot;
  } else if (analysis & KEEPALIVE) {
    out.color = p.blue;
    out.mark = Mark.Dot;
  } else if (analysis & WINDOW_UPDATE) {
    out.color = p.green;
    out.width = 1.75;
    out.mark = Mark.Square;
  } else if (flags & (SYN | FIN)) {
    out.color = p.blue;
    out.width = 1.75;
  } else if (len > 0) {
    out.color = p.foreground;
  } else {
    out.color = p.dim;
    out.dashed = !p.highContrast;
  }
  return out;
}
