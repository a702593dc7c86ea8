// Which network layer follows a link header: by EtherType (Ethernet, SLL, VLAN, GRE), by the IP
// version nibble (raw IP, MPLS).
import type { FrameDecoder } from './frameDecoder';
import { Proto } from './packetTable';
import { Problem } from './readProblem';
import { decodeIpv4 } from './decodeIpv4';
import { decodeIpv6 } from './decodeIpv6';
import { decodeArp } from './decodeArp';
import { decodePpp } from './linkPpp';
import { decodeEthernet } from './linkEthernet';

export const enum EtherType {
  Ipv4 = 0x0800,
  Arp = 0x0806,
  Vlan = 0x8100,
  Ipv6 = 0x86dd,
  Mpls = 0x8847,
  MplsMulticast = 0x8848,
  PppoeSession = 0x8864,
  QinQ = 0x88a8,
  /** Pre-standard QinQ outer tag. */
  QinQLegacy = 0x9100,
  /** Ethernet frame inside GRE or Geneve. */
  TransparentBridging = 0x6558,
}

const VLAN_TAG_LEN = 4;
const PPPOE_HEADER_LEN = 6;
const MPLS_LABEL_LEN = 4;

export function decodeEtherType(d: FrameDecoder, type: number, off: number, end: number): void {
  switch (type) {
    case EtherType.Ipv4:
      return decodeIpv4(d, off, end);
    case EtherType.Ipv6:
      return decodeIpv6(d, off, end);
    case EtherType.Arp:
      return decodeArp(d, off, end);
    case EtherType.Vlan:
    case EtherType.QinQ:
    case EtherType.QinQLegacy:
      if (end - off < VLAN_TAG_LEN) return d.truncatedHeader('802.1Q tag', off);
      if (!d.enter(off)) return;
      return decodeEtherType(d, d.view.getUint16(off + 2), off + VLAN_TAG_LEN, end);
    case EtherType.PppoeSession:
      if (end - off < PPPOE_HEADER_LEN) return d.truncatedHeader('PPPoE header', off);
      return decodePpp(d, off + PPPOE_HEADER_LEN, end);
    case EtherType.Mpls:
    case EtherType.MplsMulticast:
      return decodeMpls(d, off, end);
    case EtherType.TransparentBridging:
      if (!d.enter(off)) return;
      return decodeEthernet(d, off, end);
    default:
      d.cols.proto[d.row] = Proto.Other;
  }
}

/** Raw IP link types carry IPv4 or IPv6 with nothing before it: the version nibble decides. */
export function decodeIpByVersion(d: FrameDecoder, off: number, end: number): void {
  if (end - off < 1) return d.truncatedHeader('IP header', off);
  const version = d.bytes[off] >> 4;
  if (version === 4) decodeIpv4(d, off, end);
  else if (version === 6) decodeIpv6(d, off, end);
  else {
    d.cols.proto[d.row] = Proto.Other;
    d.problem(Problem.Malformed, `IP version ${version}`, off);
  }
}

function decodeMpls(d: FrameDecoder, off: number, end: number): void {
  for (;;) {
    if (end - off < MPLS_LABEL_LEN) return d.truncatedHeader('MPLS label', off);
    const bottomOfStack = d.bytes[off + 2] & 1;
    off += MPLS_LABEL_LEN;
    if (bottomOfStack) break;
  }
  // MPLS does not say what it carries; IP is recognised by its version nibble, anything else is left alone.
  const version = end > off ? d.bytes[off] >> 4 : 0;
  if (version === 4 || version === 6) decodeIpByVersion(d, off, end);
  else d.cols.proto[d.row] = Proto.Other;
}
