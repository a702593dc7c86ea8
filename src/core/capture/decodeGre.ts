// GRE (RFC 2784/2890) and PPTP's enhanced GRE (RFC 2637): the optional fields are skipped by
// their flag bits and the payload is decoded by its protocol type. When the payload is not IP
// the row stays the outer packet.
import type { FrameDecoder } from './frameDecoder';
import { Proto } from './packetTable';
import { decodeEtherType } from './decodeNetwork';
import { decodePpp } from './linkPpp';

const GRE_BASE_LEN = 4;
const enum GreFlag {
  Checksum = 0x8000,
  Routing = 0x4000,
  Key = 0x2000,
  Sequence = 0x1000,
  /** Enhanced GRE (version 1) only. */
  Acknowledgment = 0x0080,
}
const GRE_VERSION_MASK = 7;
const GRE_PROTOCOL_PPP = 0x880b;

export function decodeGre(d: FrameDecoder, off: number, end: number): void {
  if (end - off < GRE_BASE_LEN) return;
  const v = d.view;
  const flags = v.getUint16(off);
  const version = flags & GRE_VERSION_MASK;
  if (version > 1 || flags & GreFlag.Routing) return;
  let headerLen = GRE_BASE_LEN;
  if (flags & GreFlag.Checksum) headerLen += 4;
  if (flags & GreFlag.Key) headerLen += 4;
  if (flags & GreFlag.Sequence) headerLen += 4;
  if (version === 1 && flags & GreFlag.Acknowledgment) headerLen += 4;
  if (end - off < headerLen || !d.enter(off)) return;
  const c = d.cols;
  const r = d.row;
  const outer = c.proto[r];
  const protocol = v.getUint16(off + 2);
  if (protocol === GRE_PROTOCOL_PPP) decodePpp(d, off + headerLen, end);
  else decodeEtherType(d, protocol, off + headerLen, end);
  if (c.proto[r] === Proto.Other) c.proto[r] = outer;
}
