// Every TCP packet our readers decode matches what tshark 4.0 decodes, field by field, for every
// capture in the corpus that tshark reads cleanly: the peer corpus against its stored oracle, and
// the real-kernel recordings against tshark run here.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCaptureFile } from '../../src/io/readCaptureFile';
import { Proto, type PacketTable } from '../../src/core/capture/packetTable';
import { CORPUS, HAS_SHARED, hasTool, requireOrSkip } from '../support/shared';
import { oracleExit, oracleTcpRows, PEER, peerCaptures, realCaptures, tsharkTcpRows } from './support/corpusFiles';

/** Captures where a difference from tshark is expected, and why. */
const EXCEPTIONS: Record<string, { reason: string; skipFrames?: number[]; extraFrames?: number[]; noTime?: boolean; address?: 'outer' }> = {
  'tcpdump/of13_ericsson.pcapng': {
    reason: "OpenFlow messages carry whole frames inside TCP; tshark adds their addresses to ip.src after the outer ones, we keep the packet's own (outer) addresses",
    address: 'outer',
  },
  'samples/pcapplusplus/frag_http_req.pcap': {
    reason: 'tshark reassembles the IPv4 fragments and shows the TCP segment on the last fragment (frame 11); we decode the TCP header where it is, in the first fragment (frame 1)',
    skipFrames: [11],
    extraFrames: [1],
  },
  'tcpdump/timestamp_invalid_micro.pcap': {
    reason: 'the records carry a fraction of a second ≥ 1 s; tshark prints the raw digits, we carry the excess into the seconds and warn',
    noTime: true,
  },
  'tcpdump/timestamp_invalid_nano.pcap': {
    reason: 'as timestamp_invalid_micro, with nanosecond fractions',
    noTime: true,
  },
};
/** Files tshark reads (as empty) but libpcap refuses to open; we side with libpcap (see the malformed-file tests). */
const REFUSED_LIKE_LIBPCAP = new Set([
  'samples/pcapng-test-generator/output_le/basic/test002.pcapng',
  'samples/pcapng-test-generator/output_be/basic/test002.pcapng',
  'samples/pcapng-test-generator/output_le/basic/test017.pcapng',
  'samples/pcapng-test-generator/output_be/basic/test017.pcapng',
]);

const run = HAS_SHARED && requireOrSkip('tshark', hasTool('tshark'));

function last(list: string): string {
  const parts = list.split(',');
  return parts[parts.length - 1];
}

/** Differences between our row and tshark's (empty tshark fields are ones it could not decode: not compared). */
function compareRow(t: PacketTable, o: string[], options: { noTime?: boolean; address?: 'outer' }): string[] {
  const i = Number(o[0]) - 1;
  if (i >= t.count) return ['row missing'];
  const diffs: string[] = [];
  if (t.proto[i] !== Proto.Tcp) diffs.push(`proto ${t.proto[i]}`);
  if (!options.noTime) {
    const [whole, fraction = '0'] = o[1].split('.');
    const wantNanos = Number(fraction.padEnd(9, '0').slice(0, 9));
    const diffNs = (t.secs[i] - Number(whole)) * 1e9 + (t.nanos[i] - wantNanos);
    if (Math.abs(diffNs) >= 10 ** (9 - t.timePrecision)) diffs.push(`time ${t.secs[i]}.${t.nanos[i]} vs ${o[1]}`);
  }
  const pick = options.address === 'outer' ? (s: string) => s.split(',')[0] : last;
  const expectField = (name: string, got: string | number, want: string): void => {
    if (want !== '' && String(got) !== want) diffs.push(`${name} ${got} vs ${want}`);
  };
  expectField('src', t.addrs[t.src[i]], pick(o[2] || o[3]));
  expectField('sport', t.sport[i], o[4]);
  expectField('dst', t.addrs[t.dst[i]], pick(o[5] || o[6]));
  expectField('dport', t.dport[i], o[7]);
  expectField('flags', `0x${t.tcpFlags[i].toString(16).padStart(4, '0')}`, o[8]);
  expectField('seq_raw', t.seq[i], o[9]);
  expectField('ack_raw', t.ack[i], o[10]);
  expectField('win', t.win[i], o[11]);
  expectField('len', t.len[i], o[12]);
  return diffs;
}

