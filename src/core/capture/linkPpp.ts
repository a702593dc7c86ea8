// PPP frames (LINKTYPE_PPP, PPPoE sessions, PPTP's GRE): optional HDLC address/control bytes,
// then a protocol number that says which network layer follows (RFC 1661, RFC 1662).
import type { FrameDecoder } from './frameDecoder';
import { Proto } from './packetTable';
import { decodeIpv4 } from './decodeIpv4';
import { decodeIpv6 } from './decodeIpv6';

const HDLC_ALL_STATIONS = 0xff;
const HDLC_UI = 0x03;
const PPP_IPV4 = 0x0021;
const PPP_IPV6 = 0x0057;

export function decodePpp(d: FrameDecoder, off: number, end: number): void {
  const b = d.bytes;
  if (end - off >= 2 && b[off] === HDLC_ALL_STATIONS && b[off + 1] === HDLC_UI) off += 2;
  if (end - off < 1) {
    d.truncatedHeader('PPP header', off);
    return;
  }
  // Protocol-field compression (RFC 1661 §6.5): an odd first byte is a one-byte protocol.
  let protocol: number;
  if (b[off] & 1) {
    protocol = b[off];
    off += 1;
  } else {
    if (end - off < 2) {
      d.truncatedHeader('PPP protocol field', off);
      return;
    }
    protocol = (b[off] << 8) | b[off + 1];
    off += 2;
  }
  if (protocol === PPP_IPV4) decodeIpv4(d, off, end);
  else if (protocol === PPP_IPV6) decodeIpv6(d, off, end);
  else d.cols.proto[d.row] = Proto.Other;
}
