// Input that is not clean tcpdump output: garbage, binary junk between packet lines, a log cut
// short, a line of megabytes, hostile host names. Nothing hangs, nothing is dropped silently,
// every unreadable line is named by its number.
import { describe, expect, it } from 'vitest';
import { PacketTableBuilder, Proto, TcpFlag } from '../../src/core/capture/packetTable';
import { MAX_LINE, TcpdumpTextReader, looksLikeTcpdumpText } from '../../src/core/capture/text/tcpdumpText';
import { readText } from './textCorpus';

const enc = new TextEncoder();
const LOG = [
  '10:50:09.891237 IP 202.108.87.165.62146 > 223.132.53.222.22: Flags [S], seq 4082233688, win 65535, options [mss 1460,nop,wscale 6,nop,nop,TS val 1948436430 ecr 0,sackOK,eol], length 0',
  '10:50:09.916918 IP 223.132.53.222.22 > 202.108.87.165.62146: Flags [S.], seq 2455219014, ack 4082233689, win 28960, options [mss 1460,sackOK,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,wscale 7], length 0',
  '10:50:09.916972 IP 202.108.87.165.62146 > 223.132.53.222.22: Flags [.], ack 1, win 4096, length 0',
  '10:50:09.917112 IP 202.108.87.165.62146 > 223.132.53.222.22: Flags [P.], seq 1:22, ack 1, win 4096, length 21: SSH: SSH-2.0-OpenSSH_7.9',
];

function text(lines: string[]): Uint8Array {
  return enc.encode(lines.join('\n') + '\n');
}

