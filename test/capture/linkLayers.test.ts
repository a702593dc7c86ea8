// Each link layer, tunnel and IP variant the readers decode, on frames built byte by byte: the
// row must name the same flow (addresses, ports, sequence number) whatever wraps the TCP segment.
import { describe, expect, it } from 'vitest';
import { readCaptureBytes } from '../../src/core/capture';
import { PROTO_NAMES, sackOf, TcpOpt, type PacketTable } from '../../src/core/capture/packetTable';
import { ByteWriter, pcapFile, PcapngWriter } from './support/synthCapture';

const be = (): ByteWriter => new ByteWriter(false);
const SRC4 = [192, 0, 2, 1];
const DST4 = [198, 51, 100, 7];
const SRC6 = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const DST6 = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];

function tcp(options: number[] = [], payload = 5): Uint8Array {
  const opts = [...options];
  while (opts.length % 4) opts.push(1);
  const w = be().u16(51000).u16(443).u32(0xdeadbeef).u32(0x01020304).u16(((5 + opts.length / 4) << 12) | 0x018).u16(1234).u16(0).u16(0);
  return w.raw(opts).raw(new Uint8Array(payload)).done();
}

function udp(payload: Uint8Array, sport = 5353, dport = 53): Uint8Array {
  return be().u16(sport).u16(dport).u16(8 + payload.length).u16(0).raw(payload).done();
}

function ipv4(protocol: number, payload: Uint8Array, fragment = 0, src = SRC4, dst = DST4): Uint8Array {
  return be().u8(0x45).u8(0).u16(20 + payload.length).u16(7).u16(fragment).u8(64).u8(protocol).u16(0).raw(src).raw(dst).raw(payload).done();
}

function ipv6(next: number, payload: Uint8Array): Uint8Array {
  return be().u32(0x60000000).u16(payload.length).u8(next).u8(64).raw(SRC6).raw(DST6).raw(payload).done();
}

