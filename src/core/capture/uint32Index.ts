// Ids by 32-bit key in an open-addressed table over typed arrays. A Map keyed by IPv4 addresses
// boxes every key from 2^30 up (most addresses) as a heap number: for a flood from a million
// random sources that was an allocation and a slow hash per new address.

const EMPTY = 0;

export class Uint32Index {
  private keys = new Uint32Array(64);
  /** Id + 1 by position (0: empty); the table is a power of two, at most half full. */
  private ids = new Int32Array(64);
  private size = 0;

  /** The id of `key`, or -1. */
  get(key: number): number {
    const mask = this.ids.length - 1;
    for (let at = mix(key) & mask; ; at = (at + 1) & mask) {
      const id = this.ids[at];
      if (id === EMPTY) return -1;
      if (this.keys[at] === key) return id - 1;
    }
  }

  /** Records `id` for `key`, which must not be there yet. */
  set(key: number, id: number): void {
    if ((this.size + 1) * 2 > this.ids.length) this.rehash(this.ids.length * 2);
    this.place(key, id + 1);
    this.size++;
  }

  private place(key: number, stored: number): void {
    const mask = this.ids.length - 1;
    let at = mix(key) & mask;
    while (this.ids[at] !== EMPTY) at = (at + 1) & mask;
    this.keys[at] = key;
    this.ids[at] = stored;
  }

  private rehash(length: number): void {
    const keys = this.keys;
    const ids = this.ids;
    this.keys = new Uint32Array(length);
    this.ids = new Int32Array(length);
    for (let at = 0; at < ids.length; at++) if (ids[at] !== EMPTY) this.place(keys[at], ids[at]);
  }
}

/** Spreads keys that differ only in their low bits (hosts of one network) or only in high ones. */
function mix(key: number): number {
  let h = Math.imul(key ^ (key >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}
