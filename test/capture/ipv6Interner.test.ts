// IPv6 addresses interned by value: each distinct address gets one id and one text, however many
// there are and in whatever order they come back.
import { describe, expect, it } from 'vitest';
import { Ipv6Interner } from '../../src/core/capture/ipv6Interner';
import { PacketTableBuilder } from '../../src/core/capture/packetTable';

function address(k: number): Uint8Array {
  const b = new Uint8Array(16);
  b.set([0x20, 0x01, 0x0d, 0xb8]);
  // Spread over the last and a middle word, as a scan or a flood from random sources would.
  new DataView(b.buffer).setUint32(12, k);
  new DataView(b.buffer).setUint32(8, k % 3 === 0 ? 0 : 0xffff);
  return b;
}

describe('IPv6 interner', () => {
  it('gives each of 100,000 distinct addresses its own id, the same again on every later sight', () => {
    const b = new PacketTableBuilder('pcap');
    const interner = new Ipv6Interner(b);
    const first: number[] = [];
    for (let k = 0; k < 100_000; k++) first.push(interner.intern(address(k), 0));
    expect(new Set(first).size).toBe(100_000);
    expect(b.addrs).toHaveLength(100_000);
    for (let k = 99_999; k >= 0; k -= 7) expect(interner.intern(address(k), 0)).toBe(first[k]);
    expect(b.addrs[first[3]]).toBe('2001:db8::3');
    expect(b.addrs[first[1]]).toBe('2001:db8::ffff:0:1');
    expect(b.addrs).toHaveLength(100_000);
  });

  it('reads the address at an offset inside a larger buffer', () => {
    const b = new PacketTableBuilder('pcap');
    const interner = new Ipv6Interner(b);
    const frame = new Uint8Array(40);
    frame.set(address(42), 8);
    frame.set(address(42), 24);
    expect(interner.intern(frame, 8)).toBe(interner.intern(frame, 24));
    expect(b.addrs).toEqual(['2001:db8::2a']);
  });
});

describe('IPv4 interning', () => {
  it('gives each of 200,000 distinct addresses (most above 2^30) one id and its dotted text', () => {
    const b = new PacketTableBuilder('pcap');
    const ids: number[] = [];
    for (let k = 0; k < 200_000; k++) ids.push(b.internIpv4((0xc0000000 + k * 2654435761) >>> 0));
    expect(new Set(ids).size).toBe(200_000);
    for (let k = 0; k < 200_000; k += 13) expect(b.internIpv4((0xc0000000 + k * 2654435761) >>> 0)).toBe(ids[k]);
    expect(b.addrs).toHaveLength(200_000);
    expect(b.addrs[ids[0]]).toBe('192.0.0.0');
    expect(b.internIpv4(0)).toBe(200_000);
    expect(b.addrs[200_000]).toBe('0.0.0.0');
  });
});