/** Compares all TCP rows of one file; returns the number of rows compared. */
function compareFile(name: string, t: PacketTable, oracle: string[][]): number {
  const exception = EXCEPTIONS[name] ?? { reason: '' };
  const frames = new Set<number>();
  const problems: string[] = [];
  let compared = 0;
  for (const o of oracle) {
    const frame = Number(o[0]);
    frames.add(frame);
    if (exception.skipFrames?.includes(frame)) continue;
    const diffs = compareRow(t, o, exception);
    if (diffs.length) problems.push(`frame ${frame}: ${diffs.join('; ')}`);
    compared++;
  }
  for (let i = 0; i < t.count; i++) {
    if (t.proto[i] === Proto.Tcp && !frames.has(i + 1) && !exception.extraFrames?.includes(i + 1)) {
      problems.push(`frame ${i + 1}: we decode TCP, tshark does not`);
    }
  }
  expect(problems.slice(0, 10), name).toEqual([]);
  return compared;
}

describe.runIf(run)('TCP rows match tshark', () => {
  it('on every peer-corpus capture tshark reads cleanly', () => {
    let files = 0;
    let rows = 0;
    const captures = [...peerCaptures('tcpdump'), ...peerCaptures('samples')].filter(
      (rel) => !rel.startsWith('samples/libpcap-malformed/'),
    );
    for (const rel of captures) {
      if (oracleExit(rel) !== 0) continue;
      if (REFUSED_LIKE_LIBPCAP.has(rel)) {
        expect(() => readCaptureFile(path.join(PEER, rel)), rel).toThrow(/no interface description block/);
        continue;
      }
      rows += compareFile(rel, readCaptureFile(path.join(PEER, rel)), oracleTcpRows(rel));
      files++;
    }
    console.log(`[tshark oracle] ${files} peer captures, ${rows} TCP rows compared`);
    expect(files).toBeGreaterThan(200);
    expect(rows).toBeGreaterThan(3800);
  });

  describe('on the real-kernel recordings (tshark run here)', () => {
    // capture.pcap is capture.pcapng converted to microseconds, frame for frame (corpus/real/INDEX.md),
    // so tshark runs once per recording, on the pcapng, and both files are compared with its rows.
    const pcapngs = HAS_SHARED ? realCaptures().filter((f) => f.endsWith('.pcapng')) : [];
    const oracles = new Map<string, string[][]>();
    beforeAll(async () => {
      // Two at a time: the machine is shared.
      for (let k = 0; k < pcapngs.length; k += 2) {
        const batch = pcapngs.slice(k, k + 2);
        const results = await Promise.all(batch.map((f) => tsharkTcpRows(f)));
        batch.forEach((f, j) => oracles.set(f, results[j]));
      }
    });

    it('match field by field, pcap (µs) and pcapng (ns) alike', () => {
      let rows = 0;
      let files = 0;
      for (const pcapng of pcapngs) {
        const oracle = oracles.get(pcapng) ?? [];
        for (const file of [pcapng, pcapng.replace(/\.pcapng$/, '.pcap')]) {
          const t = readCaptureFile(file);
          expect(t.warnings, file).toEqual([]);
          expect(t.timePrecision, file).toBe(file.endsWith('.pcapng') ? 9 : 6);
          rows += compareFile(path.relative(CORPUS, file), t, oracle);
          files++;
        }
      }
      console.log(`[tshark live] ${files} real captures, ${rows} TCP rows compared`);
      expect(files).toBeGreaterThanOrEqual(20);
    });
  });
});
