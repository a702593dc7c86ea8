// One line of tcpdump output → at most one packet row. Knows the shape of a packet line
//   [num  ][timestamp ][if dir ][link header: ][IP|IP6|ARP ][(ip -v summary) ]src > dst: body
// and hands each part to the file that reads it. A -v IPv4 packet spans two lines; its first
// line is held until the indented second one arrives.
import { NO_ADDR, Proto, type PacketTableBuilder } from '../packetTable';
import { AddressInterner } from './addressInterner';
import { ARP_TAG, ArpLine, OLD_ARP_TAG } from './arpLine';
import { EndpointReader, PortRule } from './endpoints';
import { isFramingLine } from './framingLines';
import { IP6_TAG, IP_TAG, VerboseHeader, skipDamageNotice, skipVerboseHeader } from './ipHeader';
import { CH_COLON, CH_GT, CH_LPAREN, CH_LT, CH_RPAREN, CH_SPACE, CH_TAB, LineScan, ascii, isDigit } from './lineScan';
import { LinkHeader, NetKind, atLinkHeader, skipInterfacePrefix } from './linkHeader';
import { PacketClock } from './packetClock';
import { SequenceRebuilder } from './sequenceRebuilder';
import { TcpFields } from './tcpFields';
import { FLAGS_OPEN, readNewStyleTcp } from './tcpNewStyle';
import { readOldStyleTcp } from './tcpOldStyle';
import { Stamp, StampKind, readStamp } from './timestamps';
import { readUdpLength, isPortedNonUdp } from './udpBody';

export const enum LineOutcome {
  /** A packet row was written (possibly the held -v packet, completed by this line). */
  Row = 0,
  /** The first line of a -v packet: held until its second line. */
  Held = 1,
  /** Blank, framing or continuation line. */
  Skipped = 2,
  /** Not a packet line; `problem` says why. */
  Unreadable = 3,
}

const ARROW = ascii(' > ');
const COLON_SPACE = ascii(': ');
const SPACED_IP = ascii(' IP ');
const SPACED_IP6 = ascii(' IP6 ');
const Q_TCP = ascii('tcp ');
const HBH = ascii('HBH ');
const DSTOPT = ascii('DSTOPT ');
const CUT_TCP = ascii('[|tcp]');
const INVALID_HEADER = ascii('[Invalid header');

export class PacketLineReader {
  private readonly s = new LineScan();
  private readonly stamp = new Stamp();
  private readonly held = new Stamp();
  private readonly clock: PacketClock;
  private readonly addrs: AddressInterner;
  private readonly endpoints: EndpointReader;
  private readonly link = new LinkHeader();
  private readonly arp = new ArpLine();
  private readonly tcp = new TcpFields();
  private readonly seqs = new SequenceRebuilder();

  private holding = false;
  /** Ipv4 or Ipv6: what the held -v line's tag said. */
  private heldProto = Proto.Ipv4;
  private heldWireLen = 0;

  // The packet being read.
  private proto = Proto.Other;
  private src = NO_ADDR;
  private dst = NO_ADDR;
  private sport = 0;
  private dport = 0;
  private len = 0;
  private wireLen = 0;
  private isTcp = false;
  private unknownService = false;
  private warnedUnanchored = false;

  /** A packet line has been read: printable non-packet lines after it are -A payload. */
  private afterPacket = false;
  private lineStart = 0;
  /** The line being read is the input's unterminated last line. */
  private lastLine = false;

  /** Why the last Unreadable line could not be read. */
  problem = '';

  constructor(private readonly builder: PacketTableBuilder) {
    this.clock = new PacketClock(builder);
    this.addrs = new AddressInterner(builder);
    this.endpoints = new EndpointReader(this.addrs);
  }

