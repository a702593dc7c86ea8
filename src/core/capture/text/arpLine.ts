// ARP lines: `ARP, Request who-has 10.0.0.1 tell 10.0.0.2, length 28`, `ARP, Reply 10.0.0.1
// is-at 00:11:22:33:44:55, length 28`, and the 3.x spelling `arp who-has … tell …`. The row's
// src is the sender's protocol address and dst the address asked about.
import { CH_COMMA, CH_SPACE, LineScan, ascii } from './lineScan';

export const ARP_TAG = ascii('ARP, ');
export const OLD_ARP_TAG = ascii('arp ');
const REQUEST = ascii('Request ');
const REPLY = ascii('Reply ');
const WHO_HAS = ascii('who-has ');
const TELL = ascii(' tell ');
const OLD_REPLY = ascii('reply ');

/** Token end: the next space or comma. */
function tokenEnd(s: LineScan, from: number): number {
  let p = from;
  while (p < s.end && s.buf[p] !== CH_SPACE && s.buf[p] !== CH_COMMA) p++;
  return p;
}

export class ArpLine {
  /** Byte ranges of the sender and target addresses, -1 when absent. */
  senderStart = -1;
  senderEnd = -1;
  targetStart = -1;
  targetEnd = -1;

  /** Reads the ARP body at the cursor (after the tag, or after a -e header). */
  read(s: LineScan): void {
    this.senderStart = this.targetStart = -1;
    s.eatWord(REQUEST);
    if (s.eatWord(REPLY) || s.eatWord(OLD_REPLY)) {
      this.senderStart = s.pos;
      this.senderEnd = tokenEnd(s, s.pos);
      return;
    }
    if (!s.eatWord(WHO_HAS)) return;
    this.targetStart = s.pos;
    this.targetEnd = tokenEnd(s, s.pos);
    const tell = s.find(TELL, this.targetEnd);
    if (tell < 0) return;
    this.senderStart = tell + TELL.length;
    this.senderEnd = tokenEnd(s, this.senderStart);
  }
}
