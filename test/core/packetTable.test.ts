import { describe, expect, it } from 'vitest';
import { PacketTableBuilder, NO_ADDR, sackOf, relTime } from '../../src/core/capture/packetTable';

describe('PacketTableBuilder', () => {
  it('grows past its initial capacity and keeps every column', () => {
    const b = new PacketTableBuilder('pcap', 16);
    for (let k = 0; k < 1000; k++) {
      const i = b.row();
      b.cols.secs[i] = 1000 + k;
      b.cols.seq[i] = k * 7;
      b.cols.src[i] = b.internIpv4(0x0a000001 + (k % 3));
    }
    const t = b.finish();
    expect(t.count).toBe(1000);
    expect(t.seq[999]).toBe(999 * 7);
    expect(t.secs.length).toBe(1000);
    expect(t.addrs).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    expect(t.dst[5]).toBe(NO_ADDR);
    expect(relTime(t, 10)).toBe(10);
  });

  it('finds SACK blocks by row and forgets those of a dropped row', () => {
    const b = new PacketTableBuilder('pcap');
    b.row();
    const r1 = b.row();
    b.addSack(r1, [100, 200, 300, 400]);
    const r2 = b.row();
    b.addSack(r2, [500, 600]);
    b.dropLastRow();
    const t = b.finish();
    expect(sackOf(t, 1)).toEqual([100, 200, 300, 400]);
    expect(sackOf(t, 0)).toEqual([]);
    expect(t.sack.length).toBe(1);
    expect(t.sack.rows[0]).toBe(1);
    expect(t.sack.edgeLength).toBe(4);
    expect(t.count).toBe(2);
  });
});
