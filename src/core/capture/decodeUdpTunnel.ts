// Tunnels over UDP: VXLAN (RFC 7348) and Geneve (RFC 8926). The row describes the inner
// packet, like the innermost values of tshark's fields; when the inner packet is not IP the
// row stays the outer UDP datagram.
import type { FrameDecoder } from './frameDecoder';
import { Proto } from './packetTable';
import { decodeEthernet } from './linkEthernet';
import { decodeEtherType } from './decodeNetwork';

export const VXLAN_PORT = 4789;
export const GENEVE_PORT = 6081;

const VXLAN_HEADER_LEN = 8;
/** VXLAN's I flag: the VNI field is valid. */
const VXLAN_FLAG_VNI = 0x08;
const GENEVE_FIXED_LEN = 8;
const enum GeneveField {
  VersionOptionLength = 0,
  ProtocolType = 2,
}

export function decodeVxlan(d: FrameDecoder, off: number, end: number): void {
  if (end - off < VXLAN_HEADER_LEN || !(d.bytes[off] & VXLAN_FLAG_VNI)) return;
  inner(d, off, () => decodeEthernet(d, off + VXLAN_HEADER_LEN, end));
}

export function decodeGeneve(d: FrameDecoder, off: number, end: number): void {
  if (end - off < GENEVE_FIXED_LEN) return;
  const first = d.bytes[off + GeneveField.VersionOptionLength];
  if (first >> 6 !== 0) return;
  const headerLen = GENEVE_FIXED_LEN + (first & 0x3f) * 4;
  if (end - off < headerLen) return;
  const type = d.view.getUint16(off + GeneveField.ProtocolType);
  inner(d, off, () => decodeEtherType(d, type, off + headerLen, end));
}

function inner(d: FrameDecoder, at: number, decode: () => void): void {
  if (!d.enter(at)) return;
  const c = d.cols;
  const r = d.row;
  const src = c.src[r];
  const dst = c.dst[r];
  const sport = c.sport[r];
  const dport = c.dport[r];
  const len = c.len[r];
  decode();
  if (c.proto[r] !== Proto.Other && c.proto[r] !== Proto.Arp) return;
  c.proto[r] = Proto.Udp;
  c.src[r] = src;
  c.dst[r] = dst;
  c.sport[r] = sport;
  c.dport[r] = dport;
  c.len[r] = len;
}