function ethernet(type: number, payload: Uint8Array, tags: number[] = []): Uint8Array {
  const w = be().raw([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  for (const tag of tags) w.u16(tag).u16(100);
  return w.u16(type).raw(payload).done();
}

function read(linkType: number, frames: Uint8Array[]): PacketTable {
  return readCaptureBytes(pcapFile(true, false, frames.map((frame, k) => ({ secs: k, frac: 0, frame })), linkType), 'synth.pcap');
}

/** proto, src, sport, dst, dport, seq of row i. */
function flowOf(t: PacketTable, i: number): (string | number)[] {
  return [PROTO_NAMES[t.proto[i]], t.addrs[t.src[i]], t.sport[i], t.addrs[t.dst[i]], t.dport[i], t.seq[i]];
}

const TCP4 = ['tcp', '192.0.2.1', 51000, '198.51.100.7', 443, 0xdeadbeef];
const TCP6 = ['tcp', '2001:db8::1', 51000, '2001:db8::2', 443, 0xdeadbeef];

describe('link layers', () => {
  it('Ethernet, 802.1Q and QinQ tags, PPPoE and MPLS', () => {
    const t = read(1, [
      ethernet(0x0800, ipv4(6, tcp())),
      ethernet(0x0800, ipv4(6, tcp()), [0x8100]),
      ethernet(0x0800, ipv4(6, tcp()), [0x88a8, 0x8100]),
      ethernet(0x8864, be().u8(0x11).u8(0).u16(1).u16(0).u16(0x0021).raw(ipv4(6, tcp())).done()),
      ethernet(0x8847, be().u32(0x00010100).raw(ipv4(6, tcp())).done()),
      ethernet(0x86dd, ipv6(6, tcp())),
    ]);
    for (let i = 0; i < 5; i++) expect(flowOf(t, i), `row ${i}`).toEqual(TCP4);
    expect(flowOf(t, 5)).toEqual(TCP6);
    expect(t.len[0]).toBe(5);
    expect(t.warnings).toEqual([]);
  });

  it('Linux cooked SLL and SLL2', () => {
    const sll = be().u16(0).u16(1).u16(6).raw([1, 2, 3, 4, 5, 6, 0, 0]).u16(0x0800).raw(ipv4(6, tcp())).done();
    const sll2 = be().u16(0x86dd).u16(0).u32(2).u16(1).u8(0).u8(6).raw([1, 2, 3, 4, 5, 6, 0, 0]).raw(ipv6(6, tcp())).done();
    expect(flowOf(read(113, [sll]), 0)).toEqual(TCP4);
    expect(flowOf(read(276, [sll2]), 0)).toEqual(TCP6);
  });

  it('raw IP under every number it has had, and the IPv4/IPv6-only link types', () => {
    for (const linkType of [101, 12, 14]) {
      const t = read(linkType, [ipv4(6, tcp()), ipv6(6, tcp())]);
      expect([flowOf(t, 0), flowOf(t, 1)], `link type ${linkType}`).toEqual([TCP4, TCP6]);
    }
    expect(flowOf(read(228, [ipv4(6, tcp())]), 0)).toEqual(TCP4);
    expect(flowOf(read(229, [ipv6(6, tcp())]), 0)).toEqual(TCP6);
  });

  it('BSD loopback in either byte order with every AF_INET6 value, and OpenBSD loop in network order', () => {
    const nullLe = (family: number, p: Uint8Array): Uint8Array => new ByteWriter(true).u32(family).raw(p).done();
    const nullBe = (family: number, p: Uint8Array): Uint8Array => be().u32(family).raw(p).done();
    const t = read(0, [nullLe(2, ipv4(6, tcp())), nullBe(2, ipv4(6, tcp())), ...[10, 24, 28, 30].map((f) => nullLe(f, ipv6(6, tcp())))]);
    expect(Array.from({ length: t.count }, (_, i) => flowOf(t, i))).toEqual([TCP4, TCP4, TCP6, TCP6, TCP6, TCP6]);
    const loop = read(108, [nullBe(2, ipv4(6, tcp())), nullBe(24, ipv6(6, tcp()))]);
    expect([flowOf(loop, 0), flowOf(loop, 1)]).toEqual([TCP4, TCP6]);
  });

  it('PPP with and without the HDLC address and control bytes', () => {
    const t = read(9, [be().u8(0xff).u8(0x03).u16(0x0021).raw(ipv4(6, tcp())).done(), be().u16(0x0057).raw(ipv6(6, tcp())).done()]);
    expect([flowOf(t, 0), flowOf(t, 1)]).toEqual([TCP4, TCP6]);
  });

  it('warns once per interface about a link type it does not decode, keeping the rows', () => {
    const frame = ipv4(6, tcp());
    const bytes = new PcapngWriter().section(true).interface({ linkType: 147 }).interface({ linkType: 148 })
      .enhanced(0, 1n, frame).enhanced(0, 2n, frame).enhanced(1, 3n, frame).done();
    const t = readCaptureBytes(bytes, 'user.pcapng');
    expect(Array.from(t.proto)).toEqual([0, 0, 0]);
    expect(t.warnings.map((w) => w.message)).toEqual([
      "unsupported link type 147 on interface 0: its packets are kept as 'other'",
      "unsupported link type 148 on interface 1: its packets are kept as 'other'",
    ]);
  });
});

describe('tunnels: the row describes the inner packet', () => {
  const inner = ipv4(6, tcp(), 0, [10, 1, 1, 1], [10, 2, 2, 2]);
  const INNER = ['tcp', '10.1.1.1', 51000, '10.2.2.2', 443, 0xdeadbeef];

  it('GRE (with key and sequence), VXLAN, Geneve, IP-in-IP', () => {
    const gre = be().u16(0x3000).u16(0x0800).u32(42).u32(7).raw(inner).done();
    const vxlan = udp(be().u32(0x08000000).u32(0x00123400).raw(ethernet(0x0800, inner)).done(), 40000, 4789);
    const geneve = udp(be().u8(1).u8(0).u16(0x6558).u32(0x00123400).raw([1, 2, 3, 4]).raw(ethernet(0x0800, inner)).done(), 40000, 6081);
    const t = read(1, [ethernet(0x0800, ipv4(47, gre)), ethernet(0x0800, ipv4(17, vxlan)), ethernet(0x0800, ipv4(17, geneve)), ethernet(0x0800, ipv4(4, inner))]);
    for (let i = 0; i < 4; i++) expect(flowOf(t, i), `row ${i}`).toEqual(INNER);
  });

  it('keeps the outer UDP datagram when the inner frame is not IP', () => {
    const vxlanArp = udp(be().u32(0x08000000).u32(0).raw(ethernet(0x88cc, new Uint8Array(20))).done(), 40000, 4789);
    const t = read(1, [ethernet(0x0800, ipv4(17, vxlanArp))]);
    expect(flowOf(t, 0)).toEqual(['udp', '192.0.2.1', 40000, '198.51.100.7', 4789, 0]);
  });
});

describe('IP details', () => {
  it('decodes the first IPv4 fragment and flags the others, kept as ipv4', () => {
    const t = read(101, [ipv4(6, tcp(), 0x2000), ipv4(6, new Uint8Array(16), 0x0003)]);
    expect(flowOf(t, 0)).toEqual(TCP4);
    expect(PROTO_NAMES[t.proto[1]]).toBe('ipv4');
    expect(t.opts[1] & TcpOpt.Fragment).toBe(TcpOpt.Fragment);
    expect([t.opts[0] & TcpOpt.Fragment, t.sport[1]]).toEqual([0, 0]);
  });

  it('walks IPv6 extension headers, and flags a later fragment', () => {
    const hopByHop = be().u8(60).u8(0).raw([1, 4, 0, 0, 0, 0]).done();
    const destOpts = be().u8(44).u8(0).raw([1, 4, 0, 0, 0, 0]).done();
    const firstFragment = be().u8(6).u8(0).u16(0x0001).u32(99).done();
    const laterFragment = be().u8(6).u8(0).u16(0x0100).u32(99).done();
    const t = read(101, [
      ipv6(0, be().raw(hopByHop).raw(destOpts).raw(firstFragment).raw(tcp()).done()),
      ipv6(44, be().raw(laterFragment).raw(new Uint8Array(24)).done()),
    ]);
    expect(flowOf(t, 0)).toEqual(TCP6);
    expect(t.len[0]).toBe(5);
    expect([PROTO_NAMES[t.proto[1]], t.opts[1] & TcpOpt.Fragment]).toEqual(['ipv6', TcpOpt.Fragment]);
  });

  it('names the quoted flow of ICMP and ICMPv6 errors', () => {
    const quotedTcp = ipv4(6, tcp([], 0)).subarray(0, 28);
    const icmp = be().u8(3).u8(3).u16(0).u32(0).raw(quotedTcp).done();
    const quotedUdp = ipv6(17, udp(new Uint8Array(4))).subarray(0, 48);
    const icmp6 = be().u8(1).u8(4).u16(0).u32(0).raw(quotedUdp).done();
    const echo = be().u8(8).u8(0).u16(0).u32(0).raw(new Uint8Array(28)).done();
    const t = read(101, [ipv4(1, icmp, 0, [203, 0, 113, 9], SRC4), ipv6(58, icmp6), ipv4(1, echo)]);
    expect(flowOf(t, 0)).toEqual(['icmp', '192.0.2.1', 51000, '198.51.100.7', 443, 0xdeadbeef]);
    expect(flowOf(t, 1)).toEqual(['icmp', '2001:db8::1', 5353, '2001:db8::2', 53, 0]);
    expect(flowOf(t, 2)).toEqual(['ipv4', '192.0.2.1', 0, '198.51.100.7', 0, 0]);
  });

  it('gives ARP rows the sender and target addresses', () => {
    const arp = be().u16(1).u16(0x0800).u8(6).u8(4).u16(1).raw([1, 2, 3, 4, 5, 6]).raw(SRC4).raw([0, 0, 0, 0, 0, 0]).raw(DST4).done();
    const t = read(1, [ethernet(0x0806, arp)]);
    expect(flowOf(t, 0)).toEqual(['arp', '192.0.2.1', 0, '198.51.100.7', 0, 0]);
  });
});

describe('TCP options', () => {
  it('reads MSS, window scale, SACK-permitted, SACK edges, timestamps, Fast Open and MPTCP', () => {
    const syn = tcp([2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 9, 0, 0, 0, 0, 1, 3, 3, 7, 34, 2]);
    const sack = tcp([1, 1, 5, 18, ...[0, 0, 0, 100, 0, 0, 0, 200, 0xff, 0xff, 0xff, 0xf0, 0, 0, 0, 16]]);
    const tfoExperimental = tcp([254, 4, 0xf9, 0x89, 30, 4, 0, 0]);
    const t = read(101, [ipv4(6, syn), ipv4(6, sack), ipv4(6, tfoExperimental)]);
    expect([t.mss[0], t.wscale[0], t.tsval[0], t.tsecr[0]]).toEqual([1460, 7, 9, 0]);
    expect(t.opts[0]).toBe(TcpOpt.Mss | TcpOpt.WindowScale | TcpOpt.SackPermitted | TcpOpt.Timestamps | TcpOpt.FastOpen);
    expect(sackOf(t, 1)).toEqual([100, 200, 0xfffffff0, 16]);
    expect(t.opts[1]).toBe(TcpOpt.Sack);
    expect(t.opts[2]).toBe(TcpOpt.FastOpen | TcpOpt.Mptcp);
    expect([t.wscale[1], t.mss[1]]).toEqual([255, 0]);
    expect(t.warnings).toEqual([]);
  });

  it('stops at a malformed option length with a warning naming its offset', () => {
    const t = read(101, [ipv4(6, tcp([2, 1, 0, 0]))]);
    expect(flowOf(t, 0)).toEqual(TCP4);
    expect(t.warnings).toEqual([{ message: 'malformed TCP option 2 with length 1', offset: 24 + 16 + 20 + 20, frame: 1 }]);
  });
});
