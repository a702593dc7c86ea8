// Ethernet II frames, with any stack of 802.1Q / 802.1ad (QinQ) tags before the EtherType.
import type { FrameDecoder } from './frameDecoder';
import { Proto } from './packetTable';
import { decodeEtherType } from './decodeNetwork';

const enum EthernetField {
  EtherType = 12,
}
const ETHERNET_HEADER_LEN = 14;
/** Values below this in the type field are 802.3 lengths (LLC follows), not EtherTypes. */
const MIN_ETHERTYPE = 0x0600;

export function decodeEthernet(d: FrameDecoder, off: number, end: number): void {
  if (end - off < ETHERNET_HEADER_LEN) {
    d.truncatedHeader('Ethernet header', off);
    return;
  }
  const type = d.view.getUint16(off + EthernetField.EtherType);
  if (type < MIN_ETHERTYPE) {
    d.cols.proto[d.row] = Proto.Other;
    return;
  }
  decodeEtherType(d, type, off + ETHERNET_HEADER_LEN, end);
}
