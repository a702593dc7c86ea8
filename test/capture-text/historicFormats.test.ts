// Shapes of tcpdump output older than the corpus' captures cover (tcpdump-text-formats.md §1–§2):
// no IP tag (BSD ≤ 3.7), the Red Hat "ANK" interface prefix, `(DF)` trailers, the -v header on
// the same line (3.9), `[tcp sum ok]` (3.8), `sack sack N {…}`, `length: N`. The lines are made up
// here in those shapes; the numbers are checked by hand against tcpdump's relative numbering.
import { describe, expect, it } from 'vitest';
import { Proto, TcpFlag, TcpOpt, sackOf } from '../../src/core/capture/packetTable';
import { readText } from './textCorpus';

const read = (lines: string[]) => readText(new TextEncoder().encode(lines.join('\n') + '\n'));

describe('tcpdump before 4.0', () => {
  it('BSD lines without an IP tag, with service names and the (DF) trailer', () => {
    const t = read([
      '09:00:00.000001 alpha.1023 > beta.login: S 5000:5000(0) win 4096 <mss 1024> (DF)',
      '09:00:00.000002 beta.login > alpha.1023: S 9000:9000(0) ack 5001 win 4096 <mss 1024>',
      '09:00:00.000003 alpha.1023 > beta.login: . ack 1 win 4096',
      '09:00:00.000004 alpha.1023 > beta.login: P 1:20(19) ack 1 win 4096 (DF)',
      '09:00:00.000005 beta.login > alpha.1023: P 1:2(1) ack 20 win 4077 urg 1',
    ]);
    expect(t.warnings).toEqual([]);
    expect(t.addrs).toEqual(['alpha', 'beta']);
    expect([...t.dport.slice(0, 1), t.sport[1]]).toEqual([513, 513]);
    expect([...t.seq]).toEqual([5000, 9000, 5001, 5001, 9001]);
    expect([...t.ack]).toEqual([0, 5001, 9001, 9001, 5020]);
    expect(t.tcpFlags[4]).toBe(TcpFlag.Psh | TcpFlag.Ack | TcpFlag.Urg);
    expect(t.mss[0]).toBe(1024);
  });

  it('the ANK build: interface and direction before the addresses', () => {
    const t = read([
      '13:00:00.100000 eth0 > host-a.example.47029 > host-b.example.ftp: S 100:100(0) win 5840 <mss 1460,sackOK,timestamp 11 0,nop,wscale 0> (DF) (ttl 64, id 0)',
      '13:00:00.200000 eth0 < host-b.example.ftp > host-a.example.47029: S 700:700(0) ack 101 win 32120 <mss 1460,sackOK,timestamp 22 11,nop,wscale 0> (DF) (ttl 51, id 1)',
      '13:00:00.200100 eth0 > host-a.example.47029 > host-b.example.ftp: . 1:1(0) ack 1 win 5840 <nop,nop,timestamp 12 22> (DF) (ttl 64, id 0)',
    ]);
    expect(t.warnings).toEqual([]);
    expect(t.addrs).toEqual(['host-a.example', 'host-b.example']);
    expect([t.sport[0], t.dport[0]]).toEqual([47029, 21]);
    expect([...t.seq]).toEqual([100, 700, 101]);
    expect(t.ack[2]).toBe(701);
    expect([t.tsval[1], t.tsecr[1]]).toEqual([22, 11]);
    expect(t.opts[0] & (TcpOpt.Mss | TcpOpt.SackPermitted | TcpOpt.Timestamps | TcpOpt.WindowScale)).toBe(0x17);
  });

  it('3.x IPv6 without a tag, SACK named twice, relative edges made absolute', () => {
    const t = read([
      '13:57:39.000001 2001:db8::2.8000 > client.example.33035: . 500000:501208(1208) ack 70000 win 5712 <nop,nop,timestamp 5 6>',
      '13:57:39.000002 client.example.33035 > 2001:db8::2.8000: . ack 1208 win 32616 <nop,nop,timestamp 7 5,nop,nop,sack sack 1 {2416:3624} >',
    ]);
    expect(t.warnings).toEqual([]);
    expect(t.addrs).toEqual(['2001:db8::2', 'client.example']);
    expect(t.ack[1]).toBe(500000 + 1208);
    expect(sackOf(t, 1)).toEqual([500000 + 2416, 500000 + 3624]);
  });

  it('3.9 -v on one line, 3.8 checksum notes, and `length:` for UDP', () => {
    const t = read([
      '16:48:49.844750 IP (tos 0x0, ttl 64, id 7514, offset 0, flags [DF], proto TCP (6), length 60) 10.1.1.2.34018 > 10.1.1.1.www: S, cksum 0x0dcf (correct), 2844323318:2844323318(0) win 5840 <mss 1460,sackOK,timestamp 61612 0,nop,wscale 5>',
      '21:48:15.984275 IP (tos 0x10, ttl  64, id 2548, offset 0, flags [DF], proto 6, length: 60) 10.0.0.30.38207 > 10.0.0.18.22: S [tcp sum ok] 3526920906:3526920906(0) win 5840 <mss 1460,sackOK,timestamp 2324857662 0,nop,wscale 2>',
      '10:50:22.811731 00:08:c7:69:29:ae > 00:12:3f:85:17:52, ethertype IPv4 (0x0800), length 55: IP posio.6665 > espoo.syslog: UDP, length: 13',
    ]);
    expect(t.warnings).toEqual([]);
    expect([t.seq[0], t.dport[0], t.wscale[0], t.win[0]]).toEqual([2844323318, 80, 5, 5840]);
    expect([t.seq[1], t.wscale[1]]).toEqual([3526920906, 2]);
    expect([t.proto[2], t.dport[2], t.len[2], t.wireLen[2]]).toEqual([Proto.Udp, 514, 13, 55]);
  });

  it('3.x -ttt: microseconds since the previous packet, with whole seconds as `S. `', () => {
    const t = read([
      '000000 IP 10.0.0.1.1 > 10.0.0.2.2: S 1:1(0) win 10',
      '025681 IP 10.0.0.1.1 > 10.0.0.2.2: S 1:1(0) win 10',
      '1. 032218 IP 10.0.0.1.1 > 10.0.0.2.2: S 1:1(0) win 10',
    ]);
    expect(t.warnings).toEqual([]);
    expect(t.secs[2] + t.nanos[2] * 1e-9).toBeCloseTo(1.057899, 6);
  });
});
