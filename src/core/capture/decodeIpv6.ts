// IPv6 (RFC 8200): addresses, then the chain of extension headers up to the transport header;
// a fragment other than the first is flagged and kept as ipv6.
import type { FrameDecoder } from './frameDecoder';
import { Proto, TcpOpt } from './packetTable';
import { Problem } from './readProblem';
import { decodeIpPayload } from './decodeIpPayload';

const enum Ipv6Field {
  VersionClass = 0,
  PayloadLength = 4,
  NextHeader = 6,
  Src = 8,
  Dst = 24,
}
const IPV6_HEADER_LEN = 40;

const enum ExtensionHeader {
  HopByHop = 0,
  Routing = 43,
  Fragment = 44,
  AuthenticationHeader = 51,
  DestinationOptions = 60,
  Mobility = 135,
  HostIdentity = 139,
  Shim6 = 140,
}
const FRAGMENT_HEADER_LEN = 8;
const FRAGMENT_OFFSET_MASK = 0xfff8;

export function decodeIpv6(d: FrameDecoder, off: number, end: number): void {
  const c = d.cols;
  const r = d.row;
  const b = d.bytes;
  if (end - off < IPV6_HEADER_LEN) {
    d.truncatedHeader('IPv6 header', off);
    return;
  }
  const version = b[off + Ipv6Field.VersionClass] >> 4;
  if (version !== 6) {
    c.proto[r] = Proto.Other;
    d.problem(Problem.Malformed, `IPv6 header (version ${version})`, off);
    return;
  }
  c.proto[r] = Proto.Ipv6;
  c.src[r] = d.ipv6.intern(b, off + Ipv6Field.Src);
  c.dst[r] = d.ipv6.intern(b, off + Ipv6Field.Dst);
  c.sport[r] = 0;
  c.dport[r] = 0;
  let next = b[off + Ipv6Field.NextHeader];
  let payloadLength = d.view.getUint16(off + Ipv6Field.PayloadLength);
  // Zero is a jumbogram (RFC 2675) when a hop-by-hop Jumbo Payload option gives the length;
  // without one the packet is empty, as Wireshark and tcpdump read it.
  if (payloadLength === 0 && next === ExtensionHeader.HopByHop) payloadLength = jumboLength(d, off + IPV6_HEADER_LEN, end);
  const packetEnd = off + IPV6_HEADER_LEN + payloadLength;
  const capEnd = Math.min(packetEnd, end);
  let p = off + IPV6_HEADER_LEN;
  for (;;) {
    let headerLen: number;
    switch (next) {
      case ExtensionHeader.HopByHop:
      case ExtensionHeader.Routing:
      case ExtensionHeader.DestinationOptions:
      case ExtensionHeader.Mobility:
      case ExtensionHeader.HostIdentity:
      case ExtensionHeader.Shim6:
        if (capEnd - p < 2) return truncatedExtension(d, p);
        headerLen = (b[p + 1] + 1) * 8;
        break;
      case ExtensionHeader.AuthenticationHeader:
        if (capEnd - p < 2) return truncatedExtension(d, p);
        headerLen = (b[p + 1] + 2) * 4;
        break;
      case ExtensionHeader.Fragment:
        if (capEnd - p < FRAGMENT_HEADER_LEN) return truncatedExtension(d, p);
        if (d.view.getUint16(p + 2) & FRAGMENT_OFFSET_MASK) {
          c.opts[r] |= TcpOpt.Fragment;
          return;
        }
        headerLen = FRAGMENT_HEADER_LEN;
        break;
      default:
        decodeIpPayload(d, next, p, capEnd, packetEnd - p);
        return;
    }
    next = b[p];
    p += headerLen;
    if (p > capEnd) return truncatedExtension(d, p - headerLen);
  }
}

const JUMBO_OPTION = 0xc2;
const PAD1_OPTION = 0;

/** The Jumbo Payload option's length in the hop-by-hop header at `p`, or 0 when it has none. */
function jumboLength(d: FrameDecoder, p: number, end: number): number {
  if (end - p < 2) return 0;
  const b = d.bytes;
  const headerEnd = Math.min(end, p + (b[p + 1] + 1) * 8);
  let q = p + 2;
  while (q < headerEnd) {
    if (b[q] === PAD1_OPTION) {
      q++;
      continue;
    }
    if (q + 1 >= headerEnd) return 0;
    if (b[q] === JUMBO_OPTION && b[q + 1] === 4 && q + 6 <= headerEnd) return d.view.getUint32(q + 2);
    q += 2 + b[q + 1];
  }
  return 0;
}

function truncatedExtension(d: FrameDecoder, at: number): void {
  d.problem(Problem.Truncated, 'IPv6 extension header', at);
}
