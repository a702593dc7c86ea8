// The packet table never grows past its row limit: a capture with more packets (a hostile file of
// empty records costs 59 bytes of table per 16 bytes of file) is read up to the limit, with a
// warning naming where reading stopped, and everything before it intact.
import { describe, expect, it } from 'vitest';
import { CaptureStream } from '../../src/core/capture';
import { MAX_TABLE_ROWS, maxRowsForMemory, PacketTableBuilder, ROW_BYTES, type PacketTable } from '../../src/core/capture/packetTable';
import { ethernetTcpFrame, pcapFile, PcapngWriter, tcpSpec, type PcapRecord } from './support/synthCapture';

const LIMIT = 100;

function read(bytes: Uint8Array, name: string, chunk = 997, maxRows = LIMIT): PacketTable {
  const stream = new CaptureStream(name, bytes.length, undefined, maxRows);
  for (let at = 0; at < bytes.length; at += chunk) stream.push(bytes.subarray(at, at + chunk));
  return stream.end();
}

function limitWarnings(t: PacketTable) {
  return t.warnings.filter((w) => w.message.includes('packet table is full'));
}

function pcapRecords(n: number): PcapRecord[] {
  return Array.from({ length: n }, (_, k) => ({ secs: 1_700_000_000 + k, frac: 0, frame: ethernetTcpFrame(tcpSpec(k % 50)) }));
}

describe('packet table row limit', () => {
  it('a pcap file with more packets than the limit is read up to it, and says at which offset it stopped', () => {
    const records = pcapRecords(250);
    const bytes = pcapFile(true, false, records);
    const t = read(bytes, 'many.pcap');
    expect(t.count).toBe(LIMIT);
    // Rows are intact up to the limit: the last one is record 100's.
    expect(t.secs[LIMIT - 1]).toBe(1_700_000_000 + LIMIT - 1);
    expect(t.sport[LIMIT - 1]).toBe(tcpSpec((LIMIT - 1) % 50).sport);
    const [w] = limitWarnings(t);
    expect(limitWarnings(t)).toHaveLength(1);
    let offset = 24;
    for (let k = 0; k < LIMIT; k++) offset += 16 + records[k].frame.length;
    expect(w.offset).toBe(offset);
    expect(w.frame).toBe(LIMIT + 1);
    expect(w.message).toContain(`full at ${LIMIT} packets`);
    expect(w.endsReading).toBe(true);
  });

  it('a capture of exactly the limit is read whole without the warning', () => {
    const t = read(pcapFile(true, false, pcapRecords(LIMIT)), 'exact.pcap');
    expect(t.count).toBe(LIMIT);
    expect(limitWarnings(t)).toHaveLength(0);
  });

  it('the warning is there even after a thousand other warnings', () => {
    // Records cut to 10 bytes of Ethernet frame each get a warning of their own.
    const records = pcapRecords(1500).map((r) => ({ ...r, frame: r.frame.subarray(0, 10) }));
    const t = read(pcapFile(true, false, records), 'short.pcap', 4096, 1200);
    expect(t.count).toBe(1200);
    expect(t.warnings.length).toBeGreaterThan(1000);
    expect(limitWarnings(t)).toHaveLength(1);
    expect(t.warnings.filter((w) => w.endsReading)).toEqual(limitWarnings(t));
  });

  it('pcapng: reading stops at the first packet block past the limit, not at a block without a row', () => {
    const w = new PcapngWriter().section(true).interface({ linkType: 1 });
    for (let k = 0; k < 250; k++) {
      w.other(0x0bad0001, [1, 2, 3, 4]);
      if (k % 2) w.enhanced(0, BigInt(k) * 1_000_000n, ethernetTcpFrame(tcpSpec(k % 50)));
      else w.simple(ethernetTcpFrame(tcpSpec(k % 50)));
    }
    const bytes = w.done();
    const t = read(bytes, 'many.pcapng');
    expect(t.count).toBe(LIMIT);
    expect(t.sport[LIMIT - 1]).toBe(tcpSpec((LIMIT - 1) % 50).sport);
    const [warning] = limitWarnings(t);
    expect(warning.frame).toBe(LIMIT + 1);
    // The offset is the start of block 101: its type reads 6 or 3 there (a simple packet block for even k).
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getUint32(warning.offset as number, true)).toBe(LIMIT % 2 ? 6 : 3);
  });

  it('tcpdump text: lines after the limit are not read, and the warning names the first of them', () => {
    const lines: string[] = [];
    for (let k = 0; k < 250; k++) {
      lines.push(`12:00:${String(k % 60).padStart(2, '0')}.000001 IP 10.0.0.1.${40000 + k} > 10.0.0.2.80: Flags [.], ack 1, win 502, length 0`);
    }
    const t = read(new TextEncoder().encode(lines.join('\n') + '\n'), 'many.txt', 333);
    expect(t.count).toBe(LIMIT);
    expect(t.sport[LIMIT - 1]).toBe(40000 + LIMIT - 1);
    const [w] = limitWarnings(t);
    expect(w.line).toBe(LIMIT + 1);
    expect(w.frame).toBe(LIMIT + 1);
  });

  it('tcpdump -v text: a held first line still gets its row; two rows a line never overrun the table', () => {
    // -v packets take two lines; a header line followed by another header line writes two rows.
    const lines: string[] = [];
    for (let k = 0; k < 150; k++) {
      lines.push(`12:00:00.${String(k).padStart(6, '0')} IP (tos 0x0, ttl 64, id ${k}, offset 0, flags [DF], proto TCP (6), length 52)`);
      if (k % 3) lines.push(`    10.0.0.1.${40000 + k} > 10.0.0.2.80: Flags [.], cksum 0x1234 (correct), ack 1, win 502, length 0`);
    }
    for (const limit of [LIMIT - 1, LIMIT, LIMIT + 1]) {
      const t = read(new TextEncoder().encode(lines.join('\n') + '\n'), 'verbose.txt', 4096, limit);
      expect(t.count).toBe(limit);
      const [w] = limitWarnings(t);
      expect(w.frame).toBe(limit + 1);
      expect(w.line).toBeGreaterThan(limit);
    }
  });

  it('the builder refuses a row past the limit instead of growing', () => {
    const b = new PacketTableBuilder('pcap', 16, undefined, 20);
    for (let k = 0; k < 20; k++) b.row();
    expect(b.full).toBe(true);
    expect(() => b.row()).toThrow(/full at 20 rows/);
    b.resize(1000);
    expect(b.capacity).toBe(20);
  });

  it('the limit follows the machine memory, within 32-bit offsets of one shared block', () => {
    expect(ROW_BYTES * MAX_TABLE_ROWS).toBeLessThanOrEqual(0xffff_ffff);
    expect(ROW_BYTES * (MAX_TABLE_ROWS + 1)).toBeGreaterThan(0xffff_ffff);
    expect(maxRowsForMemory(8 * 2 ** 30)).toBe(2 ** 25);
    expect(maxRowsForMemory(1e15)).toBe(MAX_TABLE_ROWS);
    expect(maxRowsForMemory(0)).toBe(2 ** 20);
  });
});