  /** Reads buf[start, end), one line without its line end; `line` is its 1-based number. */
  read(buf: Uint8Array, start: number, end: number, line: number, last = false): LineOutcome {
    this.lastLine = last;
    const s = this.s;
    while (end > start && (buf[end - 1] === 0x0d || buf[end - 1] === CH_SPACE)) end--;
    s.reset(buf, start, end);
    this.lineStart = start;
    if (start === end) return LineOutcome.Skipped;
    const c0 = buf[start];
    if (c0 === CH_TAB) return this.continuation(line);
    if (c0 === CH_SPACE && !this.startsLikePacket()) return this.continuation(line);
    if (isFramingLine(s)) {
      this.flush();
      return LineOutcome.Skipped;
    }
    this.flush();
    if (s.matchesAt(start, INVALID_HEADER)) return this.invalidRecord(line);
    return this.packet(line);
  }

  /**
   * The most rows the next line can write: a packet line after a held -v line writes both the
   * held packet and its own.
   */
  get rowsNextLineMayTake(): number {
    return this.holding ? 2 : 1;
  }

  /** The input ended: a held -v packet is written as it stands. */
  finish(): void {
    this.flush();
  }

  /**
   * `[Invalid header: len==0]`: libpcap handed tcpdump a record whose header is damaged. It is
   * still a frame of the capture, so it keeps its row (and the frame numbers after it stay right).
   */
  private invalidRecord(line: number): LineOutcome {
    this.resetPacket();
    this.stamp.kind = StampKind.Unconvertible;
    this.stamp.digits = 0;
    this.commit(this.stamp, line);
    this.builder.warn({ message: 'tcpdump reported an invalid record header here', line, frame: this.builder.count });
    return LineOutcome.Row;
  }

  /** A leading space starts a packet only for ` HH:MM:SS` (-ttt/-ttttt) or `   12  ` (-#). */
  private startsLikePacket(): boolean {
    const s = this.s;
    const b = s.buf;
    let p = s.pos;
    while (p < s.end && b[p] === CH_SPACE) p++;
    if (!isDigit(b[p])) return false;
    // ` 00:00:00.000000` (one or two hour digits, then a colon)
    if (p === s.pos + 1) return b[p + 1] === CH_COLON || b[p + 2] === CH_COLON;
    while (p < s.end && isDigit(b[p])) p++;
    return b[p] === CH_SPACE && b[p + 1] === CH_SPACE;
  }

  private resetPacket(): void {
    this.proto = Proto.Other;
    this.src = NO_ADDR;
    this.dst = NO_ADDR;
    this.sport = 0;
    this.dport = 0;
    this.len = 0;
    this.wireLen = 0;
    this.isTcp = false;
    this.unknownService = false;
  }

  private packet(line: number): LineOutcome {
    const s = this.s;
    // -#: `    1  ` before the timestamp.
    if (s.peek() === CH_SPACE || isDigit(s.peek())) {
      const save = s.pos;
      s.skipSpaces();
      if (s.uint() && s.eat(CH_SPACE) && s.eat(CH_SPACE)) {
        // Number consumed; a -ttt timestamp keeps its own leading space.
      } else {
        s.pos = save;
      }
    }
    readStamp(s, this.stamp);
    const stamped = this.stamp.kind !== StampKind.None;
    if (stamped) s.skipSpaces();
    this.resetPacket();
    const outcome = this.body(stamped);
    if (outcome === LineOutcome.Held) {
      this.holding = true;
      this.heldProto = this.proto === Proto.Ipv6 ? Proto.Ipv6 : Proto.Ipv4;
      this.heldWireLen = this.wireLen;
      copyStamp(this.stamp, this.held);
      return outcome;
    }
    if (outcome === LineOutcome.Unreadable) {
      if (!stamped) {
        // -A prints the payload as text lines after the packet line (non-printables as `.`):
        // printable text after a packet, that is no packet line itself, is such a payload.
        // A cut-off last line is not taken for payload: it is more likely a damaged packet line.
        if (this.afterPacket && !this.lastLine && printable(s.buf, this.lineStart, s.end)) return LineOutcome.Skipped;
        this.problem = 'not a tcpdump packet line';
        return outcome;
      }
      // A timestamped line of a protocol we do not read: the packet still counts.
      this.resetPacket();
    }
    this.commit(this.stamp, line);
    return LineOutcome.Row;
  }

