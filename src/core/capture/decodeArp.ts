// ARP (RFC 826): the row names the sender and target IPv4 addresses when the packet is IPv4
// over a 6-byte hardware address, as tcpdump's "who-has … tell …" does.
import type { FrameDecoder } from './frameDecoder';
import { Proto } from './packetTable';

const enum ArpField {
  HardwareLen = 4,
  ProtocolLen = 5,
  SenderHardware = 8,
}
const IPV4_LEN = 4;

export function decodeArp(d: FrameDecoder, off: number, end: number): void {
  const c = d.cols;
  const r = d.row;
  c.proto[r] = Proto.Arp;
  if (end - off < ArpField.SenderHardware) return;
  const hlen = d.bytes[off + ArpField.HardwareLen];
  const plen = d.bytes[off + ArpField.ProtocolLen];
  const spa = off + ArpField.SenderHardware + hlen;
  const tpa = spa + plen + hlen;
  if (plen !== IPV4_LEN || tpa + IPV4_LEN > end) return;
  c.src[r] = d.builder.internIpv4(d.view.getUint32(spa));
  c.dst[r] = d.builder.internIpv4(d.view.getUint32(tpa));
}