describe('hostile or damaged text', () => {
  it('garbage text gives no rows, one warning per line with its number, and is not sniffed as tcpdump', () => {
    const bytes = text(['Dear team,', 'the server at 10.0.0.1 is slow again > please look: thanks', '12:00 meeting']);
    const t = readText(bytes);
    expect(t.count).toBe(0);
    expect(t.warnings.map((w) => w.line)).toEqual([1, 2, 3]);
    expect(looksLikeTcpdumpText(bytes)).toBe(false);
    expect(looksLikeTcpdumpText(enc.encode('{"tool": "sockscope", "flows": []}\n'))).toBe(false);
    expect(looksLikeTcpdumpText(new Uint8Array(0))).toBe(false);
  });

  it('binary junk between packet lines is reported by line and the packets around it are kept', () => {
    const junk = String.fromCharCode(0, 1, 2, 0xff, 0xfe, 0x80, 0x1b) + '\u0000\u0007garbage';
    const t = readText(text([LOG[0], junk, LOG[1], junk + junk, LOG[2], LOG[3]]));
    expect(t.count).toBe(4);
    expect(t.warnings.map((w) => w.line)).toEqual([2, 4]);
    expect(t.ack[2]).toBe(2455219015);
    expect(t.seq[3]).toBe(4082233689);
  });

  it('a log cut inside its last line keeps every earlier row and reads what the cut line still says', () => {
    const full = LOG.join('\n');
    const cutInBody = enc.encode(full.slice(0, full.length - 40));
    const t = readText(cutInBody, 17);
    expect(t.count).toBe(4);
    expect(t.tcpFlags[3]).toBe(TcpFlag.Psh | TcpFlag.Ack);
    expect(t.seq[3]).toBe(4082233689);
    expect(t.len[3]).toBe(21); // from `seq 1:22`, the `length` field being cut off
    const cutInStamp = enc.encode(LOG.slice(0, 3).join('\n') + '\n10:50:0');
    const u = readText(cutInStamp, 5);
    expect(u.count).toBe(3);
    expect(u.warnings).toEqual([{ message: expect.stringMatching(/incomplete/), line: 4 }]);
  });

  it('a line of megabytes is read up to the cap, with a warning, in bounded memory and time', () => {
    const huge = '10:50:09.916972 IP 1.2.3.4.5 > 6.7.8.9.10: Flags [.], ack 1, win 4096, length 0, ' + 'A'.repeat(8 * MAX_LINE);
    for (const chunk of [1 << 20, 4093, 8 * MAX_LINE + 1000]) {
      const started = performance.now();
      const t = readText(text([LOG[0], huge, LOG[1], 'x'.repeat(3 * MAX_LINE), LOG[2]]), chunk);
      expect(performance.now() - started).toBeLessThan(5000);
      expect(t.count).toBe(4);
      expect(t.warnings.filter((w) => /longer than/.test(w.message)).map((w) => w.line)).toEqual([2, 4]);
      // The capped line 4 is printable text after a packet: read like -A payload, not warned twice.
      expect(t.warnings.filter((w) => !/longer than/.test(w.message))).toEqual([]);
      expect(t.addrs).toContain('1.2.3.4');
      expect(t.ack[3]).toBe(2455219015);
    }
  });

  it('a reader fed byte by byte builds the same table as one fed whole', () => {
    const bytes = text([...LOG, 'tcpdump: listening on eth0', ...LOG]);
    const whole = readText(bytes, bytes.length);
    const bytewise = readText(bytes, 1);
    expect(bytewise.count).toBe(8);
    expect([...bytewise.seq]).toEqual([...whole.seq]);
    expect([...bytewise.ack]).toEqual([...whole.ack]);
    expect(bytewise.addrs).toEqual(whole.addrs);
    expect(bytewise.warnings).toEqual([]);
  });

  it('a hostile host name is kept literally as the address', () => {
    const name = '<img src=x onerror=alert(1)>';
    const t = readText(text([
      `12:00:00.000000 IP ${name}.http > 10.0.0.1.5000: Flags [S.], seq 7, ack 8, win 100, length 0`,
      `12:00:00.000100 IP 10.0.0.1.5000 > ${name}.80: Flags [.], ack 1, win 100, length 0`,
    ]));
    expect(t.warnings).toEqual([]);
    expect(t.addrs).toEqual([name, '10.0.0.1']);
    expect([t.src[0], t.sport[0], t.dport[0]]).toEqual([0, 80, 5000]);
    expect([t.dst[1], t.dport[1], t.ack[1]]).toEqual([0, 80, 8]);
  });

  it('numbers too large for their field are not wrapped into plausible values', () => {
    const t = readText(text(['12:00:00.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 99999999999999999999, win 99999999, length 0']));
    expect(t.count).toBe(1);
    expect(t.seq[0]).toBe(0);
    expect(t.win[0]).toBe(0);
  });

  it('framing lines of a live capture are skipped silently, statistics and ^C included', () => {
    const t = readText(text([
      'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode',
      'listening on lo, link-type EN10MB (Ethernet), snapshot length 262144 bytes',
      ...LOG,
      '^C',
      '4 packets captured',
      '8 packets received by filter',
      '0 packets dropped by kernel',
    ]));
    expect(t.count).toBe(4);
    expect(t.warnings).toEqual([]);
  });

  it('a pasted terminal session: the command with its prompt, notices, packets, ^C and statistics', () => {
    const t = readText(text([
      '$ sudo tcpdump -i any -nn -c 2',
      'tcpdump: data link type LINUX_SLL2',
      'listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes',
      LOG[0].replace(' IP ', ' lo    In  IP '),
      LOG[1].replace(' IP ', ' eth0  Out IP '),
      '^C2 packets captured',
      '4 packets received by filter',
    ]));
    expect(t.warnings).toEqual([]);
    expect(t.count).toBe(2);
    expect(t.addrs).toEqual(['202.108.87.165', '223.132.53.222']);
  });

  it('-A payload text between packet lines is passed over; control bytes are not', () => {
    const t = readText(text([LOG[0], 'E..<.(@.@..v.....W.....5#....', 'GET / HTTP/1.1', LOG[1], 'bad\u0001line', LOG[2]]));
    expect(t.count).toBe(3);
    expect(t.warnings.map((w) => w.line)).toEqual([5]);
  });

  it('ARP, ICMP and UDP lines keep their rows with the protocol they are', () => {
    const t = readText(text([
      '10:56:07.271458 IP 127.0.0.1 > 127.0.0.1: ICMP 127.0.0.1 udp port 18082 unreachable, length 41',
      '20:27:23.396497 arp who-has 192.168.1.1 tell 192.168.1.73',
      '09:19:54.740079 IP 192.168.1.11.43966 > 209.87.249.18.domain: 22836+ [1au] A? www.tcpdump.org. (56)',
      '15:42:50.464436 IP6 ::1.43757 > ::1.8053: UDP, length 56',
      '17:16:09.924505 STP 802.1d, Config, Flags [none], bridge-id 8000.00:19:06:ea:b8:85.8004, length 43',
    ]));
    expect(t.warnings).toEqual([]);
    expect([...t.proto]).toEqual([Proto.Ipv4, Proto.Arp, Proto.Udp, Proto.Udp, Proto.Other]);
    expect([t.addrs[t.src[1]], t.addrs[t.dst[1]]]).toEqual(['192.168.1.73', '192.168.1.1']);
    expect([t.dport[2], t.len[2]]).toEqual([53, 56]);
    expect([t.addrs[t.src[3]], t.sport[3], t.len[3]]).toEqual(['::1', 43757, 56]);
  });
});

describe('format sniffing', () => {
  it('reads a head cut anywhere: only complete lines count', () => {
    const bytes = text(LOG);
    expect(looksLikeTcpdumpText(bytes.subarray(0, bytes.length - 30))).toBe(true);
    const b = new PacketTableBuilder('tcpdump-text');
    new TcpdumpTextReader(b).end();
    expect(b.count).toBe(0);
  });
});
