// BSD loopback: a 4-byte address family before the IP packet. LINKTYPE_NULL (0) stores it in
// the capturing host's byte order; LINKTYPE_LOOP (108, OpenBSD) in network byte order.
import type { FrameDecoder } from './frameDecoder';
import { Proto } from './packetTable';
import { decodeIpv4 } from './decodeIpv4';
import { decodeIpv6 } from './decodeIpv6';

const NULL_HEADER_LEN = 4;
const AF_INET = 2;
/** AF_INET6 differs between systems: Linux 10, NetBSD/OpenBSD 24, FreeBSD 28, macOS 30. */
const AF_INET6_VALUES = [10, 24, 28, 30];

export function decodeNull(d: FrameDecoder, off: number, end: number): void {
  if (end - off < NULL_HEADER_LEN) return d.truncatedHeader('loopback header', off);
  let family = d.view.getUint32(off, true);
  // A family this large was written big-endian by the capturing host.
  if (family > 0xffff) family = d.view.getUint32(off, false);
  decodeFamily(d, family, off + NULL_HEADER_LEN, end);
}

export function decodeLoop(d: FrameDecoder, off: number, end: number): void {
  if (end - off < NULL_HEADER_LEN) return d.truncatedHeader('loopback header', off);
  decodeFamily(d, d.view.getUint32(off, false), off + NULL_HEADER_LEN, end);
}

function decodeFamily(d: FrameDecoder, family: number, off: number, end: number): void {
  if (family === AF_INET) decodeIpv4(d, off, end);
  else if (AF_INET6_VALUES.includes(family)) decodeIpv6(d, off, end);
  else d.cols.proto[d.row] = Proto.Other;
}