  private continuation(line: number): LineOutcome {
    if (!this.holding) return LineOutcome.Skipped;
    this.holding = false;
    const s = this.s;
    while (s.peek() === CH_SPACE || s.peek() === CH_TAB) s.pos++;
    this.resetPacket();
    this.proto = this.heldProto;
    this.wireLen = this.heldWireLen;
    if (this.transport(true) === LineOutcome.Unreadable) {
      this.resetPacket();
      this.proto = this.heldProto;
    }
    this.commit(this.held, line);
    return LineOutcome.Row;
  }

  /** A held -v first line whose second line never came: an IP packet without addresses. */
  private flush(): void {
    if (!this.holding) return;
    this.holding = false;
    this.resetPacket();
    this.proto = this.heldProto;
    this.wireLen = this.heldWireLen;
    this.commit(this.held, 0);
  }

  private body(stamped: boolean): LineOutcome {
    const s = this.s;
    let kind = NetKind.Unknown;
    // The common case first: the IP tag right after the timestamp.
    if (s.eatWord(IP_TAG)) kind = NetKind.Ipv4;
    else if (s.eatWord(IP6_TAG)) kind = NetKind.Ipv6;
    else {
      skipInterfacePrefix(s);
      if (atLinkHeader(s)) {
        if (!this.link.read(s)) return LineOutcome.Unreadable;
        kind = this.link.kind;
        this.wireLen = this.link.wireLen;
        if (kind === NetKind.Other) return LineOutcome.Unreadable;
      }
      if (s.eatWord(IP6_TAG)) kind = NetKind.Ipv6;
      else if (s.eatWord(IP_TAG)) {
        if (kind === NetKind.Unknown) kind = NetKind.Ipv4;
      } else if (s.eatWord(ARP_TAG) || s.eatWord(OLD_ARP_TAG)) kind = NetKind.Arp;
      else if (kind === NetKind.Unknown) {
        // tcpdump before 3.8 printed no tag at all.
        const start = s.pos;
        if (this.tagless() === LineOutcome.Row) return LineOutcome.Row;
        if (!stamped) return LineOutcome.Unreadable;
        s.pos = start;
        this.resetPacket();
        // Encapsulations printed before the tag (MPLS, PPP, PKTAP …): read from the IP tag on.
        const v6 = s.find(SPACED_IP6);
        const v4 = s.find(SPACED_IP);
        if (v4 >= 0 && (v6 < 0 || v4 < v6)) {
          s.pos = v4 + SPACED_IP.length;
          kind = NetKind.Ipv4;
        } else if (v6 >= 0) {
          s.pos = v6 + SPACED_IP6.length;
          kind = NetKind.Ipv6;
        } else {
          return LineOutcome.Unreadable;
        }
      }
    }
    if (kind === NetKind.Arp) {
      this.proto = Proto.Arp;
      this.arp.read(s);
      const a = this.arp;
      if (a.senderStart >= 0 && a.senderEnd > a.senderStart) this.src = this.addrs.intern(s.buf, a.senderStart, a.senderEnd);
      if (a.targetStart >= 0 && a.targetEnd > a.targetStart) this.dst = this.addrs.intern(s.buf, a.targetStart, a.targetEnd);
      return LineOutcome.Row;
    }
    this.proto = kind === NetKind.Ipv6 ? Proto.Ipv6 : Proto.Ipv4;
    skipDamageNotice(s);
    const verbose = skipVerboseHeader(s);
    if (verbose === VerboseHeader.LineEnds) return LineOutcome.Held;
    if (verbose === VerboseHeader.Broken) return LineOutcome.Row;
    return this.transport(stamped);
  }

