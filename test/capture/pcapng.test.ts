import { describe, expect, it } from 'vitest';
import { CaptureStream, readCaptureBytes, sniffCapture } from '../../src/core/capture';
import type { PacketTable } from '../../src/core/capture/packetTable';
import { ethernetTcpFrame, PcapngWriter, tcpSpec } from './support/synthCapture';

const frame = (k: number): Uint8Array => ethernetTcpFrame(tcpSpec(k));

function times(t: PacketTable): [number, number][] {
  return Array.from({ length: t.count }, (_, i) => [t.secs[i], t.nanos[i]]);
}

describe('pcapng', () => {
  for (const littleEndian of [true, false]) {
    it(`reads a ${littleEndian ? 'little' : 'big'}-endian section with default microsecond timestamps`, () => {
      const bytes = new PcapngWriter()
        .section(littleEndian)
        .interface({ snapLen: 262144, name: 'eth0' })
        .other(5, [0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]) // interface statistics: skipped
        .enhanced(0, 1_700_000_000_123_456n, frame(1))
        .enhanced(0, 1_700_000_001_000_001n, frame(2))
        .done();
      expect(sniffCapture(bytes)).toBe('pcapng');
      const t = readCaptureBytes(bytes, 'x.pcapng');
      expect(t.format).toBe('pcapng');
      expect(t.count).toBe(2);
      expect(t.timePrecision).toBe(6);
      expect(times(t)).toEqual([
        [1_700_000_000, 123_456_000],
        [1_700_000_001, 1_000],
      ]);
      expect(t.interfaces).toEqual([{ linkType: 1, snapLen: 262144, name: 'eth0' }]);
      expect([t.sport[1], t.seq[1], t.win[1], t.len[1]]).toEqual([40002, 2000, 502, 6]);
      expect(t.warnings).toEqual([]);
    });
  }

  it('converts decimal and power-of-two if_tsresol exactly, beyond 2^53 ticks', () => {
    const bytes = new PcapngWriter()
      .section(true)
      .interface({ tsresol: 9 })
      .interface({ tsresol: 0x80 | 20 })
      .interface({ tsresol: 12 })
      .enhanced(0, 1_795_345_825_148_561_123n, frame(0))
      .enhanced(1, (1_700_000_000n << 20n) + (1n << 19n), frame(1))
      .enhanced(2, 1_700_000_000_000_000_123_456n & 0xffffffffffffffffn, frame(2))
      .done();
    const t = readCaptureBytes(bytes, 'res.pcapng');
    expect(t.timePrecision).toBe(9);
    const ticks12 = 1_700_000_000_000_000_123_456n & 0xffffffffffffffffn;
    expect(times(t)).toEqual([
      [1_795_345_825, 148_561_123],
      [1_700_000_000, 500_000_000],
      [Number(ticks12 / 10n ** 12n), Number(((ticks12 % 10n ** 12n) * 10n ** 9n) / 10n ** 12n)],
    ]);
    expect(Array.from(t.iface)).toEqual([0, 1, 2]);
  });

  it('adds if_tsoffset seconds to every timestamp of the interface', () => {
    const bytes = new PcapngWriter()
      .section(false)
      .interface({ tsoffset: 1_600_000_000, tsresol: 3 })
      .enhanced(0, 2_500n, frame(0))
      .done();
    expect(times(readCaptureBytes(bytes, 'off.pcapng'))).toEqual([[1_600_000_002, 500_000_000]]);
  });

  it('starts a fresh set of interfaces in each section, whatever its byte order', () => {
    const bytes = new PcapngWriter()
      .section(true)
      .interface({ linkType: 1, tsresol: 6 })
      .enhanced(0, 1_000_000n, frame(0))
      .section(false)
      .interface({ linkType: 101, tsresol: 9 })
      .interface({ linkType: 1, tsresol: 9 })
      .enhanced(1, 2_000_000_000n, frame(1))
      .simple(frame(2))
      .obsolete(1, 3_000_000_000n, frame(3))
      .done();
    const t = readCaptureBytes(bytes, 'sections.pcapng');
    expect(t.count).toBe(4);
    expect(t.interfaces.map((i) => i.linkType)).toEqual([1, 101, 1]);
    // Interface ids index the table's interface list, which spans sections.
    expect(Array.from(t.iface)).toEqual([0, 2, 1, 2]);
    expect(Array.from(t.sport)).toEqual([40000, 40001, 0, 40003]);
    expect(t.timePrecision).toBe(9);
    // A simple packet block has no timestamp: it takes the one of the packet before it.
    expect(times(t)).toEqual([
      [1, 0],
      [2, 0],
      [2, 0],
      [3, 0],
    ]);
  });

  it('blocks without a timestamp before the first packet that has one take its time', () => {
    const bytes = new PcapngWriter()
      .section(true)
      .interface({ tsresol: 9 })
      .simple(frame(0))
      .other(0x0bad, [1, 2, 3, 4])
      .simple(frame(1))
      .enhanced(0, 7_000_000_005n, frame(2))
      .simple(frame(3))
      .done();
    const t = readCaptureBytes(bytes, 'untimed.pcapng');
    expect(t.count).toBe(5);
    expect(times(t)).toEqual([
      [7, 5],
      [7, 5],
      [7, 5],
      [7, 5],
      [7, 5],
    ]);
  });

  it('gives the same table whatever the chunk size', () => {
    const bytes = new PcapngWriter()
      .section(false)
      .interface({ tsresol: 9, name: 'lo' })
      .enhanced(0, 5_000_000_001n, frame(4))
      .other(0x0bad, [1, 2, 3, 4, 5])
      .enhanced(0, 6_000_000_001n, frame(5))
      .done();
    const whole = readCaptureBytes(bytes, 'w.pcapng');
    for (const size of [1, 3, 7, 12, 13, 64]) {
      const s = new CaptureStream('c.pcapng');
      for (let at = 0; at < bytes.length; at += size) s.push(bytes.slice(at, at + size));
      const t = s.end();
      expect(t.count, `chunks of ${size}`).toBe(whole.count);
      expect(Array.from(t.seq)).toEqual(Array.from(whole.seq));
      expect(times(t)).toEqual(times(whole));
    }
    // The custom block is a frame of its own, as Wireshark numbers frames.
    expect(whole.count).toBe(3);
    expect(Array.from(whole.sport)).toEqual([40004, 0, 40005]);
  });

  it('ends reading with a warning at a block whose trailer disagrees, keeping the packets before', () => {
    const bytes = new PcapngWriter().section(true).interface({}).enhanced(0, 1n, frame(0)).enhanced(0, 2n, frame(1)).done();
    const damaged = bytes.slice();
    damaged[damaged.length - 4] ^= 0xff;
    const t = readCaptureBytes(damaged, 'bad.pcapng');
    expect(t.count).toBe(1);
    expect(t.warnings).toHaveLength(1);
    expect(t.warnings[0].message).toMatch(/does not match its trailer/);
    expect(t.warnings[0].offset).toBe(damaged.length - 4);
  });

  it('refuses files whose first interface cannot be read, as libpcap does', () => {
    const noIdb = new PcapngWriter().section(true).done();
    expect(() => readCaptureBytes(noIdb, 'n.pcapng')).toThrow(/n\.pcapng: pcapng file has no interface description block/);
    const early = new PcapngWriter().section(true).enhanced(0, 1n, frame(0)).interface({}).done();
    expect(() => readCaptureBytes(early, 'e.pcapng')).toThrow(/packet on interface 0/);
  });
});
