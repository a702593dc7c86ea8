// Interns IPv6 addresses by their 128-bit value: a packet whose addresses were seen before
// costs a hash and a compare, never a string. The hash table is open-addressed over typed arrays:
// with a Map of hash → slot lists, a capture of a million distinct sources (a flood from random
// addresses) spent seconds of the reader's time on an array and a map entry per address.
import type { PacketTableBuilder } from './packetTable';
import { formatIpv6 } from './ipv6Text';

const INITIAL_SLOTS = 64;

export class Ipv6Interner {
  /** The four words of each address, by slot. */
  private words = new Uint32Array(INITIAL_SLOTS * 4);
  /** The table's address id of each slot. */
  private ids = new Int32Array(INITIAL_SLOTS);
  private used = 0;
  /** Slot + 1 by hash position (0: empty); a power of two, at most half full. */
  private index = new Int32Array(INITIAL_SLOTS * 2);

  constructor(private readonly builder: PacketTableBuilder) {}

  intern(bytes: Uint8Array, off: number): number {
    const w0 = readWord(bytes, off);
    const w1 = readWord(bytes, off + 4);
    const w2 = readWord(bytes, off + 8);
    const w3 = readWord(bytes, off + 12);
    const index = this.index;
    const mask = index.length - 1;
    const words = this.words;
    let at = hashOf(w0, w1, w2, w3) & mask;
    for (;;) {
      const entry = index[at];
      if (entry === 0) break;
      const w = (entry - 1) * 4;
      if (words[w] === w0 && words[w + 1] === w1 && words[w + 2] === w2 && words[w + 3] === w3) return this.ids[entry - 1];
      at = (at + 1) & mask;
    }
    const slot = this.used++;
    if (slot === this.ids.length) this.growSlots();
    const w = slot * 4;
    this.words[w] = w0;
    this.words[w + 1] = w1;
    this.words[w + 2] = w2;
    this.words[w + 3] = w3;
    const id = this.builder.appendAddr(formatIpv6(bytes, off));
    this.ids[slot] = id;
    index[at] = slot + 1;
    if (this.used * 2 > index.length) this.rehash(index.length * 2);
    return id;
  }

  private growSlots(): void {
    const words = new Uint32Array(this.words.length * 2);
    words.set(this.words);
    this.words = words;
    const ids = new Int32Array(this.ids.length * 2);
    ids.set(this.ids);
    this.ids = ids;
  }

  private rehash(size: number): void {
    const index = new Int32Array(size);
    const mask = size - 1;
    const words = this.words;
    for (let slot = 0; slot < this.used; slot++) {
      const w = slot * 4;
      let at = hashOf(words[w], words[w + 1], words[w + 2], words[w + 3]) & mask;
      while (index[at] !== 0) at = (at + 1) & mask;
      index[at] = slot + 1;
    }
    this.index = index;
  }
}

/** Mixes all four words (addresses of one network differ in the last ones, scans in any). */
function hashOf(w0: number, w1: number, w2: number, w3: number): number {
  let h = Math.imul(w0 ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ w1 ^ (h >>> 15), 0xc2b2ae35);
  h = Math.imul(h ^ w2 ^ (h >>> 13), 0x85ebca6b);
  h = Math.imul(h ^ w3 ^ (h >>> 16), 0xc2b2ae35);
  return (h ^ (h >>> 15)) >>> 0;
}

function readWord(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}
