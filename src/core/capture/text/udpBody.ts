// UDP bodies: `UDP, length 12` (4.x), `UDP, length: 12` (some 3.9 builds), and lines where an
// application decoder replaced the body (DNS `22836+ A? www.tcpdump.org. (56)`, `NTPv4, …,
// length 48`). For decoded bodies the payload length is taken from the decoder's own trailer when
// it prints one, else left 0.
import { CH_LPAREN, CH_RPAREN, LineScan, ascii, isDigit } from './lineScan';

const UDP_LENGTH = ascii('UDP, length ');
const UDP_LENGTH_COLON = ascii('UDP, length: ');
const LENGTH = ascii('length ');

/** Transports other than UDP whose lines also show ports. */
const PORTED_NON_UDP = ['sctp', 'SCTP', 'DCCP', 'dccp', 'UDP-Lite', 'udplite'].map(ascii);

export function isPortedNonUdp(s: LineScan): boolean {
  for (const t of PORTED_NON_UDP) if (s.matchesAt(s.pos, t)) return true;
  return false;
}

/**
 * Payload length of a UDP body at the cursor, or -1 when it is not `UDP, length N`. With
 * `decoded`, the body is an application decoder's and its trailing `(N)` or `length N` is used.
 */
export function readUdpLength(s: LineScan, decoded = false): number {
  const start = s.pos;
  if ((s.eatWord(UDP_LENGTH) || s.eatWord(UDP_LENGTH_COLON)) && s.uint()) return s.num;
  s.pos = start;
  if (!decoded) return -1;
  const b = s.buf;
  // DNS and others end with `(N)`.
  if (s.end - start >= 3 && b[s.end - 1] === CH_RPAREN) {
    let p = s.end - 2;
    while (p > start && isDigit(b[p])) p--;
    if (b[p] === CH_LPAREN && p < s.end - 2) {
      s.pos = p + 1;
      if (s.uint()) return s.num;
    }
  }
  // Else the last `length N` at the end of the line.
  let p = s.end - 1;
  while (p > start && isDigit(b[p])) p--;
  if (p < s.end - 1 && p - LENGTH.length + 1 >= start && s.matchesAt(p - LENGTH.length + 1, LENGTH)) {
    s.pos = p + 1;
    if (s.uint()) return s.num;
  }
  s.pos = start;
  return -1;
}
