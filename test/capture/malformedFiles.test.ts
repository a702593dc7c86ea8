// Damaged files: the readers agree with libpcap on whether a file can be read at all, keep the
// packets before the damage (as many as tcpdump printed), name the damage's byte offset, never
// throw anything but NotACaptureError, and never trust a length they have not checked.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureStream, NotACaptureError, readCaptureBytes } from '../../src/core/capture';
import { readCaptureFile } from '../../src/io/readCaptureFile';
import { HAS_SHARED } from '../support/shared';
import { PEER } from './support/corpusFiles';
import { ethernetTcpFrame, pcapFile, PcapngWriter, tcpSpec } from './support/synthCapture';

const MALFORMED = path.join(PEER, 'samples/libpcap-malformed');
const TEXT = path.join(PEER, 'tcpdump-text');

describe.runIf(HAS_SHARED)('malformed corpus files', () => {
  it("refuses every file libpcap's test suite fails to open, naming the file", () => {
    const expected = readFileSync(path.join(MALFORMED, 'EXPECTED.tsv'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#') && !l.startsWith('file\t'))
      .map((l) => l.split('\t'));
    expect(expected.length).toBe(22);
    for (const [file, , , libpcapError] of expected) {
      expect(libpcapError, file).toMatch(/^Failed opening/);
      let thrown: unknown;
      try {
        readCaptureFile(path.join(MALFORMED, file));
      } catch (e) {
        thrown = e;
      }
      expect(thrown, file).toBeInstanceOf(NotACaptureError);
      expect((thrown as Error).message, file).toContain(file);
    }
  });

  it("reads every deliberately broken file of tcpdump's suite, as libpcap does, keeping every record", () => {
    const manifest = readFileSync(path.join(PEER, 'tcpdump/MANIFEST.tsv'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#') && !l.startsWith('capture_file\t'))
      .map((l) => l.split('\t'));
    const broken = new Map<string, number>();
    for (const row of manifest) if (row[8].split(',').includes('broken')) broken.set(row[0], Number(row[6]));
    expect(broken.size).toBeGreaterThan(40);
    const warnings = new Map<string, string[]>();
    for (const [file, records] of broken) {
      const verdict = readFileSync(path.join(TEXT, 'tcpdump', `${file}.stderr.txt`), 'utf8');
      expect(verdict, file).toMatch(/# exit=0/);
      const t = readCaptureFile(path.join(PEER, 'tcpdump', file));
      expect(t.count, file).toBe(records);
      for (const w of t.warnings) {
        expect(w.offset, `${file}: ${w.message}`).toBeGreaterThanOrEqual(0);
        expect(w.offset, `${file}: ${w.message}`).toBeLessThanOrEqual(t.bytes);
      }
      warnings.set(file, t.warnings.map((w) => w.message));
    }
    // Damage in the layers we decode is named; damage inside application payloads is not ours to see.
    const named: [string, RegExp][] = [
      ['ipv4_invalid_hdr_length.pcap', /^malformed IPv4 header \(version 4, header length 16\)/],
      ['ipv4_invalid_total_length_2.pcap', /^malformed IPv4 total length 19/],
      ['ipv6_39_byte_header.pcap', /^truncated IPv6 header/],
      ['tcp_header_heapoverflow.pcap', /^truncated TCP header/],
      ['udp-length-heapoverflow.pcap', /^truncated UDP header/],
      ['aoe-oobr-1.pcap', /captured length 34 exceeds the original length 32/],
      ['timestamp_invalid_micro.pcap', /^malformed timestamp/],
    ];
    for (const [file, message] of named) expect(warnings.get(file), file).toContainEqual(expect.stringMatching(message));
  });

  it('keeps the packets before a cut, as many as tcpdump printed, and names where the file ends', () => {
    const derived = path.join(PEER, 'samples/derived');
    const cut = readdirSync(derived).filter((f) => f.includes('truncated'));
    expect(cut.length).toBe(3);
    for (const file of cut) {
      const verdict = readFileSync(path.join(TEXT, 'samples/derived', `${file}.stderr.txt`), 'utf8');
      expect(verdict, file).toMatch(/# exit=1\n[^\n]*\ntcpdump: pcap_loop: truncated/);
      const printed = readFileSync(path.join(TEXT, 'samples/derived', `${file}.nn.txt`), 'utf8')
        .split('\n')
        .filter((l) => /^\d\d:\d\d:\d\d/.test(l)).length;
      const bytes = readFileSync(path.join(derived, file));
      const t = readCaptureFile(path.join(derived, file));
      expect(t.count, file).toBe(printed);
      expect(t.warnings, file).toHaveLength(1);
      expect(t.warnings[0].message, file).toMatch(/^truncated/);
      // The offset is the start of the incomplete record, which runs to the end of the file.
      expect(t.warnings[0].offset, file).toBeGreaterThan(0);
      expect(t.warnings[0].offset, file).toBeLessThan(bytes.length);
    }
  });

  it('survives random damage to real captures: a table or NotACaptureError, nothing else, never a hang', () => {
    const sources = ['tcpdump/print-flags.pcap', 'samples/chrissanders-packets/tcp_dupack.pcapng', 'samples/pcapplusplus/sll2.pcap',
      'samples/pcapng-test-generator/output_be/difficult/test202.pcapng'];
    let seed = 12345;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    let tables = 0;
    let refused = 0;
    for (const rel of sources) {
      const original = readFileSync(path.join(PEER, rel));
      for (let trial = 0; trial < 150; trial++) {
        const bytes = Uint8Array.from(original);
        const flips = 1 + random(8);
        // Headers are where lengths live: aim half the damage at the first 64 bytes.
        for (let k = 0; k < flips; k++) bytes[random(2) ? random(Math.min(64, bytes.length)) : random(bytes.length)] = random(256);
        const cutAt = random(3) === 0 ? random(bytes.length) : bytes.length;
        try {
          const t = readCaptureBytes(bytes.subarray(0, cutAt), rel);
          expect(t.count).toBeLessThanOrEqual(cutAt / 12);
          tables++;
        } catch (e) {
          if (!(e instanceof NotACaptureError)) throw new Error(`${rel} trial ${trial}: ${String(e)}`);
          refused++;
        }
      }
    }
    expect(tables + refused).toBe(sources.length * 150);
    expect(tables).toBeGreaterThan(0);
  });
});

describe('hostile lengths', () => {
  it('does not allocate for a pcapng block claiming 4 GB: the reading stops with a warning', () => {
    const good = new PcapngWriter().section(true).interface({}).enhanced(0, 1n, ethernetTcpFrame(tcpSpec(1))).done();
    const hostile = new Uint8Array(good.length + 12);
    hostile.set(good);
    const view = new DataView(hostile.buffer);
    view.setUint32(good.length, 6, true);
    view.setUint32(good.length + 4, 0xfffffff0, true);
    const stream = new CaptureStream('hostile.pcapng');
    stream.push(hostile);
    const t = stream.end();
    expect(t.count).toBe(1);
    expect(t.warnings).toEqual([{ message: expect.stringContaining('length 4294967280'), offset: good.length + 4, endsReading: true }]);
  });

  it('stops at the 65,537th interface description: the interface column holds 16 bits', () => {
    const w = new PcapngWriter().section(true);
    for (let k = 0; k < 65536; k++) w.interface({});
    const before = w.done().length;
    w.interface({}).enhanced(0, 1n, ethernetTcpFrame(tcpSpec(1)));
    const stream = new CaptureStream('interfaces.pcapng');
    stream.push(w.done());
    const t = stream.end();
    expect(t.interfaces).toHaveLength(65536);
    expect(t.count).toBe(0);
    expect(t.warnings).toEqual([{ message: expect.stringContaining('more than 65536 interface descriptions'), offset: before, endsReading: true }]);
  });

  it('keeps the warning that stopped reading after a thousand others', () => {
    // 1,200 records of 10-byte frames (a warning each), then a record header claiming 4 GB.
    const records = Array.from({ length: 1200 }, (_, k) => ({ secs: k, frac: 0, frame: ethernetTcpFrame(tcpSpec(1)).subarray(0, 10) }));
    const good = pcapFile(true, false, records);
    const hostile = new Uint8Array(good.length + 16);
    hostile.set(good);
    new DataView(hostile.buffer).setUint32(good.length + 8, 0xfffffff0, true);
    const stream = new CaptureStream('hostile.pcap');
    stream.push(hostile);
    const t = stream.end();
    expect(t.count).toBe(1200);
    expect(t.warnings).toHaveLength(1002);
    expect(t.warnings[1000].message).toBe('further warnings suppressed');
    expect(t.warnings[1001]).toEqual({ message: expect.stringContaining('captured length 4294967280'), offset: good.length, endsReading: true });
  });
});
