// UDP (RFC 768): ports and payload length; VXLAN and Geneve payloads are followed to the
// inner packet, as Wireshark does on their IANA ports.
import type { FrameDecoder } from './frameDecoder';
import { Proto } from './packetTable';
import { Problem } from './readProblem';
import { decodeGeneve, decodeVxlan, GENEVE_PORT, VXLAN_PORT } from './decodeUdpTunnel';

const enum UdpField {
  SrcPort = 0,
  DstPort = 2,
  Length = 4,
}
const UDP_HEADER_LEN = 8;

export function decodeUdp(d: FrameDecoder, off: number, end: number, length: number): void {
  const c = d.cols;
  const r = d.row;
  const v = d.view;
  if (end - off < UDP_HEADER_LEN) {
    if (end - off >= UdpField.Length) {
      c.proto[r] = Proto.Udp;
      c.sport[r] = v.getUint16(off + UdpField.SrcPort);
      c.dport[r] = v.getUint16(off + UdpField.DstPort);
    }
    d.problem(Problem.Truncated, 'UDP header', off);
    return;
  }
  c.proto[r] = Proto.Udp;
  const sport = v.getUint16(off + UdpField.SrcPort);
  const dport = v.getUint16(off + UdpField.DstPort);
  c.sport[r] = sport;
  c.dport[r] = dport;
  const udpLength = v.getUint16(off + UdpField.Length);
  // Length 0 is an IPv6 jumbogram (RFC 2675): the IP layer knows the length.
  if (udpLength >= UDP_HEADER_LEN) c.len[r] = udpLength - UDP_HEADER_LEN;
  else if (udpLength === 0 && length >= UDP_HEADER_LEN) c.len[r] = length - UDP_HEADER_LEN;
  else d.problem(Problem.Malformed, `UDP length ${udpLength}`, off + UdpField.Length);
  const payload = off + UDP_HEADER_LEN;
  if (dport === VXLAN_PORT || sport === VXLAN_PORT) decodeVxlan(d, payload, end);
  else if (dport === GENEVE_PORT || sport === GENEVE_PORT) decodeGeneve(d, payload, end);
}