  /**
   * BSD tcpdump before 3.8 printed no IP tag: accept the line only if it is TCP or UDP. Red Hat's
   * 3.4 ("ANK") build put the interface and direction first: `eth0 > a.1 > b.2: …`, `eth0 < …`.
   */
  private tagless(): LineOutcome {
    const s = this.s;
    const space = s.findByte(CH_SPACE);
    if (space > s.pos && (s.buf[space + 1] === CH_GT || s.buf[space + 1] === CH_LT) && s.buf[space + 2] === CH_SPACE) {
      const colon = s.find(COLON_SPACE, space + 3);
      const second = s.find(ARROW, space + 3);
      if (second >= 0 && (colon < 0 || second < colon)) s.pos = space + 3;
    }
    // An untagged source is one token: text before it (`PPPoE [ses 0x1] IP …`) is an encapsulation.
    const arrow = s.find(ARROW);
    if (arrow < 0 || s.findByte(CH_SPACE, s.pos, arrow) >= 0) return LineOutcome.Unreadable;
    this.proto = Proto.Ipv4;
    return this.transport(false, true);
  }

  /**
   * `src > dst: body` at the cursor. `trusted`: the line is known to be a packet (a timestamp or a held -v line), so a line
   * without addresses still makes a row. `onlyTransport`: accept only TCP or `UDP, length`
   * bodies, and intern nothing otherwise (lines without an IP tag).
   */
  private transport(trusted: boolean, onlyTransport = false): LineOutcome {
    const s = this.s;
    const arrow = s.find(ARROW);
    if (arrow < 0) return trusted ? LineOutcome.Row : LineOutcome.Unreadable;
    let colon = s.find(COLON_SPACE, arrow + ARROW.length);
    if (colon < 0) colon = s.end;
    const srcStart = s.pos;
    const dstStart = arrow + ARROW.length;
    s.pos = Math.min(colon + 2, s.end);
    // IPv6 extension headers: the ports then follow on their own (`HBH 41851 > 43913: `).
    let portsAt = -1;
    if (s.eatWord(HBH) || s.eatWord(DSTOPT)) {
      // `HBH (jumbo: 80040)  41851 > 43913: ` with -v.
      if (s.eat(CH_LPAREN)) s.skipBalanced(CH_LPAREN, CH_RPAREN);
      s.skipSpaces();
      portsAt = s.pos;
      const inner = s.find(COLON_SPACE);
      if (inner >= 0) s.pos = inner + 2;
    }
    // A header cut by the snapshot length: ` [|tcp]` after the ports.
    s.skipSpaces();
    const bodyAt = s.pos;
    const tcp = this.tcp;
    tcp.clear();
    let rule = PortRule.IfPresent;
    let cutTcp = false;
    if (s.matchesAt(s.pos, FLAGS_OPEN)) {
      if (!readNewStyleTcp(s, tcp)) return LineOutcome.Unreadable;
      this.isTcp = true;
    } else if (s.eatWord(Q_TCP) && s.uint()) {
      // -q: `tcp 0`, the payload length only.
      tcp.len = s.num;
      this.isTcp = true;
      this.proto = Proto.Tcp;
      rule = PortRule.Required;
    } else if (mayStartOldTcp(s.peek()) && readOldStyleTcp(s, tcp)) {
      this.isTcp = true;
    } else if (s.matchesAt(s.pos, CUT_TCP)) {
      // Cut before or inside the ports: they are printed only when the snapshot held them.
      this.isTcp = true;
      cutTcp = true;
    } else {
      s.pos = bodyAt;
      const udpLen = readUdpLength(s);
      if (udpLen >= 0) {
        this.len = udpLen;
        this.proto = Proto.Udp;
        rule = PortRule.Required;
      }
    }
    if (this.isTcp) {
      this.proto = Proto.Tcp;
      rule = cutTcp ? PortRule.IfPresent : PortRule.Required;
    } else if (onlyTransport && this.proto !== Proto.Udp) {
      return LineOutcome.Unreadable;
    }
    if (portsAt >= 0) {
      this.src = this.addrs.intern(s.buf, srcStart, arrow);
      this.dst = this.addrs.intern(s.buf, dstStart, colon);
      this.readBarePorts(portsAt);
    } else {
      this.readEndpoints(srcStart, arrow, dstStart, colon, rule);
    }
    if (!this.isTcp && this.proto !== Proto.Udp && this.sport !== 0 && this.dport !== 0) {
      // An application decoder's output with ports (DNS, NTP, …) is UDP unless it names another transport.
      s.pos = Math.min(colon + 2, s.end);
      if (!isPortedNonUdp(s)) {
        this.proto = Proto.Udp;
        this.len = Math.max(0, readUdpLength(s, true));
      }
    }
    return LineOutcome.Row;
  }

