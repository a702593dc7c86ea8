// The -t flavours of one capture (ssh.pcap, printed by tcpdump 4.99.3 with each option) give the
// same packet times as the capture, in the terms each flavour can carry; and every kind of log
// in the corpus is recognised as tcpdump text from its first bytes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, HAS_SHARED } from '../support/shared';
import { looksLikeTcpdumpText } from '../../src/core/capture/text/tcpdumpText';
import type { PacketTable } from '../../src/core/capture/packetTable';
import { TEXT_ROOT, readText, readTextFile, tcpTruth, textLogs } from './textCorpus';

const variant = (suffix: string) => readTextFile(path.join(TEXT_ROOT, 'variants', `ssh.pcap.${suffix}.txt`));
const time = (t: PacketTable, i: number) => t.secs[i] + t.nanos[i] * 1e-9;
const enc = new TextEncoder();

describe.skipIf(!HAS_SHARED)('timestamp flavours', () => {
  it('default, -tt, -tttt, -t, -ttt and -ttttt agree with the capture', () => {
    const truth = tcpTruth(path.join(CORPUS, 'peer/tcpdump/ssh.pcap'));
    const first = truth[0].time;
    const tod = variant('nn-e'); // default time of day (with -e)
    const tt = variant('nn-tt');
    const none = variant('nn-t');
    const ttt = variant('nn-ttt');
    const ttttt = variant('nn-ttttt');
    expect(tod.dateKnown).toBe(false);
    expect(tt.dateKnown).toBe(true);
    expect(none.dateKnown).toBe(false);
    expect(ttt.dateKnown).toBe(false);
    expect([tod.timePrecision, tt.timePrecision, none.timePrecision]).toEqual([6, 6, 0]);
    for (const r of truth) {
      const i = r.frame - 1;
      expect(time(tt, i)).toBeCloseTo(r.time, 6);
      expect(time(tod, i)).toBeCloseTo(r.time % 86400, 6);
      expect(time(none, i)).toBe(0);
      // -ttt is per-packet deltas: read back as the running sum, it equals -ttttt.
      expect(time(ttt, i)).toBeCloseTo(r.time - first, 5);
      expect(time(ttttt, i)).toBeCloseTo(r.time - first, 5);
    }
  });

  it('--nano prints 9 digits and the precision says so', () => {
    const t = readTextFile(path.join(TEXT_ROOT, 'variants', 'tcp-handshake-nano.pcap.nn-nano-tttt.txt'));
    expect(t.timePrecision).toBe(9);
    expect(t.dateKnown).toBe(true);
    const truth = tcpTruth(path.join(CORPUS, 'peer/tcpdump/tcp-handshake-nano.pcap'));
    expect(t.nanos[0] % 1000).not.toBe(0);
    expect(Math.abs(time(t, 0) - truth[0].time)).toBeLessThan(1e-6);
  });

  it('a time of day that falls back across midnight moves to the next day', () => {
    const t = readText(enc.encode([
      '23:59:59.900000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 1, win 10, length 0',
      '00:00:00.100000 IP 10.0.0.2.2 > 10.0.0.1.1: Flags [S.], seq 5, ack 2, win 10, length 0',
    ].join('\n')));
    expect(time(t, 0)).toBeCloseTo(86399.9, 6);
    expect(time(t, 1)).toBeCloseTo(86400.1, 6);
  });

  it('-S logs are recognised: absolute and relative printing give the same numbers', () => {
    const rel = readTextFile(path.join(TEXT_ROOT, 'tcpdump', 'ssh.pcap.nn.txt'));
    const abs = variant('nn-S');
    expect(abs.count).toBe(rel.count);
    expect([...abs.seq]).toEqual([...rel.seq]);
    expect([...abs.ack]).toEqual([...rel.ack]);
  });
});

/** Logs that hold (almost) no IP or ARP packet line: nothing tells them from other timestamped text. */
const NOT_SNIFFABLE: { log: RegExp; reason: string }[] = [
  { log: /pcapplusplus\/(micro|nano)secs(_big_endian)?\.pcap/, reason: 'frames of an unknown ethertype only' },
  { log: /tcpdump\/(aoe-oobr-1|unsupported-link-type-(160|dbus))\.pcap/, reason: 'AoE / unsupported link types only' },
  {
    log: /tcpdump\/(heap-overflow-1|heapoverflow-ip_demux_print|bad-ipv4-version-pgm-heapoverflow|ipv6_39_byte_header|ipv6_invalid_length)\.pcap/,
    reason: 'fuzzed frames tcpdump cannot decode as IP (`unknown ip 3`, `[|ip6]`, unknown ethertype)',
  },
  { log: /tcpdump\/(icmp-icmp_print-oobr-2|rsvp-rsvp_obj_print-oobr)\.pcap/, reason: 'mostly `[Invalid header]` records, one IP line among three' },
  { log: /pcapplusplus\/ip4_bad_fragment\.pcap\.nn-v/, reason: 'one fuzzed MPLS frame whose IP header tcpdump prints on an indented line' },
];

describe.skipIf(!HAS_SHARED)('sniffing', () => {
  it('recognises every kind of tcpdump log in the corpus that has packets', () => {
    const missed: string[] = [];
    let checked = 0;
    for (const log of textLogs()) {
      if (NOT_SNIFFABLE.some((x) => x.log.test(log.name))) continue;
      const head = readFileSync(log.text).subarray(0, 4096);
      // Logs of captures tcpdump could not read hold no packet line.
      if (readText(head).count === 0) continue;
      checked++;
      if (!looksLikeTcpdumpText(head)) missed.push(log.name);
    }
    for (const seed of ['tc2-stuck-after-outage.txt', 'tc2-recovers-without-nodelay.txt']) {
      checked++;
      if (!looksLikeTcpdumpText(readFileSync(path.join(CORPUS, 'seed', seed)))) missed.push(seed);
    }
    console.log(`[capture-text] sniffed ${checked} logs`);
    for (const x of NOT_SNIFFABLE) console.log(`[capture-text] not sniffed ${x.log.source}: ${x.reason}`);
    expect(missed).toEqual([]);
  });

  it('does not take other text for tcpdump output', () => {
    const others = [
      readFileSync(path.join(CORPUS, 'peer/README.md')),
      readFileSync(path.join(CORPUS, 'peer/tcpdump-text-formats.md')),
      readFileSync(path.join(CORPUS, 'peer/tshark-oracle/tcpdump/ssh.pcap.tcp.tsv')),
      readFileSync(path.join(CORPUS, 'peer/tcpdump/ssh.pcap')),
    ];
    for (const bytes of others) expect(looksLikeTcpdumpText(bytes.subarray(0, 4096))).toBe(false);
  });
});
