// What tcpdump prints before the network layer: the `-i any` interface/direction prefix of 4.99
// (`lo    In  `, `eth0  Out `), and the -e link header (`MAC > MAC, ethertype IPv4 (0x0800),
// length 74: `, Linux cooked `ifindex 1 … ethertype …`, DLT_NULL `AF IPv4 (2), length 52: `,
// 802.1Q/QinQ `vlan 10, p 0, ethertype IPv4 (0x0800), `). With -e the IP/IP6 tag is dropped, so
// the ethertype names the network layer.
import { CH_COLON, CH_COMMA, CH_LPAREN, CH_RPAREN, CH_SPACE, LineScan, ascii } from './lineScan';

export const enum NetKind {
  /** Not said by a link header: the tag that follows decides. */
  Unknown = 0,
  Ipv4 = 1,
  Ipv6 = 2,
  Arp = 3,
  /** A link header naming something other than IP or ARP. */
  Other = 4,
}

const DIRECTIONS = ['In ', 'Out', 'B  ', 'M  ', 'P  ', 'In', 'B', 'M', 'P'].map(ascii);
const IFINDEX = ascii('ifindex ');
const ETHERTYPE = ascii('ethertype ');
const AF = ascii('AF ');
const LENGTH = ascii(', length ');
const VLAN = ascii('vlan ');
const NAME_IPV4 = ascii('IPv4');
const NAME_IPV6 = ascii('IPv6');
const NAME_ARP = ascii('ARP');

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

/** Skips `ifname dir ` (the -i any prefix); cursor unchanged when it is not there. */
export function skipInterfacePrefix(s: LineScan): void {
  const start = s.pos;
  const space = s.findByte(CH_SPACE);
  if (space <= start) return;
  let p = space;
  while (p < s.end && s.buf[p] === CH_SPACE) p++;
  for (const dir of DIRECTIONS) {
    if (s.matchesAt(p, dir) && s.buf[p + dir.length] === CH_SPACE) {
      s.pos = p + dir.length;
      s.skipSpaces();
      return;
    }
  }
}

/** Whether a -e link header starts at the cursor. */
export function atLinkHeader(s: LineScan): boolean {
  const b = s.buf;
  const p = s.pos;
  if (p + 3 <= s.end && isHex(b[p]) && isHex(b[p + 1]) && b[p + 2] === CH_COLON) return true;
  if (s.matchesAt(p, IFINDEX) || s.matchesAt(p, ETHERTYPE) || s.matchesAt(p, AF)) return true;
  // Linux cooked v1 with -e: the packet type comes first (`Out ethertype IPv4 …`).
  for (const dir of DIRECTIONS) {
    if (!s.matchesAt(p, dir)) continue;
    let q = p + dir.length;
    while (q < s.end && b[q] === CH_SPACE) q++;
    if (s.matchesAt(q, ETHERTYPE)) return true;
  }
  return false;
}

/** Name after `ethertype ` / `AF ` at `at`. */
function kindAt(s: LineScan, at: number): NetKind {
  if (s.matchesAt(at, NAME_IPV4)) return NetKind.Ipv4;
  if (s.matchesAt(at, NAME_IPV6)) return NetKind.Ipv6;
  if (s.matchesAt(at, NAME_ARP)) return NetKind.Arp;
  return NetKind.Other;
}

export class LinkHeader {
  kind = NetKind.Unknown;
  /** Frame length from `length N:`, 0 when not printed. */
  wireLen = 0;

  /**
   * Reads the -e header at the cursor up to the network payload. Returns false when the header
   * is not complete on this line.
   */
  read(s: LineScan): boolean {
    this.kind = NetKind.Unknown;
    this.wireLen = 0;
    const lengthAt = s.find(LENGTH);
    if (lengthAt < 0) return false;
    let kind = NetKind.Other;
    const ether = s.find(ETHERTYPE, s.pos, lengthAt);
    if (ether >= 0) kind = kindAt(s, ether + ETHERTYPE.length);
    else if (s.matchesAt(s.pos, AF)) kind = kindAt(s, s.pos + AF.length);
    s.pos = lengthAt + LENGTH.length;
    if (!s.uint() || !s.eat(CH_COLON)) return false;
    this.wireLen = s.num;
    s.skipSpaces();
    // VLAN tags: each names the next ethertype.
    while (s.eatWord(VLAN)) {
      const next = s.find(ETHERTYPE);
      if (next < 0) return false;
      kind = kindAt(s, next + ETHERTYPE.length);
      s.pos = next + ETHERTYPE.length;
      const comma = s.findByte(CH_COMMA);
      const paren = s.findByte(CH_LPAREN);
      if (paren >= 0 && (comma < 0 || paren < comma)) {
        s.pos = paren + 1;
        if (!s.skipBalanced(CH_LPAREN, CH_RPAREN)) return false;
        if (!s.eat(CH_COMMA)) return false;
      } else if (comma >= 0) {
        s.pos = comma + 1;
      } else {
        return false;
      }
      s.skipSpaces();
    }
    this.kind = kind;
    return true;
  }
}
