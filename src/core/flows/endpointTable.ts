// Finds the conversation of a packet from its protocol and two endpoints, in either direction.
// Open addressing over typed arrays keyed by numbers (address ids and ports), so the lookup
// builds no string and no object per packet.
import { grown } from './columns';

const EMPTY = -1;

export class EndpointTable {
  private slots: Int32Array;
  private mask: number;
  private size = 0;
  // Per entry: the canonical key (lower endpoint first) and the conversation it currently maps to.
  private proto = new Uint8Array(64);
  private addrLo = new Uint32Array(64);
  private portLo = new Uint16Array(64);
  private addrHi = new Uint32Array(64);
  private portHi = new Uint16Array(64);
  private value = new Int32Array(64);

  constructor(expected = 64) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.slots = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
  }

  /** The conversation registered for these endpoints, or -1. */
  get(proto: number, srcAddr: number, srcPort: number, dstAddr: number, dstPort: number): number {
    const slot = this.find(proto, srcAddr, srcPort, dstAddr, dstPort);
    const entry = this.slots[slot];
    return entry === EMPTY ? -1 : this.value[entry];
  }

  /** Registers (or replaces, when ports are reused) the conversation for these endpoints. */
  set(proto: number, srcAddr: number, srcPort: number, dstAddr: number, dstPort: number, conv: number): void {
    let slot = this.find(proto, srcAddr, srcPort, dstAddr, dstPort);
    if (this.slots[slot] !== EMPTY) {
      this.value[this.slots[slot]] = conv;
      return;
    }
    if ((this.size + 1) * 2 > this.slots.length) {
      this.rehash(this.slots.length * 2);
      slot = this.find(proto, srcAddr, srcPort, dstAddr, dstPort);
    }
    const e = this.size++;
    if (e === this.value.length) this.growEntries();
    const srcFirst = srcAddr < dstAddr || (srcAddr === dstAddr && srcPort <= dstPort);
    this.proto[e] = proto;
    this.addrLo[e] = srcFirst ? srcAddr : dstAddr;
    this.portLo[e] = srcFirst ? srcPort : dstPort;
    this.addrHi[e] = srcFirst ? dstAddr : srcAddr;
    this.portHi[e] = srcFirst ? dstPort : srcPort;
    this.value[e] = conv;
    this.slots[slot] = e;
  }

  private find(proto: number, srcAddr: number, srcPort: number, dstAddr: number, dstPort: number): number {
    const srcFirst = srcAddr < dstAddr || (srcAddr === dstAddr && srcPort <= dstPort);
    const aLo = srcFirst ? srcAddr : dstAddr;
    const pLo = srcFirst ? srcPort : dstPort;
    const aHi = srcFirst ? dstAddr : srcAddr;
    const pHi = srcFirst ? dstPort : srcPort;
    let h = Math.imul(aLo ^ 0x9e3779b9, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13) ^ aHi, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 16) ^ ((pLo << 16) | pHi), 0x27d4eb2f);
    h = (h ^ (h >>> 15) ^ proto) >>> 0;
    let slot = h & this.mask;
    for (;;) {
      const e = this.slots[slot];
      if (
        e === EMPTY ||
        (this.proto[e] === proto &&
          this.addrLo[e] === aLo &&
          this.portLo[e] === pLo &&
          this.addrHi[e] === aHi &&
          this.portHi[e] === pHi)
      )
        return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  private rehash(capacity: number): void {
    this.slots = new Int32Array(capacity).fill(EMPTY);
    this.mask = capacity - 1;
    for (let e = 0; e < this.size; e++) {
      const slot = this.find(this.proto[e], this.addrLo[e], this.portLo[e], this.addrHi[e], this.portHi[e]);
      this.slots[slot] = e;
    }
  }

  private growEntries(): void {
    const n = this.value.length * 2;
    this.proto = grown(this.proto, n);
    this.addrLo = grown(this.addrLo, n);
    this.portLo = grown(this.portLo, n);
    this.addrHi = grown(this.addrHi, n);
    this.portHi = grown(this.portHi, n);
    this.value = grown(this.value, n);
  }
}
