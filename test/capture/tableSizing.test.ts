// The packet table is sized from the rate of rows in the input read so far, not from the file's
// size alone: every column's partly written last huge page is resident memory, so room no row
// uses costs memory and time on large captures.
import { describe, expect, it } from 'vitest';
import { CaptureStream, readCaptureBytes } from '../../src/core/capture';
import { rowCapacity, type PacketTable } from '../../src/core/capture/packetTable';
import { ethernetTcpFrame, pcapFile, tcpSpec, type PcapRecord } from './support/synthCapture';

function capture(payloads: number[]): Uint8Array {
  const records: PcapRecord[] = payloads.map((payload, k) => ({
    secs: 1_700_000_000 + (k >> 10),
    frac: k & 1023,
    frame: ethernetTcpFrame({ ...tcpSpec(k % 7), payload }),
  }));
  return pcapFile(true, false, records);
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

  it('reads past a size hint that was too small, and without one', () => {
    const bytes = capture(Array.from({ length: 3_000 }, (_, k) => k % 300));
    const whole = readCaptureBytes(bytes, 'whole.pcap');
    sameRows(readChunked(bytes, 4096, bytes.length >> 2).table, whole);
    sameRows(readChunked(bytes, 4096, 0).table, whole);
  });
});
