// The packet table is sized from the rate of rows in the input read so far, not from the file's
// size alone: every column's partly written last huge page is resident memory, so room no row
// uses costs memory and time on large captures.
import { describe, expect, it } from 'vitest';
import { CaptureStream, readCaptureBytes } from '../../src/core/capture';
import { rowCapacity, type PacketTable } from '../../src/core/capture/packetTable';
import { countPcapRecords } from '../../src/core/capture/pcap';
import { countPcapngPackets } from '../../src/core/capture/pcapng';
import { ethernetTcpFrame, pcapFile, PcapngWriter, tcpSpec, type PcapRecord } from './support/synthCapture';

function frameOf(k: number, payload: number): Uint8Array {
  return ethernetTcpFrame({ ...tcpSpec(k % 7), payload });
}

function capture(payloads: number[]): Uint8Array {
  const records: PcapRecord[] = payloads.map((payload, k) => ({
    secs: 1_700_000_000 + (k >> 10),
    frac: k & 1023,
    frame: frameOf(k, payload),
  }));
  return pcapFile(true, false, records);
}

function pcapngCapture(payloads: number[], littleEndian: boolean): Uint8Array {
  const w = new PcapngWriter().section(littleEndian).interface({ linkType: 1 });
  payloads.forEach((payload, k) => {
    if (k % 3 === 0) w.other(0x0bad0001, [1, 2, 3, 4]);
    if (k % 2) w.enhanced(0, BigInt(k) * 1000n, frameOf(k, payload));
    else w.simple(frameOf(k, payload));
  });
  return w.done();
}

/** Reads `bytes` in chunks as a file of `sizeHint` bytes; also the largest capacity seen and how often it changed. */
function readChunked(bytes: Uint8Array, chunk: number, sizeHint = bytes.length) {
  const stream = new CaptureStream('sized.pcap', sizeHint);
  let capacity = 0;
  let changes = 0;
  for (let at = 0; at < bytes.length; at += chunk) {
    stream.push(bytes.subarray(at, at + chunk));
    const partial = stream.partial();
    if (partial && rowCapacity(partial) !== capacity) {
      capacity = rowCapacity(partial);
      changes++;
    }
  }
  return { table: stream.end(), capacity, changes };
}

function sameRows(a: PacketTable, b: PacketTable): void {
  expect(a.count).toBe(b.count);
  for (const name of ['secs', 'nanos', 'src', 'dst', 'sport', 'dport', 'seq', 'ack', 'len', 'wireLen', 'win', 'tcpFlags'] as const) {
    expect(Array.from(a[name]), name).toEqual(Array.from(b[name]));
  }
}

describe('packet table sizing', () => {
  it('sizes the table of a steady capture once, a few percent over its rows', () => {
    const bytes = capture(Array.from({ length: 20_000 }, () => 200));
    const { table, capacity, changes } = readChunked(bytes, 64 * 1024);
    expect(table.count).toBe(20_000);
    // size/64 rows would be 4.2 times the rows of these 270-byte records.
    expect(capacity).toBeGreaterThanOrEqual(table.count);
    expect(capacity).toBeLessThanOrEqual(Math.ceil(table.count * 1.03) + 4096 + 64);
    // Sized as the first chunk is read, never grown after.
    expect(changes).toBe(1);
    sameRows(table, readCaptureBytes(bytes, 'whole.pcap'));
  });

  it('grows the table when packets get smaller later, keeping every row', () => {
    const payloads = [...Array.from({ length: 5_000 }, () => 1_200), ...Array.from({ length: 40_000 }, () => 0)];
    const bytes = capture(payloads);
    const { table, capacity, changes } = readChunked(bytes, 32 * 1024);
    expect(table.count).toBe(45_000);
    expect(capacity).toBeGreaterThanOrEqual(table.count);
    // Each growth is at least a quarter: a handful of copies, not one per chunk.
    expect(changes).toBeLessThanOrEqual(12);
    sameRows(table, readCaptureBytes(bytes, 'whole.pcap'));
  });

  it('sizes a pcapng capture once, from its packet blocks', () => {
    for (const littleEndian of [true, false]) {
      const bytes = pcapngCapture(Array.from({ length: 12_000 }, () => 300), littleEndian);
      const { table, capacity, changes } = readChunked(bytes, 64 * 1024);
      expect(table.count).toBe(12_000);
      expect(capacity).toBeLessThanOrEqual(Math.ceil(table.count * 1.03) + 4096 + 64);
      expect(changes).toBe(1);
    }
  });

  it("counts the whole records in a file's first bytes without decoding them", () => {
    const payloads = Array.from({ length: 50 }, (_, k) => (k * 37) % 400);
    const pcap = capture(payloads);
    const pcapng = pcapngCapture(payloads, false);
    // Where each record ends, from the file's own layout.
    const pcapEnds: number[] = [];
    for (let pos = 24, k = 0; k < payloads.length; k++) pcapEnds.push((pos += 16 + frameOf(k, payloads[k]).length));
    for (const cut of [0, 23, 24, 100, pcapEnds[0], pcapEnds[0] + 1, pcapEnds[9] - 1, pcapEnds[9], pcap.length]) {
      expect(countPcapRecords(pcap.subarray(0, cut)), `pcap cut at ${cut}`).toBe(pcapEnds.filter((end) => end <= cut).length);
    }
    expect(countPcapngPackets(pcapng)).toBe(50);
    expect(countPcapngPackets(pcapng.subarray(0, pcapng.length - 1))).toBe(49);
    // A record length no capture has ends the count there.
    const broken = pcap.slice();
    new DataView(broken.buffer).setUint32(pcapEnds[4] + 8, 0x7fffffff, true);
    expect(countPcapRecords(broken)).toBe(5);
  });

  it('reads past a size hint that was too small, and without one', () => {
    const bytes = capture(Array.from({ length: 3_000 }, (_, k) => k % 300));
    const whole = readCaptureBytes(bytes, 'whole.pcap');
    sameRows(readChunked(bytes, 4096, bytes.length >> 2).table, whole);
    sameRows(readChunked(bytes, 4096, 0).table, whole);
  });
});
