// IPv4 (RFC 791): addresses, options skipped by the header length, fragments after the first
// flagged and kept as ipv4 (their transport header is in the first fragment).
import type { FrameDecoder } from './frameDecoder';
import { Proto, TcpOpt } from './packetTable';
import { Problem } from './readProblem';
import { decodeIpPayload } from './decodeIpPayload';

const enum Ipv4Field {
  VersionIhl = 0,
  TotalLength = 2,
  FlagsFragment = 6,
  Protocol = 9,
  Src = 12,
  Dst = 16,
}
const IPV4_MIN_HEADER = 20;
const FRAGMENT_OFFSET_MASK = 0x1fff;

export function decodeIpv4(d: FrameDecoder, off: number, end: number): void {
  const c = d.cols;
  const r = d.row;
  const b = d.bytes;
  if (end - off < IPV4_MIN_HEADER) {
    d.truncatedHeader('IPv4 header', off);
    return;
  }
  const version = b[off + Ipv4Field.VersionIhl] >> 4;
  const headerLen = (b[off + Ipv4Field.VersionIhl] & 15) * 4;
  if (version !== 4 || headerLen < IPV4_MIN_HEADER) {
    c.proto[r] = Proto.Other;
    d.problem(Problem.Malformed, `IPv4 header (version ${version}, header length ${headerLen})`, off);
    return;
  }
  const v = d.view;
  c.proto[r] = Proto.Ipv4;
  c.src[r] = d.builder.internIpv4(v.getUint32(off + Ipv4Field.Src));
  c.dst[r] = d.builder.internIpv4(v.getUint32(off + Ipv4Field.Dst));
  c.sport[r] = 0;
  c.dport[r] = 0;
  const total = v.getUint16(off + Ipv4Field.TotalLength);
  let packetEnd: number;
  // Segmentation offload (TSO/GSO) hands the capture packets whose total length is 0; like
  // Wireshark, take the length from the frame instead.
  if (total === 0) packetEnd = end;
  else if (total < headerLen) {
    d.problem(Problem.Malformed, `IPv4 total length ${total}, shorter than its header`, off + Ipv4Field.TotalLength);
    return;
  } else packetEnd = off + total;
  if (v.getUint16(off + Ipv4Field.FlagsFragment) & FRAGMENT_OFFSET_MASK) {
    c.opts[r] |= TcpOpt.Fragment;
    return;
  }
  const payload = off + headerLen;
  if (payload > end) {
    d.problem(Problem.Truncated, 'IPv4 options', off);
    return;
  }
  decodeIpPayload(d, b[off + Ipv4Field.Protocol], payload, Math.min(packetEnd, end), packetEnd - payload);
}
