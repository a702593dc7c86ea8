// What an IP packet carries, by its protocol number (IANA "Assigned Internet Protocol Numbers").
import type { FrameDecoder } from './frameDecoder';
import { Proto } from './packetTable';
import { decodeTcp } from './decodeTcp';
import { decodeUdp } from './decodeUdp';
import { decodeIcmpQuote, decodeIcmpv6Quote } from './decodeIcmpQuote';
import { decodeGre } from './decodeGre';
import { decodeIpv4 } from './decodeIpv4';
import { decodeIpv6 } from './decodeIpv6';

const enum IpProtocol {
  Icmp = 1,
  IpInIp = 4,
  Tcp = 6,
  Udp = 17,
  Ipv6InIp = 41,
  Gre = 47,
  Icmpv6 = 58,
}

/**
 * `off`..`capEnd` is the captured part of the payload; `length` is its length by the IP header,
 * which is what transport payload lengths are computed from when the capture was cut short.
 */
export function decodeIpPayload(d: FrameDecoder, protocol: number, off: number, capEnd: number, length: number): void {
  switch (protocol) {
    case IpProtocol.Tcp:
      return decodeTcp(d, off, capEnd, length);
    case IpProtocol.Udp:
      return decodeUdp(d, off, capEnd, length);
    case IpProtocol.Icmp:
      return decodeIcmpQuote(d, off, capEnd);
    case IpProtocol.Icmpv6:
      return decodeIcmpv6Quote(d, off, capEnd);
    case IpProtocol.Gre:
      return decodeGre(d, off, capEnd);
    case IpProtocol.IpInIp:
    case IpProtocol.Ipv6InIp: {
      if (!d.enter(off)) return;
      const outer = d.cols.proto[d.row];
      if (protocol === IpProtocol.IpInIp) decodeIpv4(d, off, capEnd);
      else decodeIpv6(d, off, capEnd);
      if (d.cols.proto[d.row] === Proto.Other) d.cols.proto[d.row] = outer;
      return;
    }
  }
}
