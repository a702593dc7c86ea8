// Interns the host text of an endpoint straight from the line bytes: a hash of the bytes finds
// the builder's id, so a string is decoded once per distinct host, never once per packet.
import type { PacketTableBuilder } from '../packetTable';
import { sameBytes } from './lineScan';

const decoder = new TextDecoder('utf-8');

export class AddressInterner {
  private readonly ids = new Map<number, number>();
  private readonly keyBytes = new Map<number, Uint8Array>();
  /** Hosts whose hash collided with a different host: looked up by decoded text. */
  private readonly collided = new Map<string, number>();

  constructor(private readonly builder: PacketTableBuilder) {}

  intern(buf: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let p = start; p < end; p++) h = Math.imul(h ^ buf[p], 0x01000193);
    h &= 0x3fffffff;
    const id = this.ids.get(h);
    if (id !== undefined) {
      const known = this.keyBytes.get(h) as Uint8Array;
      if (sameBytes(known, buf, start, end)) return id;
      const text = decoder.decode(buf.subarray(start, end));
      let other = this.collided.get(text);
      if (other === undefined) {
        other = this.builder.internAddr(text);
        this.collided.set(text, other);
      }
      return other;
    }
    const text = decoder.decode(buf.subarray(start, end));
    const fresh = this.builder.internAddr(text);
    this.ids.set(h, fresh);
    this.keyBytes.set(h, buf.slice(start, end));
    return fresh;
  }
}
