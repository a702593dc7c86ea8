// Linux "cooked" captures (tcpdump -i any): SLL (LINKTYPE_LINUX_SLL, 113) and SLL2 (276).
import type { FrameDecoder } from './frameDecoder';
import { decodeEtherType } from './decodeNetwork';

const enum SllField {
  Protocol = 14,
}
const SLL_HEADER_LEN = 16;

const enum Sll2Field {
  Protocol = 0,
}
const SLL2_HEADER_LEN = 20;

export function decodeSll(d: FrameDecoder, off: number, end: number): void {
  if (end - off < SLL_HEADER_LEN) {
    d.truncatedHeader('Linux cooked (SLL) header', off);
    return;
  }
  decodeEtherType(d, d.view.getUint16(off + SllField.Protocol), off + SLL_HEADER_LEN, end);
}

export function decodeSll2(d: FrameDecoder, off: number, end: number): void {
  if (end - off < SLL2_HEADER_LEN) {
    d.truncatedHeader('Linux cooked (SLL2) header', off);
    return;
  }
  decodeEtherType(d, d.view.getUint16(off + Sll2Field.Protocol), off + SLL2_HEADER_LEN, end);
}
