// ICMP (RFC 792) and ICMPv6 (RFC 4443) errors quote the start of the packet that caused them.
// When the quote is a TCP or UDP packet, the row names that flow (proto IcmpQuote), so the
// error can be shown beside the connection it concerns; other ICMP stays an IP row.
import type { FrameDecoder } from './frameDecoder';
import { Proto } from './packetTable';

const ICMP_HEADER_LEN = 8;
/** Destination unreachable, source quench, redirect, time exceeded, parameter problem. */
const ICMP_ERRORS = [3, 4, 5, 11, 12];
/** Destination unreachable, packet too big, time exceeded, parameter problem. */
const ICMPV6_ERRORS = [1, 2, 3, 4];
const IPV4_MIN_HEADER = 20;
const IPV6_HEADER_LEN = 40;
const PROTOCOL_TCP = 6;
const PROTOCOL_UDP = 17;

export function decodeIcmpQuote(d: FrameDecoder, off: number, end: number): void {
  if (end - off < ICMP_HEADER_LEN + IPV4_MIN_HEADER || !ICMP_ERRORS.includes(d.bytes[off])) return;
  const q = off + ICMP_HEADER_LEN;
  const b = d.bytes;
  const headerLen = (b[q] & 15) * 4;
  if (b[q] >> 4 !== 4 || headerLen < IPV4_MIN_HEADER) return;
  const protocol = b[q + 9];
  if (!quotesFlow(protocol, q + headerLen, end)) return;
  const c = d.cols;
  const r = d.row;
  c.src[r] = d.builder.internIpv4(d.view.getUint32(q + 12));
  c.dst[r] = d.builder.internIpv4(d.view.getUint32(q + 16));
  quotedPorts(d, protocol, q + headerLen, end);
}

export function decodeIcmpv6Quote(d: FrameDecoder, off: number, end: number): void {
  if (end - off < ICMP_HEADER_LEN + IPV6_HEADER_LEN || !ICMPV6_ERRORS.includes(d.bytes[off])) return;
  const q = off + ICMP_HEADER_LEN;
  const b = d.bytes;
  if (b[q] >> 4 !== 6) return;
  const protocol = b[q + 6];
  if (!quotesFlow(protocol, q + IPV6_HEADER_LEN, end)) return;
  const c = d.cols;
  const r = d.row;
  c.src[r] = d.ipv6.intern(b, q + 8);
  c.dst[r] = d.ipv6.intern(b, q + 24);
  quotedPorts(d, protocol, q + IPV6_HEADER_LEN, end);
}

function quotesFlow(protocol: number, transport: number, end: number): boolean {
  return (protocol === PROTOCOL_TCP || protocol === PROTOCOL_UDP) && end - transport >= 4;
}

function quotedPorts(d: FrameDecoder, protocol: number, transport: number, end: number): void {
  const c = d.cols;
  const r = d.row;
  c.proto[r] = Proto.IcmpQuote;
  c.sport[r] = d.view.getUint16(transport);
  c.dport[r] = d.view.getUint16(transport + 2);
  // RFC 792 guarantees 8 bytes of the quoted transport header: for TCP, the sequence number.
  if (protocol === PROTOCOL_TCP && end - transport >= 8) c.seq[r] = d.view.getUint32(transport + 4);
}
