// Interns IPv6 addresses by their 128-bit value: a packet whose addresses were seen before
// costs a hash and a compare, never a string.
import type { PacketTableBuilder } from './packetTable';
import { formatIpv6 } from './ipv6Text';

export class Ipv6Interner {
  /** Hash of the four words → slots whose words hash there. */
  private readonly buckets = new Map<number, number[]>();
  private words = new Uint32Array(64);
  private readonly addrIds: number[] = [];

  constructor(private readonly builder: PacketTableBuilder) {}

  intern(bytes: Uint8Array, off: number): number {
    const w0 = readWord(bytes, off);
    const w1 = readWord(bytes, off + 4);
    const w2 = readWord(bytes, off + 8);
    const w3 = readWord(bytes, off + 12);
    const hash = Math.imul(Math.imul(Math.imul(w0, 31) ^ w1, 31) ^ w2, 31) ^ w3;
    let slots = this.buckets.get(hash);
    if (slots) {
      const words = this.words;
      for (const slot of slots) {
        const at = slot * 4;
        if (words[at] === w0 && words[at + 1] === w1 && words[at + 2] === w2 && words[at + 3] === w3)
          return this.addrIds[slot];
      }
    } else {
      slots = [];
      this.buckets.set(hash, slots);
    }
    const slot = this.addrIds.length;
    if ((slot + 1) * 4 > this.words.length) {
      const grown = new Uint32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    this.words.set([w0, w1, w2, w3], slot * 4);
    const id = this.builder.internAddr(formatIpv6(bytes, off));
    this.addrIds.push(id);
    slots.push(slot);
    return id;
  }
}

function readWord(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}
