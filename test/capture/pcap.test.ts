import { describe, expect, it } from 'vitest';
import { CaptureStream, NotACaptureError, readCaptureBytes, sniffCapture } from '../../src/core/capture';
import { absTime, PROTO_NAMES, type PacketTable } from '../../src/core/capture/packetTable';
import { ethernetTcpFrame, pcapFile, tcpSpec, type PcapRecord } from './support/synthCapture';

const records: PcapRecord[] = [0, 1, 2, 3].map((k) => ({
  secs: 1_700_000_000 + k,
  frac: 123 + k,
  frame: ethernetTcpFrame(tcpSpec(k)),
}));

function readInChunks(bytes: Uint8Array, size: number): PacketTable {
  const stream = new CaptureStream('chunked.pcap');
  for (let at = 0; at < bytes.length; at += size) {
    // A fresh copy each time, overwritten afterwards: the reader must not keep references into it.
    const chunk = bytes.slice(at, at + size);
    stream.push(chunk);
    chunk.fill(0xee);
  }
  return stream.end();
}

function rows(t: PacketTable): string[] {
  const out: string[] = [];
  for (let i = 0; i < t.count; i++) {
    out.push(
      [t.secs[i], t.nanos[i], PROTO_NAMES[t.proto[i]], t.addrs[t.src[i]], t.sport[i], t.addrs[t.dst[i]], t.dport[i],
        t.tcpFlags[i], t.seq[i], t.ack[i], t.win[i], t.len[i], t.wireLen[i]].join(' '),
    );
  }
  return out;
}

describe('classic pcap', () => {
  for (const littleEndian of [true, false]) {
    for (const nanos of [false, true]) {
      it(`reads the ${littleEndian ? 'little' : 'big'}-endian ${nanos ? 'nanosecond' : 'microsecond'} magic`, () => {
        const bytes = pcapFile(littleEndian, nanos, records);
        expect(sniffCapture(bytes)).toBe('pcap');
        const t = readCaptureBytes(bytes, 'x.pcap');
        expect(t.format).toBe('pcap');
        expect(t.count).toBe(4);
        expect(t.timePrecision).toBe(nanos ? 9 : 6);
        expect(t.secs[2]).toBe(1_700_000_002);
        expect(t.nanos[2]).toBe(nanos ? 125 : 125_000);
        expect(absTime(t, 2)).toBeCloseTo(1_700_000_002 + (nanos ? 125e-9 : 125e-6), 9);
        expect(t.interfaces).toEqual([{ linkType: 1, snapLen: 65535 }]);
        expect(rows(t)[3]).toBe(`1700000003 ${nanos ? 126 : 126000} tcp 10.0.0.1 40003 10.0.0.2 80 24 3000 10 503 9 ${54 + 9}`);
        expect(t.warnings).toEqual([]);
      });
    }
  }

  it('gives the same table whatever the chunk size, down to one byte', () => {
    const bytes = pcapFile(true, false, records);
    const whole = rows(readCaptureBytes(bytes, 'whole.pcap'));
    for (const size of [1, 2, 3, 7, 15, 16, 17, 23, 24, 25, 64, 77, 100]) {
      expect(rows(readInChunks(bytes, size)), `chunks of ${size}`).toEqual(whole);
    }
  });

  it('splits a record at every byte boundary', () => {
    const bytes = pcapFile(false, true, records);
    const whole = rows(readCaptureBytes(bytes, 'whole.pcap'));
    for (let cut = 1; cut < bytes.length; cut++) {
      const stream = new CaptureStream('split.pcap');
      stream.push(bytes.slice(0, cut));
      stream.push(bytes.slice(cut));
      expect(rows(stream.end()), `cut at ${cut}`).toEqual(whole);
    }
  });

  it('keeps the packets before a record cut short and names the offset of the cut', () => {
    const bytes = pcapFile(true, false, records);
    const t = readCaptureBytes(bytes.subarray(0, bytes.length - 5), 'cut.pcap');
    expect(t.count).toBe(3);
    const lastRecord = bytes.length - (16 + records[3].frame.length);
    expect(t.warnings).toEqual([{ message: expect.stringMatching(/^truncated record/), offset: lastRecord }]);
  });

  it('refuses a record header claiming 4 GB without allocating it', () => {
    const bytes = pcapFile(true, false, records.slice(0, 1));
    const hostile = new Uint8Array(bytes.length + 16);
    hostile.set(bytes);
    new DataView(hostile.buffer).setUint32(bytes.length + 8, 0xffffffff, true);
    const t = readCaptureBytes(hostile, 'hostile.pcap');
    expect(t.count).toBe(1);
    expect(t.warnings[0]).toMatchObject({ offset: bytes.length, message: expect.stringContaining('4294967295') });
  });

  it('reads the link type per file and warns once about one it does not decode', () => {
    const frame = ethernetTcpFrame(tcpSpec(1));
    const t = readCaptureBytes(pcapFile(true, false, [0, 1, 2].map((k) => ({ secs: k, frac: 0, frame })), 147), 'user0.pcap');
    expect(t.count).toBe(3);
    expect(Array.from(t.proto)).toEqual([0, 0, 0]);
    expect(t.warnings).toHaveLength(1);
    expect(t.warnings[0].message).toContain('link type 147');
  });

  it('names the file and the reason when it is not a capture', () => {
    expect(() => readCaptureBytes(new TextEncoder().encode('hello, this is just a note\n'), 'notes.txt')).toThrow(
      new NotACaptureError('notes.txt', 'not a pcap, pcapng or tcpdump text file'),
    );
    expect(() => readCaptureBytes(new Uint8Array(0), 'empty.pcap')).toThrow(/empty\.pcap: empty file/);
    expect(() => readCaptureBytes(Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0]), 'c.pcap.gz')).toThrow(/c\.pcap\.gz: gzip-compressed/);
    const header = pcapFile(true, false, []);
    expect(() => readCaptureBytes(header.subarray(0, 20), 'short.pcap')).toThrow(/short\.pcap: truncated pcap file header/);
  });
});
