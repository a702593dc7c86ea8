// The network-layer part of a line: the `IP`/`IP6` tag, the parenthesised header summary of -v
// (`(tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 60)`), and the notices
// tcpdump puts before the addresses of a damaged header.
import { CH_LPAREN, CH_RPAREN, CH_SPACE, LineScan, ascii } from './lineScan';

export const IP_TAG = ascii('IP ');
export const IP6_TAG = ascii('IP6 ');
const TRUNCATED_IP = ascii('truncated-ip');
const BANG_SPACE = ascii('! ');

export const enum VerboseHeader {
  /** No `(…)` block. */
  Absent = 0,
  /** The block was read and the addresses follow on this line (3.x -v, IPv6 -v). */
  Inline = 1,
  /** The block ends the line: the addresses are on the next, indented line (4.x IPv4 -v). */
  LineEnds = 2,
  /** The block is not closed. */
  Broken = 3,
}

/** Skips the -v header summary at the cursor, if any. */
export function skipVerboseHeader(s: LineScan): VerboseHeader {
  if (!s.eat(CH_LPAREN)) return VerboseHeader.Absent;
  if (!s.skipBalanced(CH_LPAREN, CH_RPAREN)) return VerboseHeader.Broken;
  s.skipSpaces();
  return s.atEnd() ? VerboseHeader.LineEnds : VerboseHeader.Inline;
}

/** Skips `truncated-ip - 1 bytes missing! ` and its IPv6 twin. */
export function skipDamageNotice(s: LineScan): void {
  if (!s.matchesAt(s.pos, TRUNCATED_IP)) return;
  const bang = s.find(BANG_SPACE);
  if (bang >= 0) s.pos = bang + 2;
  while (s.peek() === CH_SPACE) s.pos++;
}