  private readEndpoints(srcStart: number, srcEnd: number, dstStart: number, dstEnd: number, rule: PortRule): void {
    const ep = this.endpoints;
    const buf = this.s.buf;
    if (!ep.read(buf, srcStart, srcEnd, rule)) {
      this.unknownService = true;
      ep.read(buf, srcStart, srcEnd, PortRule.IfPresent);
    }
    this.src = ep.host;
    this.sport = ep.port < 0 ? 0 : ep.port;
    if (!ep.read(buf, dstStart, dstEnd, rule)) {
      this.unknownService = true;
      ep.read(buf, dstStart, dstEnd, PortRule.IfPresent);
    }
    this.dst = ep.host;
    this.dport = ep.port < 0 ? 0 : ep.port;
  }

  private readBarePorts(at: number): void {
    const s = this.s;
    const save = s.pos;
    s.pos = at;
    if (s.uint() && s.num <= 0xffff) {
      this.sport = s.num;
      if (s.eatWord(ARROW) && s.uint() && s.num <= 0xffff) this.dport = s.num;
    }
    s.pos = save;
  }

  private commit(stamp: Stamp, line: number): void {
    const b = this.builder;
    const i = b.row();
    const c = b.cols;
    this.afterPacket = true;
    this.clock.place(i, stamp);
    c.proto[i] = this.proto;
    c.src[i] = this.src;
    c.dst[i] = this.dst;
    c.sport[i] = this.sport;
    c.dport[i] = this.dport;
    c.wireLen[i] = this.wireLen;
    c.len[i] = this.len;
    if (this.unknownService && line > 0) {
      b.warn({ message: 'unknown service name in a port: port read as 0', line, frame: i + 1 });
    }
    if (this.proto !== Proto.Tcp) return;
    const t = this.tcp;
    this.seqs.rebuild(this.src, this.sport, this.dst, this.dport, t);
    if (this.seqs.unanchored && !this.warnedUnanchored) {
      this.warnedUnanchored = true;
      b.warn({
        message:
          'relative sequence numbers whose base tcpdump never printed (the first segment of a direction had no seq): absolute values are unknown',
        line,
        frame: i + 1,
      });
    }
    c.tcpFlags[i] = t.flags;
    c.seq[i] = t.seq;
    c.ack[i] = t.hasAck ? t.ack : 0;
    c.win[i] = t.win;
    c.len[i] = t.len;
    c.opts[i] = t.opts;
    c.mss[i] = t.mss;
    c.wscale[i] = t.wscale;
    c.tsval[i] = t.tsval;
    c.tsecr[i] = t.tsecr;
    if (t.sackCount > 0) b.addSack(i, t.sack.subarray(0, 2 * t.sackCount));
  }
}

/** Printable ASCII and tabs only (what -A leaves of a payload). */
function printable(buf: Uint8Array, start: number, end: number): boolean {
  for (let p = start; p < end; p++) {
    const c = buf[p];
    if ((c < 0x20 && c !== CH_TAB) || c > 0x7e) return false;
  }
  return true;
}

/** Old-style TCP bodies start with `.` or one of the flag letters E F P R S W. */
function mayStartOldTcp(c: number): boolean {
  return c === 0x2e || (c >= 0x45 && c <= 0x57);
}

function copyStamp(from: Stamp, to: Stamp): void {
  to.kind = from.kind;
  to.secs = from.secs;
  to.nanos = from.nanos;
  to.digits = from.digits;
}
